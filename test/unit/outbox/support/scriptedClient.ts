import type { ApiClient } from '../../../../src/api/ApiClient.js';

/** One call the scripted client received, and how the test settles it. */
export interface ScriptedCall {
  readonly method: string;
  readonly args: readonly unknown[];
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

type Answer = { value: unknown } | { error: unknown } | undefined;

/**
 * An ApiClient whose calls wait until the test settles them (or answer at once through `answer`), recording each
 * call in order: lets a test see exactly what is in flight at once, with no timing involved.
 */
export class ScriptedClient {
  readonly calls: ScriptedCall[] = [];
  readonly pending: ScriptedCall[] = [];
  private waiters: (() => void)[] = [];
  /** Answers a call at once when it returns something other than undefined. */
  answer: (method: string, args: readonly unknown[]) => Answer = () => undefined;

  readonly client: ApiClient = new Proxy({} as ApiClient, {
    get: (_target, property) => {
      if (property === 'then' || typeof property === 'symbol') return undefined;
      return (...args: unknown[]) => new Promise((resolve, reject) => {
        const fail = (error: unknown) => reject(error instanceof Error ? error : new Error(String(error)));
        const call: ScriptedCall = { method: property, args, resolve, reject: fail };
        this.calls.push(call);
        const answered = this.answer(property, args);
        if (answered === undefined) {
          this.pending.push(call);
          for (const wake of this.waiters.splice(0)) wake();
        } else if ('value' in answered) {
          resolve(answered.value);
        } else {
          fail(answered.error);
        }
      });
    },
  });

  /** Resolves once `count` calls wait to be settled, and takes them. */
  async waitPending(count: number): Promise<ScriptedCall[]> {
    while (this.pending.length < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.pending.splice(0, count);
  }
}
