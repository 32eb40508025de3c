import TransportStream from 'winston-transport';

/** A record as a transport receives it: string fields plus winston's symbol-keyed bookkeeping. */
export type CapturedRecord = Record<string | symbol, unknown>;

/** A winston transport that keeps every record it receives, so tests read output without spying on the console. */
export class ArrayTransport extends TransportStream {
  readonly records: CapturedRecord[] = [];

  override log(info: CapturedRecord, next: () => void): void {
    this.records.push(info);
    next();
  }

  /** The final text each record was formatted to (winston's `Symbol.for('message')`). */
  lines(): string[] {
    return this.records.map((record) => String(record[Symbol.for('message')]));
  }
}
