import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import axios, { AxiosError } from 'axios';
import type { AxiosInstance } from 'axios';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BrokenCircuitError, ClientDisposedError, HttpStatusError, InvalidArgumentError, InvalidResponseError, NetworkError,
  OperationTimeoutError, PoolTimeoutError, RequestAbortedError, RetryBudgetExceededError, parseConnectionOptions,
} from '../../../src/index.js';
import type { VcconnError } from '../../../src/index.js';
import { ClientTestFailedError } from '../../../src/manager/ClientTestFailedError.js';
import { rememberSecretHeaders } from '../../../src/util/redact/secretValues.js';
import { expectNoSecrets, findSecrets } from '../../helpers/expectNoSecrets.js';
import { startLoopbackServer } from '../../helpers/loopbackServer.js';
import type { LoopbackServer } from '../../helpers/loopbackServer.js';

const TOKEN = 's3cr3t-token';
const API_KEY = 'k3y-v4lue';
/** Headers whose names say nothing of a secret: only their values, learnt from the request, can be redacted. */
const CUSTOM = 'cust0m-v4lue';
const SUBSCRIPTION = 'apim-subkey-9';
const PROXY_PASSWORD = 'pr0xy-pa55';
const URL_PASSWORD = 'ur1-pa55';
const AUTH_PASSWORD = 'au7h-pa55';
const base64 = (text: string) => Buffer.from(text).toString('base64');

const SECRETS = [
  `Bearer ${TOKEN}`, TOKEN, API_KEY, CUSTOM, SUBSCRIPTION, PROXY_PASSWORD, base64(`proxyuser:${PROXY_PASSWORD}`),
  URL_PASSWORD, base64(`svc:${URL_PASSWORD}`), AUTH_PASSWORD, base64(`deploy:${AUTH_PASSWORD}`),
];

const HEADERS = {
  Authorization: `Bearer ${TOKEN}`,
  'X-Api-Key': API_KEY,
  'X-Custom-Auth': CUSTOM,
  'Ocp-Apim-Subscription-Key': SUBSCRIPTION,
  // Too short to hunt in free text (it would hit port numbers); a copied config still hides it.
  'X-Pin': '987',
};

/** Rejections of real requests: each carries its config, the live ClientRequest (raw header text) and more. */
const real: { refused?: AxiosError; viaProxy?: AxiosError; urlPassword?: AxiosError; basicAuth?: AxiosError; status500?: AxiosError } = {};
let echo: LoopbackServer;
let closedPort: number;

async function rejection(request: Promise<unknown>): Promise<AxiosError> {
  const error = await request.then(() => undefined, (reason: unknown) => reason);
  if (!(error instanceof AxiosError)) throw new Error(`expected an AxiosError, got ${String(error)}`);
  return error;
}

// Collected before the tests are, since it.each lists the errors built from them.
await (async () => {
  // A port that was just free: connecting to it is refused at once.
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  // A server that answers 500 with the request's headers, and sets them back as cookies.
  echo = await startLoopbackServer((request, response) => {
    response.writeHead(500, { 'Content-Type': 'application/json', 'Set-Cookie': `echo=${TOKEN}` });
    response.end(JSON.stringify({ error: 'boom', headers: request.headers }));
  });
  // As the library's own instance: no proxy from the environment, no redirects followed.
  const client: AxiosInstance = axios.create({ headers: HEADERS, proxy: false, maxRedirects: 0 });
  real.refused = await rejection(client.get(`http://127.0.0.1:${closedPort}/api/tasks`));
  real.viaProxy = await rejection(axios.create({ headers: HEADERS }).get('http://tasks.corp/api/tasks', {
    proxy: { protocol: 'http', host: '127.0.0.1', port: closedPort, auth: { username: 'proxyuser', password: PROXY_PASSWORD } },
  }));
  real.urlPassword = await rejection(client.get(`http://svc:${URL_PASSWORD}@127.0.0.1:${closedPort}/api/tasks`));
  real.basicAuth = await rejection(client.get(`http://127.0.0.1:${closedPort}/api/tasks`, { auth: { username: 'deploy', password: AUTH_PASSWORD } }));
  real.status500 = await rejection(client.get(`${echo.url}/api/tasks`));
})();

afterAll(async () => {
  await echo.close();
});

function axiosErrors(): Array<readonly [string, AxiosError]> {
  const { refused, viaProxy, urlPassword, basicAuth, status500 } = real;
  if (refused === undefined || viaProxy === undefined || urlPassword === undefined || basicAuth === undefined || status500 === undefined) {
    throw new Error('the axios errors were not collected');
  }
  return [['refused', refused], ['via a proxy with a password', viaProxy], ['to a URL with a password', urlPassword],
    ['with basic auth', basicAuth], ['HTTP 500 echoing the headers', status500]];
}

/** Every library error class, built the way the library builds it, around each secret-laden cause. */
function libraryErrors(): Array<readonly [string, VcconnError]> {
  const made: Array<readonly [string, VcconnError]> = [];
  for (const [label, cause] of axiosErrors()) {
    const network = new NetworkError('getTasks', cause.code ?? 'EUNKNOWN', cause.message, true, { cause });
    made.push(
      [`NetworkError, ${label}`, network],
      [`OperationTimeoutError, ${label}`, new OperationTimeoutError('getTasks', 10, { cause })],
      [`RequestAbortedError, ${label}`, new RequestAbortedError('getTasks', { cause })],
      [`InvalidResponseError tooLarge, ${label}`, new InvalidResponseError('getTasks', 'tooLarge', cause.message, { cause })],
      [`RetryBudgetExceededError over a NetworkError, ${label}`, new RetryBudgetExceededError('getTasks', 2, { cause: network })],
      [`ClientTestFailedError, ${label}`, new ClientTestFailedError('enhanced', network.message, { cause })],
    );
  }
  const parseError = (() => {
    try {
      JSON.parse(`Bearer ${TOKEN}`);
    } catch (error) {
      return error;
    }
    return undefined;
  })();
  made.push(
    ['HttpStatusError echoing Authorization and X-Api-Key as text',
      new HttpStatusError('getTasks', 500, `Unhandled exception for request with authorization=Bearer ${TOKEN}; x-api-key: ${API_KEY}`)],
    ['HttpStatusError echoing the headers as JSON',
      new HttpStatusError('getTasks', 503, JSON.stringify({ headers: { authorization: `Bearer ${TOKEN}`, 'x-api-key': API_KEY } }))],
    ['InvalidResponseError redirect to a URL with a password',
      new InvalidResponseError('getTasks', 'redirect', `HTTP 302 redirect to http://svc:${URL_PASSWORD}@other.corp/login not followed`, {
        status: 302, bodySnippet: `moved; authorization: Bearer ${TOKEN}`,
      })],
    ['InvalidResponseError malformedJson caused by the parser quoting the body',
      new InvalidResponseError('getTasks', 'malformedJson', `body is not JSON: ${(parseError as Error).message}`, { status: 200, cause: parseError })],
    ['InvalidArgumentError quoting a URL with a password',
      new InvalidArgumentError('ConnectionManager', 'baseUrl', `"ftp://svc:${URL_PASSWORD}@tasks.corp" must use http or https`)],
    ['RequestAbortedError caused by a text', new RequestAbortedError('getTasks', { cause: `gave up: token=${TOKEN}` })],
    ['RequestAbortedError caused by an axios-like object',
      new RequestAbortedError('getTasks', { cause: { config: { url: '/api/tasks', headers: HEADERS }, why: `x-api-key=${API_KEY}` } })],
    ['BrokenCircuitError', new BrokenCircuitError(1500, 'getTasks')],
    ['PoolTimeoutError', new PoolTimeoutError(5000, 10, 'getTasks')],
    ['ClientDisposedError', new ClientDisposedError('getTasks')],
  );
  try {
    parseConnectionOptions({ maxRetryAttempts: `http://svc:${URL_PASSWORD}@h/x` } as never);
  } catch (error) {
    made.push(['ConfigError quoting a URL with a password', error as VcconnError]);
  }
  return made;
}

/** The cause chain, `error` first. */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && chain.length < 10; current = (current as { cause?: unknown }).cause) {
    chain.push(current);
    if (typeof current !== 'object' || current === null) break;
  }
  return chain;
}

describe('the scan itself', () => {
  it('finds the secrets in the raw axios errors: non-enumerable properties, the raw request text, Buffers, Maps, Sets', () => {
    for (const [, error] of axiosErrors()) expect(findSecrets(error, SECRETS)).not.toEqual([]);
    const hidden = {};
    Object.defineProperty(hidden, 'x', { value: TOKEN, enumerable: false });
    expect(findSecrets(hidden, SECRETS)).toEqual([{ path: '$.x', secret: TOKEN }]);
    expect(findSecrets(new Map([['k', Buffer.from(API_KEY)]]), SECRETS)).toEqual([{ path: '$<value 0><bytes>', secret: API_KEY }]);
    expect(findSecrets(new Set([{ deep: [CUSTOM] }]), SECRETS)).toEqual([{ path: '$<item 0>.deep.0', secret: CUSTOM }]);
    expect(findSecrets({ get lazy() { return SUBSCRIPTION; } }, SECRETS)).toEqual([{ path: '$.lazy', secret: SUBSCRIPTION }]);
  });
});

describe('no secret in a library error', () => {
  it('covers every error class', () => {
    const classes = new Set(libraryErrors().map(([, error]) => error.constructor.name));
    expect([...classes].sort()).toEqual([
      'BrokenCircuitError', 'ClientDisposedError', 'ClientTestFailedError', 'ConfigError', 'HttpStatusError', 'InvalidArgumentError',
      'InvalidResponseError', 'NetworkError', 'OperationTimeoutError', 'PoolTimeoutError', 'RequestAbortedError', 'RetryBudgetExceededError',
    ]);
  });

  it.each(libraryErrors())('%s: its properties (hidden ones too), its cause chain, inspect, JSON, stack', (_label, error) => {
    expectNoSecrets(error, SECRETS);
    for (const link of causeChain(error)) expectNoSecrets(link, SECRETS);
    expectNoSecrets(error.rawCause, SECRETS);
    expectNoSecrets(inspect(error, { depth: Infinity, showHidden: true }), SECRETS);
    // What Node prints for an uncaught error: the default inspection, custom inspect off.
    expectNoSecrets(inspect(error, { depth: Infinity, showHidden: true, customInspect: false }), SECRETS);
    expectNoSecrets(JSON.stringify(error), SECRETS);
    expectNoSecrets(String(error), SECRETS);
    expectNoSecrets(error.stack, SECRETS);
  });

  it('leaves the axios errors it was given as they were', () => {
    const before = axiosErrors().map(([, error]) => findSecrets(error, SECRETS).length);
    libraryErrors();
    expect(axiosErrors().map(([, error]) => findSecrets(error, SECRETS).length)).toEqual(before);
  });
});

describe('the cause of an error made from an axios error', () => {
  const refusal = () => {
    const cause = axiosErrors()[0]![1];
    return { cause, error: new NetworkError('getTasks', cause.code ?? 'EUNKNOWN', cause.message, true, { cause }) };
  };

  it('is a small plain Error with the same message and code, safe to print', () => {
    const { cause, error } = refusal();
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.cause).not.toBeInstanceOf(AxiosError);
    expect(error.cause).toMatchObject({ message: cause.message, code: 'ECONNREFUSED' });
    expect(Object.keys(error.cause as object)).toEqual(['code']);
  });

  it('keeps the raw axios error reachable, scrubbed, in a property no log or JSON sees', () => {
    const { error } = refusal();
    expect(Object.getOwnPropertyDescriptor(error, 'rawCause')?.enumerable).toBe(false);
    const raw = error.rawCause as AxiosError;
    expect(raw).toBeInstanceOf(AxiosError);
    expect(raw.code).toBe('ECONNREFUSED');
    expect(raw.config?.headers).toMatchObject({
      Authorization: '[REDACTED]', 'X-Api-Key': '[REDACTED]', 'X-Custom-Auth': '[REDACTED]', 'X-Pin': '[REDACTED]',
      Accept: 'application/json, text/plain, */*',
    });
    expect(raw.request).toEqual({ method: 'GET', protocol: 'http:', host: '127.0.0.1', path: '/api/tasks' });
    expect(raw.toJSON()).toMatchObject({ code: 'ECONNREFUSED', config: { url: `http://127.0.0.1:${closedPort}/api/tasks` } });
    expect(JSON.stringify(error)).not.toContain('rawCause');
  });

  it('names the request: method and URL, the URL without its password', () => {
    const { error } = refusal();
    expect(error).toMatchObject({ method: 'GET', url: `http://127.0.0.1:${closedPort}/api/tasks` });
    const withPassword = real.urlPassword!;
    const fromUrl = new NetworkError('getTasks', 'ECONNREFUSED', withPassword.message, true, { cause: withPassword });
    expect(fromUrl.url).toBe(`http://svc:[REDACTED]@127.0.0.1:${closedPort}/api/tasks`);
  });

  it('keeps the HTTP status of an axios error that had an answer', () => {
    const answered = real.status500!;
    const error = new RequestAbortedError('getTasks', { cause: answered });
    expect(error.cause).toMatchObject({ status: 500, code: 'ERR_BAD_RESPONSE' });
    expect((error.rawCause as AxiosError).response?.status).toBe(500);
  });

  it('keeps a library error, or a foreign error holding nothing secret, as it is', () => {
    const network = refusal().error;
    expect(new RetryBudgetExceededError('getTasks', 2, { cause: network }).cause).toBe(network);
    const bug = new TypeError('bug');
    const aborted = new RequestAbortedError('getTasks', { cause: bug });
    expect(aborted.cause).toBe(bug);
    expect(aborted.rawCause).toBeUndefined();
  });
});

describe('printing a library error', () => {
  it('util.inspect gives a few lines: message with the operation and code, request, cause, frames', () => {
    const cause = axiosErrors()[0]![1];
    const error = new NetworkError('getTasks', 'ECONNREFUSED', cause.message, true, { cause });
    const text = inspect(error);
    const lines = text.split('\n');
    expect(lines[0]).toBe(`NetworkError [ERR_NETWORK]: getTasks: network error ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:${closedPort}`);
    expect(lines[1]).toBe(`    request: GET http://127.0.0.1:${closedPort}/api/tasks`);
    expect(text).toContain(`cause: Error [ECONNREFUSED]: connect ECONNREFUSED 127.0.0.1:${closedPort}`);
    expect(lines.length).toBeLessThanOrEqual(14);
    expect(inspect({ error }, { depth: 0 })).toContain('[NetworkError [ERR_NETWORK]: getTasks');
  });

  it('the default inspection (what Node prints for an uncaught error) is short too', () => {
    const cause = axiosErrors()[0]![1];
    const error = new NetworkError('getTasks', 'ECONNREFUSED', cause.message, true, { cause });
    const text = inspect(error, { customInspect: false });
    expect(text).toContain(`url: 'http://127.0.0.1:${closedPort}/api/tasks'`);
    expect(text).toContain("code: 'ECONNREFUSED'");
    expect(text.split('\n').length).toBeLessThanOrEqual(20);
  });

  it('JSON: name, code, message, fields, request and the cause as name, message and code', () => {
    const cause = axiosErrors()[0]![1];
    const error = new NetworkError('getTasks', 'ECONNREFUSED', cause.message, true, { cause });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'NetworkError', code: 'ERR_NETWORK', message: error.message, operation: 'getTasks', errorCode: 'ECONNREFUSED', retryable: true,
      neverSent: false, method: 'GET', url: `http://127.0.0.1:${closedPort}/api/tasks`,
      cause: { name: 'Error', message: cause.message, code: 'ECONNREFUSED' },
    });
    const budget = new RetryBudgetExceededError('getTasks', 2, { cause: new HttpStatusError('getTasks', 503, 'busy', 1000) });
    expect(JSON.parse(JSON.stringify(budget))).toMatchObject({
      code: 'ERR_RETRY_BUDGET', attempts: 2, cause: { name: 'HttpStatusError', code: 'ERR_HTTP_STATUS', status: 503, body: 'busy', retryAfterMs: 1000 },
    });
  });

  it('showHidden adds the scrubbed raw cause', () => {
    const cause = axiosErrors()[0]![1];
    const error = new NetworkError('getTasks', 'ECONNREFUSED', cause.message, true, { cause });
    expect(inspect(error)).not.toContain('rawCause');
    expect(inspect(error, { showHidden: true })).toContain("rawCause: AxiosError: connect ECONNREFUSED");
  });
});

describe('errors made from an answer, where no request config is at hand', () => {
  // What createHttpClient does with a client's `headers`; the registry is per module instance, so per test file.
  rememberSecretHeaders({ 'X-Functions-Key': 'fn-k3y-77', Accept: 'application/json', 'X-Tiny': 'abc' });

  it('scrub the values of every client\'s configured headers, whatever their names', () => {
    const body = JSON.stringify({ headers: { 'x-functions-key': 'fn-k3y-77', accept: 'application/json', 'x-tiny': 'abc' } });
    const error = new HttpStatusError('getTasks', 503, body);
    expect(error.body).toBe('{"headers":{"x-functions-key":"[REDACTED]","accept":"application/json","x-tiny":"abc"}}');
    expect(error.message).toBe(`getTasks: HTTP 503: ${error.body}`);
    const invalid = new InvalidResponseError('getTasks', 'shape', 'key fn-k3y-77 is not a task list', { status: 200, bodySnippet: body });
    expectNoSecrets([error, invalid, JSON.stringify(invalid), inspect(invalid, { showHidden: true })], ['fn-k3y-77']);
  });

  it('redact the head of a remembered value that a snippet\'s cut fell into', () => {
    expect(new HttpStatusError('getTasks', 500, 'echo: x-functions-key=fn-k3...').body).toBe('echo: x-functions-key=[REDACTED]...');
    expect(new HttpStatusError('getTasks', 500, 'echo: fn-k3y-...').body).toBe('echo: [REDACTED]...');
    // Three characters say nothing of a secret; a text that was not cut keeps its end.
    expect(new HttpStatusError('getTasks', 500, 'echo: fn-...').body).toBe('echo: fn-...');
    expect(new HttpStatusError('getTasks', 500, 'echo: fn-k3').body).toBe('echo: fn-k3');
  });
});
