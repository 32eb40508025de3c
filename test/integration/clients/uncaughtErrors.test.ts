import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * An uncaught client error, as Node itself prints it: a real child process (node with the tsx loader) calls
 * `getTasks()` with `Authorization` and `X-Api-Key` headers and leaves the rejection unhandled. Node's fatal
 * report uses util.inspect with custom inspection off, so this proves what the error's own shape prints: its
 * stack, its enumerable fields and its cause chain.
 */

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/crashOnRejection.ts', import.meta.url));
const SECRETS = ['s3cr3t-token', 'k3y-v4lue'];
/**
 * About twenty lines: Node adds seven of its own (the source line of the throw with its caret, blank lines, its
 * version), the error's stack frames depend on the path the call took (retried or not), and the rest is the
 * error's fields and one line for its cause. The raw axios error printed 330.
 */
const MAX_LINES = 24;

interface Crash {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the fixture against `baseUrl` with `client` and resolves when the process has exited. */
function crash(client: string, baseUrl: string): Promise<Crash> {
  const env: NodeJS.ProcessEnv = { ...process.env, CRASH_CLIENT: client, CRASH_BASE_URL: baseUrl, NO_COLOR: '1' };
  // Colour codes would split the texts looked for; a test runner may have forced them on.
  delete env.FORCE_COLOR;
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], { cwd: repoRoot, env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

let closedUrl: string;
let resetting: net.Server;
let resetUrl: string;
let echoing: http.Server;
let echoUrl: string;

async function listen(server: net.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  // A port that was just free: connecting to it is refused.
  const probe = net.createServer();
  closedUrl = await listen(probe);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  // Accepts, then resets: the client sees ECONNRESET (or a hang-up) with no answer.
  resetting = net.createServer((socket) => socket.resetAndDestroy());
  resetUrl = await listen(resetting);
  // Answers 500 with a body repeating the request's headers, as debug pages and careless gateways do.
  echoing = http.createServer((request, response) => {
    response.writeHead(500, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ error: 'Unhandled exception', headers: request.headers }));
  });
  echoUrl = await listen(echoing);
});

afterAll(async () => {
  await Promise.all([
    new Promise<void>((resolve) => resetting.close(() => resolve())),
    new Promise<void>((resolve) => {
      echoing.closeAllConnections();
      echoing.close(() => resolve());
    }),
  ]);
});

const clients = ['enhanced', 'standard', 'manager'] as const;

describe.each(clients)('an unhandled getTasks() rejection of the %s client', (client) => {
  it.each([
    ['a closed port', () => closedUrl, /ECONNREFUSED/],
    ['a server that resets the connection', () => resetUrl, /ECONNRESET|socket hang up/],
  ] as const)('against %s: no secret, a short report naming the operation, the URL and the code', async (_server, url, code) => {
    const { code: exitCode, stdout, stderr } = await crash(client, url());

    expect(stdout).toBe('');
    expect(exitCode).toBe(1);
    for (const secret of SECRETS) expect(stderr).not.toContain(secret);
    expect(stderr).toContain('NetworkError: getTasks: network error');
    expect(stderr).toContain(`url: '${url()}/api/tasks'`);
    expect(stderr).toMatch(code);
    expect(stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(MAX_LINES);
  });

  it('against a server answering 500 with the headers echoed: no secret, the operation and the status', async () => {
    const { code: exitCode, stdout, stderr } = await crash(client, echoUrl);

    expect(stdout).toBe('');
    expect(exitCode).toBe(1);
    for (const secret of SECRETS) expect(stderr).not.toContain(secret);
    // The echo did reach the report, redacted: the scan above is worth something.
    expect(stderr).toContain('HttpStatusError: getTasks: HTTP 500:');
    expect(stderr).toContain('"authorization":"Bearer [REDACTED]"');
    expect(stderr).toContain('"x-api-key":"[REDACTED]"');
    // An error made from an answer (not from an axios error) does not know its URL: see docs/RELIABILITY.md.
    expect(stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(MAX_LINES);
  });
});
