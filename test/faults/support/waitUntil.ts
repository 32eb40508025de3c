import { setTimeout as delay } from 'node:timers/promises';

/**
 * Resolves once `condition` holds, checking every `intervalMs`; rejects after `deadlineMs` naming `what` (and
 * `explain()` when given). The deadline only turns a hang into a readable failure: nothing waits for time to pass.
 */
export async function waitUntil(
  what: string, condition: () => boolean, deadlineMs: number, explain?: () => string, intervalMs = 20,
): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}${explain === undefined ? '' : `: ${explain()}`}`);
    await delay(intervalMs);
  }
}
