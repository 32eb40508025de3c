// A host that queues writes and reports each one once `enqueue` resolved: the parent kills it with SIGKILL and
// checks that every reported entry is in the file. Arguments: the outbox file, how many entries.
import { openOutbox } from '../../../../src/outbox/openOutbox.js';

const [file = '', countText = '0'] = process.argv.slice(2);
const outbox = await openOutbox(file);
for (let i = 0; i < Number(countText); i += 1) {
  const entry = await outbox.enqueue({ operation: 'updateTaskStatus', args: [1 + (i % 5), 'Running', { resultMessage: `step ${i}` }] });
  process.stdout.write(`enqueued ${entry.id} ${entry.idempotencyKey}\n`);
}
process.stdout.write('done\n');
// Never closes: it waits to be killed with the outbox open, as a crashed host would leave it.
setInterval(() => undefined, 60_000);
