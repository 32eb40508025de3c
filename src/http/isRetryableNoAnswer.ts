/**
 * Codes after which another attempt cannot help: the TLS verification failures Node reports (a certificate the
 * client refuses stays refused) and an allocation failure. The same list as `is-retry-allowed`, which axios-retry
 * used; kept here so the client install does not carry two packages for one set. ENOTFOUND and ENETUNREACH, which
 * that list also holds, are decided before this (`TRANSIENT_ROUTING_CODES`).
 */
const PERMANENT_CODES: ReadonlySet<string> = new Set([
  'ENOTFOUND', 'ENETUNREACH',
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_CRL', 'UNABLE_TO_DECRYPT_CERT_SIGNATURE', 'UNABLE_TO_DECRYPT_CRL_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY', 'CERT_SIGNATURE_FAILURE', 'CRL_SIGNATURE_FAILURE', 'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED', 'CRL_NOT_YET_VALID', 'CRL_HAS_EXPIRED', 'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD', 'ERROR_IN_CRL_LAST_UPDATE_FIELD', 'ERROR_IN_CRL_NEXT_UPDATE_FIELD', 'OUT_OF_MEM',
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_CHAIN_TOO_LONG', 'CERT_REVOKED', 'INVALID_CA', 'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE', 'CERT_UNTRUSTED', 'CERT_REJECTED', 'HOSTNAME_MISMATCH',
]);

/** Codes of a call that was stopped on purpose (a cancel, axios' own timeout), decided elsewhere. */
const STOPPED_CODES: ReadonlySet<string> = new Set(['ERR_CANCELED', 'ECONNABORTED']);

/**
 * Whether a failure without an HTTP answer is worth another attempt: it has an error code (refused, reset, a
 * hang-up), was not stopped on purpose and is not a refused certificate. axios-retry's `isNetworkError`, whose
 * rule this keeps.
 */
export function isRetryableNoAnswer(error: { readonly code?: unknown; readonly response?: unknown }): boolean {
  if (error.response !== undefined && error.response !== null) return false;
  const { code } = error;
  if (typeof code !== 'string' || code === '') return false;
  return !STOPPED_CODES.has(code) && !PERMANENT_CODES.has(code);
}
