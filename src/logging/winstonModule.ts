import { createRequire } from 'node:module';
import type Winston from 'winston';
import type TransportStream from 'winston-transport';

// winston loads some forty modules (its formats, colors, exception handlers): required when the first logger or
// format is made, not when the library is imported, so a host that passes its own logger, or none, never pays.
const require = createRequire(import.meta.url);
let winston: typeof Winston | undefined;
let transportStream: typeof TransportStream | undefined;

/** winston, loaded on first use. */
export function winstonModule(): typeof Winston {
  winston ??= require('winston') as typeof Winston;
  return winston;
}

/** winston-transport's base class, loaded on first use. */
export function transportStreamClass(): typeof TransportStream {
  transportStream ??= require('winston-transport') as typeof TransportStream;
  return transportStream;
}
