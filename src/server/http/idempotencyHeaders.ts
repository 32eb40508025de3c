// Apart from the handlers, so the server's public declarations name no fastify type (fastify is an optional peer).

/** The header a client sends so that repeating a POST or PUT cannot apply it twice. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** The header on an answer that is a replay of the first answer to its key. */
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';
