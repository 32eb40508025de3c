/**
 * The capability a server lists in its health answer (`"capabilities": ["idempotency-key"]`) when it honours
 * `Idempotency-Key` on POST and PUT: a repeat with the same key replays the first answer. The .NET server lists
 * none, and ignores the header.
 */
export const IDEMPOTENCY_KEY_CAPABILITY = 'idempotency-key';
