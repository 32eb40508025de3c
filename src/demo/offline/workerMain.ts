// A worker node of the offline scenario, in a process of its own so the scenario can kill it with SIGKILL.
// Usage: node [--import tsx] workerMain.(ts|js) '<WorkerChildSettings as JSON>'. Prints one JSON line per event
// (see workerProtocol.ts); SIGTERM stops it gracefully (its held result delivered first, while the server answers).
import { ConnectionManager } from '../../manager/ConnectionManager.js';
import { TaskExecutionService } from '../../tasks/TaskExecutionService.js';
import { demoHandlers } from '../handlers.js';
import { DEMO_NODE_SETTINGS } from '../nodeSettings.js';
import { openOfflineWriter } from './offlineWriter.js';
import type { WorkerChildSettings, WorkerLine } from './workerProtocol.js';

const print = (line: WorkerLine): void => {
  process.stdout.write(`${JSON.stringify(line)}\n`);
};

const settings = JSON.parse(process.argv[2] ?? '{}') as WorkerChildSettings;
const nodeId = settings.nodeId;
const manager = new ConnectionManager({
  baseUrl: settings.serverUrl, connection: DEMO_NODE_SETTINGS.connection, apiSettings: DEMO_NODE_SETTINGS.apiSettings,
});
const writer = await openOfflineWriter(settings.outboxFile, manager);
const service = new TaskExecutionService(manager.client, { id: nodeId, name: nodeId }, {
  pollIntervalMs: settings.pollIntervalMs,
  heartbeatIntervalMs: settings.heartbeatIntervalMs,
  deliveryBackoff: DEMO_NODE_SETTINGS.service.deliveryBackoff,
  link: manager,
  outbox: writer,
  handlers: demoHandlers(),
});
service.on('taskClaimed', ({ taskId, adopted }) => print({ event: 'claimed', nodeId, taskId, adopted }));
service.on('taskCompleted', ({ taskId }) => print({ event: 'delivered', nodeId, taskId, status: 'Completed' }));
service.on('taskFailed', ({ taskId }) => print({ event: 'delivered', nodeId, taskId, status: 'Failed' }));
service.on('taskHandedBack', ({ taskId }) => print({ event: 'delivered', nodeId, taskId, status: 'Pending' }));
service.on('linkDown', () => print({ event: 'linkDown', nodeId }));
service.on('linkUp', () => print({ event: 'linkUp', nodeId }));
const holding = (change: string): void => {
  const entries = writer.list();
  const results = entries.filter((entry) => entry.operation === 'updateTaskStatus').length;
  print({ event: 'outbox', nodeId, change, pending: entries.length, results });
};
writer.on('queued', ({ entry }) => holding(`queued ${entry.operation} #${entry.id}`));
writer.on('delivered', ({ entry, kind }) => holding(`delivered ${entry.operation} #${entry.id} (${kind})`));
writer.on('deadLettered', ({ deadLetter }) => holding(`dead-lettered ${deadLetter.entry.operation} #${deadLetter.entry.id} (${deadLetter.reason})`));
holding('opened');
service.start();
print({ event: 'ready', nodeId, pid: process.pid });

process.once('SIGTERM', () => {
  void (async () => {
    await service.stop();
    // The server answers by now (the scenario stops workers last): what is still queued (a coalesced heartbeat)
    // goes out before the file is closed, so the audit finds the file empty.
    await writer.drained();
    await service.dispose();
    await writer.close();
    await manager.dispose();
    print({ event: 'stopped', nodeId });
    process.exit(0);
  })();
});
