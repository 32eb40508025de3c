import { isDeepStrictEqual } from 'node:util';
import type { AnyMachineSnapshot, AnyStateMachine, EventObject, InspectionEvent, StateValue } from 'xstate';
import { createActor, fromPromise, initialTransition, SimulatedClock, transition } from 'xstate';
import type { Coverage } from './coverage.js';
import type { MachineModel, ModelPath } from './model.js';

interface Deferred {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** Lets settled promises deliver their done/error events; no clock moves. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

function describeDiff(what: string, expected: unknown, actual: unknown): string {
  return `${what} differs: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

function compare(model: MachineModel, expected: AnyMachineSnapshot, actual: AnyMachineSnapshot): string | null {
  if (!isDeepStrictEqual(expected.value, actual.value)) return describeDiff('state', expected.value, actual.value);
  if (expected.status !== actual.status) return describeDiff('status', expected.status, actual.status);
  if (!isDeepStrictEqual(expected.output, actual.output)) return describeDiff('output', expected.output, actual.output);
  const e = model.project(expected);
  const a = model.project(actual);
  if (!isDeepStrictEqual(e, a)) return describeDiff('context', e, a);
  return model.check?.(expected, actual) ?? null;
}

interface ActionLike {
  readonly type: string;
  readonly params: unknown;
}

type TimerChange = { readonly id: string; readonly delay: number } | { readonly cancel: string };

/** A delayed raise (how `after` arms its timer) or a cancel (how leaving the state disarms it). */
function timerChange(action: ActionLike): TimerChange | null {
  const params = action.params;
  if (typeof params !== 'object' || params === null) return null;
  if (action.type === 'xstate.raise' && 'delay' in params && typeof params.delay === 'number' && 'id' in params && typeof params.id === 'string') {
    return { id: params.id, delay: params.delay };
  }
  if (action.type === 'xstate.cancel' && 'sendId' in params && typeof params.sendId === 'string') return { cancel: params.sendId };
  return null;
}

/**
 * What a step visibly does besides changing state: the custom actions it runs (src's hooks, with their params),
 * the events it emits and the events it sends to other actors. Compared between reference and machine under test.
 */
function observable(action: ActionLike): string | null {
  if (action.type === 'xstate.emit') {
    const params = action.params;
    return `emit ${JSON.stringify(typeof params === 'object' && params !== null && 'event' in params ? params.event : params)}`;
  }
  if (action.type === 'xstate.sendTo') {
    const params = action.params;
    if (typeof params !== 'object' || params === null || !('event' in params)) return null;
    const target = 'targetId' in params && typeof params.targetId === 'string' ? params.targetId : 'an actor';
    return `send to ${target} ${JSON.stringify(params.event)}`;
  }
  if (action.type.startsWith('xstate.')) return null;
  return `${action.type} ${JSON.stringify(action.params) ?? ''}`;
}

class Timers {
  private readonly fireAt = new Map<string, number>();
  apply(action: ActionLike, now: number): void {
    const change = timerChange(action);
    if (change && 'cancel' in change) this.fireAt.delete(change.cancel);
    else if (change) this.fireAt.set(change.id, now + change.delay);
  }
  take(id: string): number | undefined {
    const at = this.fireAt.get(id);
    this.fireAt.delete(id);
    return at;
  }
  describe(): string {
    return JSON.stringify([...this.fireAt].sort(([a], [b]) => a.localeCompare(b)));
  }
}

/**
 * Replays one path against `machineUnderTest` running for real on XState's `SimulatedClock`: plain events are
 * sent, `xstate.after.*` steps advance the clock to exactly when that timer was armed to fire, and
 * `xstate.done.actor.*` / `xstate.error.actor.*` steps settle the running promise actor with the step's output
 * or error. After each step the actor must agree with the reference machine's pure `transition` of the same
 * events on: state value, status, output, context (as the model projects it), the custom actions run and the
 * events emitted, and the timers armed with their due times. Coverage is taken from the transitions the
 * runtime reports in its microsteps.
 * @returns null when every step matched, else where and how it went wrong.
 */
export async function replay(model: MachineModel, machineUnderTest: AnyStateMachine, path: ModelPath, coverage?: Coverage): Promise<string | null> {
  const clock = new SimulatedClock();
  const actualTimers = new Timers();
  const expectedTimers = new Timers();
  let actualEffects: string[] = [];
  const running = new Map<string, Deferred[]>();
  const actors = Object.fromEntries(
    model.promiseActors.map((src) => [
      src,
      fromPromise<unknown, unknown>(
        () => new Promise((resolve, reject) => {
          const list = running.get(src) ?? [];
          list.push({ resolve, reject });
          running.set(src, list);
        }),
      ),
    ]),
  );
  const prepared = model.prepare ? model.prepare(machineUnderTest) : machineUnderTest;
  const rootId = machineUnderTest.root.id;
  const actor = createActor(prepared.provide({ actors }), {
    clock,
    input: path.input(),
    inspect: (event: InspectionEvent) => {
      if (event.actorRef.sessionId !== event.rootId) return;
      if (event.type === '@xstate.microstep') {
        coverage?.visitTransitions(event._transitions);
        coverage?.visitValue(rootId, (event.snapshot as AnyMachineSnapshot).value as StateValue);
      }
      if (event.type === '@xstate.action') {
        actualTimers.apply(event.action, clock.now());
        const effect = observable(event.action);
        if (effect !== null) actualEffects.push(effect);
      }
    },
  });
  const [initial, initialActions] = initialTransition(model.machine, path.input());
  let expected: AnyMachineSnapshot = initial;
  let expectedEffects = expect(initialActions);
  actor.start();
  try {
    coverage?.visitValue(rootId, actor.getSnapshot().value as StateValue);
    const initialMismatch = check();
    if (initialMismatch) return `initial state: ${initialMismatch}`;
    for (const [index, event] of path.events.entries()) {
      actualEffects = [];
      const where = `step ${index + 1} (${event.type})`;
      const problem = await apply(event);
      if (problem) return `${where}: ${problem}`;
      const [next, actions] = transition(model.machine, expected, event);
      expected = next;
      expectedEffects = expect(actions);
      const mismatch = check();
      if (mismatch) return `${where}: ${mismatch}`;
    }
    return null;
  } finally {
    actor.stop();
  }

  function expect(actions: readonly ActionLike[]): string[] {
    for (const action of actions) expectedTimers.apply(action, clock.now());
    return actions.map(observable).filter((effect): effect is string => effect !== null);
  }

  function check(): string | null {
    const actual = actor.getSnapshot();
    const mismatch = compare(model, expected, actual);
    if (mismatch) return mismatch;
    if (!isDeepStrictEqual(expectedEffects, actualEffects)) return describeDiff('actions and emitted events', expectedEffects, actualEffects);
    const [e, a] = [expectedTimers.describe(), actualTimers.describe()];
    return e === a ? null : `armed timers differ: expected ${e}, got ${a}`;
  }

  async function apply(event: EventObject): Promise<string | null> {
    if (event.type.startsWith('xstate.after.')) {
      const due = expectedTimers.take(event.type);
      const armed = actualTimers.take(event.type);
      if (due === undefined) return 'the reference has no such timer armed';
      if (armed !== due) return `its timer fires at ${armed ?? 'never'}, expected at ${due}`;
      clock.set(due);
      return null;
    }
    const settled = /^xstate\.(done|error)\.actor\.(.+)$/.exec(event.type);
    if (settled) {
      const deferred = running.get(settled[2] ?? '')?.pop();
      if (!deferred) return 'no such actor is running';
      if (settled[1] === 'done') deferred.resolve('output' in event ? event.output : undefined);
      else deferred.reject('error' in event ? event.error : undefined);
      await flush();
      return null;
    }
    actor.send(event);
    return null;
  }
}

/** The outcome of replaying every path of a model against one machine. */
export interface SuiteResult {
  readonly paths: number;
  readonly steps: number;
  readonly failures: readonly string[];
}

/** Replays every path; collects each failing path's variant, events and mismatch. */
export async function runSuite(
  model: MachineModel,
  machineUnderTest: AnyStateMachine,
  paths: readonly ModelPath[],
  options: { coverage?: Coverage; stopAtFirstFailure?: boolean } = {},
): Promise<SuiteResult> {
  const failures: string[] = [];
  let steps = 0;
  for (const path of paths) {
    steps += path.events.length;
    const problem = await replay(model, machineUnderTest, path, options.coverage);
    if (problem) failures.push(`[${path.variant}] ${path.events.map((e) => e.type).join(' > ') || '(initial)'}: ${problem}`);
    if (problem && options.stopAtFirstFailure) break;
  }
  return { paths: paths.length, steps, failures };
}
