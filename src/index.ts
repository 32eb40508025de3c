/**
 * vcdevtool-connection: the library a VCDevTool host embeds (clients, configuration, logging, errors, the task
 * service). The pure machines are at `vcdevtool-connection/machines`; the reference server, which needs the
 * optional better-sqlite3, at `vcdevtool-connection/server`, so embedding the client never loads a database driver.
 */
export * from './errors/index.js';
export * from './config/index.js';
export * from './logging/index.js';
export * from './clients/index.js';
export * from './tasks/index.js';
export * from './manager/index.js';
export * from './state/index.js';
export * from './outbox/index.js';
export * from './metrics/index.js';
export * from './endpoints/index.js';
