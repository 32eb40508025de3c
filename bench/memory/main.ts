/**
 * Child-process entry of the memory section: `node --expose-gc --import tsx bench/memory/main.ts <baseUrl> <n>`.
 * Creates n ConnectionManagers (every tenth makes one call, so some hold a socket and a parsed answer), measures
 * the heap they hold after full collections, disposes them and measures what is left. Prints one JSON line.
 */
import { ConnectionManager } from '../../src/manager/ConnectionManager.js';

const CALL_BATCH = 100;
const collect = globalThis.gc;
if (collect === undefined) throw new Error('run with node --expose-gc');
const [baseUrl, countText] = process.argv.slice(2);
const count = Number(countText);
if (baseUrl === undefined || !(count > 0)) throw new Error('usage: main.ts <baseUrl> <count>');

function heapUsed(): number {
  collect?.();
  collect?.();
  return process.memoryUsage().heapUsed;
}

// Warm up the code paths once, so compiled code and lazy module state are not charged to the managers.
// Health checks once a day: ten thousand managers created in one loop would otherwise all probe the one server
// in the same instant a minute later, and that storm (not the managers' size) is what a call would then measure.
const options = { baseUrl, apiSettings: { healthCheckIntervalMinutes: 1440 } };
const warm = new ConnectionManager(options);
await warm.client.getTasks();
await warm.dispose();

const before = heapUsed();
const startedAt = performance.now();
const managers: ConnectionManager[] = [];
for (let i = 0; i < count; i += 1) {
  managers.push(new ConnectionManager(options));
  // Let the event loop turn now and then, as a real process would between creations.
  if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
}
const createMs = performance.now() - startedAt;
// Calls only once all exist: a call started during a long synchronous creation loop would see its timeout
// expire before its socket had a chance. A hundred at a time, as a fleet's callers would.
const callers = managers.filter((_, i) => i % 10 === 0);
let callErrors = 0;
for (let i = 0; i < callers.length; i += CALL_BATCH) {
  const outcomes = await Promise.allSettled(callers.slice(i, i + CALL_BATCH).map((manager) => manager.client.getTasks()));
  callErrors += outcomes.filter((outcome) => outcome.status === 'rejected').length;
}
callers.length = 0;
const held = heapUsed();
await Promise.all(managers.map((manager) => manager.dispose()));
managers.length = 0;
const after = heapUsed();
process.stdout.write(`${JSON.stringify({
  managers: count,
  heapPerManagerKB: Math.round(((held - before) / count / 1024) * 10) / 10,
  residualAfterDisposeKB: Math.round((after - before) / 1024),
  createMs: Math.round(createMs),
  callErrors,
  rssMB: Math.round(process.memoryUsage().rss / 1024 / 1024),
})}\n`);
