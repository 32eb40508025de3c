// Moved to src/errors (the outbox needs it too); kept here so the server's imports and exports stay as they were.
export { SqliteDriverMissingError, isSqliteDriverMissingError } from '../../errors/SqliteDriverMissingError.js';
