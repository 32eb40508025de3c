/**
 * How a guard reads on a chart: its name, `!name` for `not(...)`, `a && b` / `a || b` for `and` / `or`.
 * Inline guard functions show their function name, or `guard` when anonymous.
 */
export function guardLabel(guard: unknown): string | null {
  if (guard === undefined || guard === null) return null;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    const inner = (guard as { guards?: unknown }).guards;
    if (Array.isArray(inner)) {
      const parts = inner.map((item) => guardLabel(item) ?? 'guard');
      if (guard.name === 'not') return `!${parts[0] ?? 'guard'}`;
      if (guard.name === 'and' || guard.name === 'or') return parts.join(guard.name === 'and' ? ' && ' : ' || ');
    }
    return guard.name === '' ? 'guard' : guard.name;
  }
  if (typeof guard === 'object') {
    const type = (guard as { type?: unknown }).type;
    if (typeof type === 'string') return type;
  }
  return 'guard';
}

const AFTER = /^xstate\.after\.([^.]+)\./;
const DONE_ACTOR = 'xstate.done.actor.';
const ERROR_ACTOR = 'xstate.error.actor.';

/**
 * How an event type reads on a chart: `always` for eventless transitions, `after <delay>` for timers
 * (`after 500 ms` for a number), `done: <invoke id>` / `error: <invoke id>` for invoked actors settling.
 */
export function eventLabel(event: string): string {
  if (event === '') return 'always';
  const after = AFTER.exec(event);
  if (after?.[1] !== undefined) return /^\d+$/.test(after[1]) ? `after ${after[1]} ms` : `after ${after[1]}`;
  if (event.startsWith(DONE_ACTOR)) return `done: ${event.slice(DONE_ACTOR.length)}`;
  if (event.startsWith(ERROR_ACTOR)) return `error: ${event.slice(ERROR_ACTOR.length)}`;
  if (event.startsWith('xstate.done.state.')) return 'done';
  return event;
}
