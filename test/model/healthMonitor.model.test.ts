import { assign } from 'xstate';
import { healthMonitorMachine } from '../../machines/healthMonitor.machine.js';
import type { Mutant } from './harness/describeModel.js';
import { describeModel } from './harness/describeModel.js';
import { healthMonitorModel } from './models/healthMonitor.model.js';

const mutants: Mutant[] = [
  ['a degraded link probed at the normal interval', healthMonitorMachine.provide({ delays: { probeInterval: ({ context }) => Math.max(0, context.waitStartedAt + context.intervalMs - context.now) } })],
  ['a probe never bounded by HealthCheckTimeoutSeconds', healthMonitorMachine.provide({ delays: { healthTimeout: ({ context }) => context.timeoutMs * 1000 } })],
  ['LINK.HEALTHY that does not slow the monitor down', healthMonitorMachine.provide({ actions: { markHealthy: assign({ degraded: true }) } })],
];

describeModel('health monitor: model-based', healthMonitorModel, mutants);
