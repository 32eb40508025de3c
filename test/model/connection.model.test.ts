import { assign } from 'xstate';
import { connectionMachine } from '../../machines/connection.machine.js';
import type { Mutant } from './harness/describeModel.js';
import { describeModel } from './harness/describeModel.js';
import { connectionModel } from './models/connection.model.js';

const mutants: Mutant[] = [
  ['a recovery started while a manual switch prepares a client', connectionMachine.provide({ guards: { canStartRecovery: ({ context }) => context.settings.enableAutoRecovery } })],
  ['a manual switch allowed during a recovery', connectionMachine.provide({ guards: { isRecovering: () => false } })],
  ['an offline retry delay that never grows', connectionMachine.provide({ actions: { growRecoveryDelay: assign(({ context }) => ({ now: context.offlineSince + context.recoveryDelayMs })) } })],
  ['a link called healthy while the breaker is open', connectionMachine.provide({ guards: { isBreakerOpen: () => false } })],
  ['a failed switch that keeps no error', connectionMachine.provide({ actions: { noteError: assign({}) } })],
  ['a resumed connection that forgets the link it had', connectionMachine.provide({ guards: { wasSavedLink: () => false } })],
  ['a resumed offline link that never retries recovery', connectionMachine.provide({ actions: { finishResume: assign({ resumeLink: null, recoveryDelayMs: 86_400_000 }) } })],
  ['a network change that never reaches the health monitor', connectionMachine.provide({ actions: { forwardCheckNow: () => undefined } })],
];

describeModel('connection: model-based', connectionModel, mutants);
