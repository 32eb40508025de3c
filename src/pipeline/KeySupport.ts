import { IDEMPOTENCY_KEY_CAPABILITY } from '../api/capabilities.js';
import type { IdempotencyKeySupport } from '../config/types.js';

/**
 * Whether one client's server (its base URL) honours `Idempotency-Key`, so that a non-idempotent call carrying one
 * may be repeated after a lost answer. `always` and `never` are the setting's word; `auto` believes the server's
 * latest health answer, and before any answer takes the key as ignored: the .NET server ignores it, and sending a
 * create twice to it makes two tasks.
 */
export class KeySupport {
  private advertised = false;

  constructor(private readonly mode: IdempotencyKeySupport) {}

  /** True when a repeat with the same key cannot be applied twice. */
  get honoured(): boolean {
    return this.mode === 'always' || (this.mode === 'auto' && this.advertised);
  }

  /**
   * The capabilities of a health answer the server gave. Each answer replaces what the last one said: a server
   * replaced behind the same address (a .NET one after the reference one) stops being trusted at its first answer.
   */
  learn(capabilities: readonly string[]): void {
    this.advertised = capabilities.includes(IDEMPOTENCY_KEY_CAPABILITY);
  }
}
