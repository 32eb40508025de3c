import { assign, emit } from 'xstate';
import { isTripped } from '../../machines/breaker/tripRule.js';
import { recordCall, windowTotals } from '../../machines/breaker/window.js';
import { circuitBreakerMachine } from '../../machines/circuitBreaker.machine.js';
import type { Mutant } from './harness/describeModel.js';
import { describeModel } from './harness/describeModel.js';
import { circuitBreakerModel } from './models/circuitBreaker.model.js';

const mutants: Mutant[] = [
  [
    'the failure threshold off by one',
    circuitBreakerMachine.provide({
      guards: {
        isThresholdReached: ({ context, event }) => {
          if (event.type !== 'CALL.FAILED' || !event.failure.transient) return false;
          const at = Math.max(event.at, context.lastEventAt);
          const settings = { ...context.settings, failureThreshold: context.settings.failureThreshold + 1 };
          return isTripped(windowTotals(recordCall(context.window, at, true), at), settings);
        },
      },
    }),
  ],
  ['a half-open state that admits an extra probe', circuitBreakerMachine.provide({ guards: { canProbe: ({ context }) => context.probesInFlight <= context.settings.halfOpenProbes } })],
  ['a failed half-open probe that closes the circuit instead of reopening it', circuitBreakerMachine.provide({ guards: { isTransient: () => false } })],
  ['a resumed open breaker whose break is over that does not go half-open', circuitBreakerMachine.provide({ guards: { wasSavedBroken: ({ context }) => context.resumeTo === 'halfOpen' } })],
  ['a break timer that ignores openedAt on restore', circuitBreakerMachine.provide({ delays: { remainingBreak: ({ context }) => context.breakMs } })],
  ['a breaker.opened event without its break length', circuitBreakerMachine.provide({ actions: { notifyOpened: emit(({ context }) => ({ type: 'breaker.opened' as const, at: context.lastEventAt, breakMs: 0, failure: context.lastFailure })) } })],
  [
    'a release that closes the circuit while another isolation is still held',
    circuitBreakerMachine.provide({ guards: { isLastIsolation: ({ context, event }) => event.type === 'RELEASE' && context.isolations.some((i) => i.id === event.id) } }),
  ],
  ['a reset that ends every isolation (anyone\'s reset undoing anyone\'s isolation)', circuitBreakerMachine.provide({ actions: { forgetCounts: assign({ isolations: [] }) } })],
  ['an isolation id held twice (dispose twice would not be a no-op)', circuitBreakerMachine.provide({ guards: { isNewIsolation: ({ event }) => event.type === 'ISOLATE' } })],
];

describeModel('circuit breaker: model-based', circuitBreakerModel, mutants);
