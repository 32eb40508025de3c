/**
 * How better-sqlite3 is imported, as public signatures may name it: the module's shape is left unknown here so
 * that no public declaration of the main entry refers to better-sqlite3's own types (a host without the optional
 * package must still type-check). `loadSqliteDriver` checks what it gets.
 */
export type SqliteModuleImporter = () => Promise<{ readonly default: unknown }>;
