import type { CallObservation } from './types.js';

/** `promise`, reporting how it settles to `observation`: the one place a client ends an observed call. */
export function settleObservation<T>(promise: Promise<T>, observation: CallObservation): Promise<T> {
  return promise.then(
    (value) => {
      observation.succeeded();
      return value;
    },
    (error: unknown) => {
      observation.failed(error);
      throw error;
    },
  );
}
