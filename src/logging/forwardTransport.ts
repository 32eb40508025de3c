import type winston from 'winston';
import TransportStream from 'winston-transport';

type TransformableInfo = winston.Logform.TransformableInfo;

/**
 * Hands each (already redacted) record to the host's own winston logger, which formats and writes it with its
 * own transports. The host's logger is only called, never reconfigured.
 */
export class ForwardTransport extends TransportStream {
  constructor(private readonly host: winston.Logger) {
    super();
  }

  override log(info: TransformableInfo, next: () => void): void {
    // Only the string keys: the symbols hold our own formatting, which the host's formats must not inherit.
    const record: Record<string, unknown> = Object.fromEntries(Object.entries(info));
    this.host.log({ ...record, level: info.level, message: String(info.message) });
    next();
  }
}
