// Runs the reference server in a child process so a test can kill it with SIGKILL, as a crash would.
// Usage: node --import tsx serverLauncher.ts <db file> [port]. Prints "listening on <url>" once it listens.
import { startServer } from '../../../../src/server/index.js';

const [db, portText] = process.argv.slice(2);
if (db === undefined) {
  process.stderr.write('usage: serverLauncher.ts <db file> [port]\n');
  process.exit(2);
}
const server = await startServer({ db, port: portText === undefined ? 0 : Number(portText) });
process.stdout.write(`listening on ${server.url}\n`);
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
