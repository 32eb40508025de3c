import type winston from 'winston';
import type TransportStream from 'winston-transport';
import { transportStreamClass } from './winstonModule.js';

type TransformableInfo = winston.Logform.TransformableInfo;
type ForwardTransportClass = new (host: winston.Logger) => TransportStream;

let forwardTransportClass: ForwardTransportClass | undefined;

// The class extends winston-transport's, which is loaded on first use: so the class is made then too.
function defineForwardTransport(): ForwardTransportClass {
  /**
   * Hands each (already redacted) record to the host's own winston logger, which formats and writes it with its
   * own transports. The host's logger is only called, never reconfigured.
   */
  return class ForwardTransport extends transportStreamClass() {
    constructor(private readonly host: winston.Logger) {
      super();
    }

    override log(info: TransformableInfo, next: () => void): void {
      // Only the string keys: the symbols hold our own formatting, which the host's formats must not inherit.
      const record: Record<string, unknown> = Object.fromEntries(Object.entries(info));
      this.host.log({ ...record, level: info.level, message: String(info.message) });
      next();
    }
  };
}

/** A transport that hands each record to the host's winston logger `host`. */
export function forwardTransport(host: winston.Logger): TransportStream {
  forwardTransportClass ??= defineForwardTransport();
  return new forwardTransportClass(host);
}
