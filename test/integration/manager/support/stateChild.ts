// Usage: node --import tsx stateChild.ts <state file> <base URL nobody answers>
// Opens the Enhanced client's breaker (connection refused), waits until the state file says so, prints "saved",
// then keeps saving the state as fast as it can, so a SIGKILL very likely lands in the middle of a write.
import { ConnectionManager } from '../../../../src/manager/ConnectionManager.js';

const [stateFile, baseUrl] = process.argv.slice(2);
if (stateFile === undefined || baseUrl === undefined) throw new Error('usage: stateChild.ts <state file> <base URL>');

const manager = new ConnectionManager({
  baseUrl, stateFile, networkWatch: false,
  connection: { maxRetryAttempts: 0, circuitBreakerBreakDurationSeconds: 600, circuitBreakerMaxBreakDurationSeconds: 600 },
  apiSettings: { enableAutoRecovery: false },
});
for (let i = 0; i < 5; i++) await manager.client.getTasks().catch(() => undefined);
await manager.flushState();
process.stdout.write('saved\n');
for (;;) await manager.saveState();
