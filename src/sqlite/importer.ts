/**
 * How the SQLite driver is imported; tests pass one that fails. Its module typed `unknown` here, so the public
 * declarations that take one (`openOutbox`'s options) name no better-sqlite3 type: a host without the driver's
 * types still type-checks.
 */
export type SqliteImporter = () => Promise<{ default: unknown }>;
