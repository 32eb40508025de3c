import type { AxiosError } from 'axios';

/**
 * Whether `value` is an error axios made (an AxiosError or its CanceledError), told by the `isAxiosError` flag axios
 * sets on each, as axios' own `isAxiosError` does. A structural check rather than `instanceof AxiosError`, so that
 * classifying a failure needs no axios at run time (it is loaded with the first request: `loadAxios`).
 */
export function isAxiosError(value: unknown): value is AxiosError {
  return typeof value === 'object' && value !== null && (value as { isAxiosError?: unknown }).isAxiosError === true;
}

/** axios' code for a cancelled request (`AxiosError.ERR_CANCELED`), without loading axios. */
export const AXIOS_ERR_CANCELED: typeof AxiosError.ERR_CANCELED = 'ERR_CANCELED';

/** axios' code for a request it timed out or aborted (`AxiosError.ECONNABORTED`), without loading axios. */
export const AXIOS_ECONNABORTED: typeof AxiosError.ECONNABORTED = 'ECONNABORTED';
