/**
 * The benchmark's server, run as a child process (`node --import tsx bench/server/apiServer.ts <port>`): a
 * keep-alive node:http server answering the routes the benchmark calls (see routes.ts) with prebuilt valid JSON,
 * so the client side is what is measured. It tells its parent `{ port }` over IPC once listening; SIGKILL takes it down
 * (the recovery benchmark does that on purpose), a restart on the same port brings it back.
 */
import http from 'node:http';
import { answerFor } from './routes.js';

const server = http.createServer((request, response) => {
  const body = request.method === 'GET' ? answerFor(request.url ?? '') : undefined;
  // Drain whatever the client sent, so the socket stays reusable.
  request.resume();
  if (body === undefined) {
    response.writeHead(404, { 'Content-Type': 'application/json', 'Content-Length': 2 });
    response.end('{}');
    return;
  }
  response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length });
  response.end(body);
});
// Longer than any pause of the benchmark: a server closing an idle socket just as a client reuses it would
// turn into a reset the client is not to blame for.
server.keepAliveTimeout = 120_000;
server.headersTimeout = 121_000;

const port = Number(process.argv[2] ?? '0');
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  const listening = typeof address === 'object' && address !== null ? address.port : port;
  process.send?.({ port: listening });
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
