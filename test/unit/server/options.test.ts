import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ServerOptionsError, isServerOptionsError } from '../../../src/server/errors/ServerOptionsError.js';
import { resolveServerOptions } from '../../../src/server/options.js';
import type { ServerOptions } from '../../../src/server/options.js';

const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('resolveServerOptions', () => {
  it('fills in the defaults: a free loopback port, an in-memory db, 24 h keys, JSON errors, numeric enums', () => {
    const options = resolveServerOptions();
    expect(options).toMatchObject({
      port: 0, host: '127.0.0.1', db: ':memory:', heartbeatTimeoutMs: 120_000, idempotencyTtlMs: 86_400_000,
      idempotencyPruneIntervalMs: 3_600_000, errorStyle: 'json', enumOutput: 'numbers', version: manifest.version,
    });
    expect(options.clock).toBe(Date.now);
  });

  it('keeps the given values and treats undefined as not given', () => {
    expect(resolveServerOptions({ port: 5289, db: './x.db', host: undefined })).toMatchObject({ port: 5289, db: './x.db', host: '127.0.0.1' });
  });

  it.each<[keyof ServerOptions, unknown, string]>([
    ['port', -1, 'an integer from 0 to 65535'],
    ['port', 65_536, 'an integer from 0 to 65535'],
    ['port', 1.5, 'an integer from 0 to 65535'],
    ['host', '', 'a non-empty host name or address'],
    ['db', '', 'a file path or ":memory:"'],
    ['heartbeatTimeoutMs', 0, 'a positive number of milliseconds'],
    ['idempotencyTtlMs', Number.NaN, 'a positive number of milliseconds'],
    ['idempotencyPruneIntervalMs', 2 ** 31, 'a positive number of milliseconds'],
    ['errorStyle', 'xml', '"json" or "aspnet"'],
    ['enumOutput', 'strings', '"numbers" or "names"'],
  ])('refuses %s = %j with a ServerOptionsError naming the option', (option, value, expected) => {
    let thrown: unknown;
    try {
      resolveServerOptions({ [option]: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ServerOptionsError);
    expect(isServerOptionsError(thrown)).toBe(true);
    expect(thrown).toMatchObject({ code: 'ERR_SERVER_OPTIONS', option, expected: expect.stringContaining(expected) as string });
    expect((thrown as Error).message).toContain(`Server option ${option} must be`);
  });
});
