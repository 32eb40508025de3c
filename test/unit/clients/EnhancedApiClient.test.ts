import { describe, expect, it } from 'vitest';
import { EnhancedApiClient } from '../../../src/clients/EnhancedApiClient.js';
import type { ConnectionOptions } from '../../../src/config/types.js';
import { BrokenCircuitError } from '../../../src/errors/BrokenCircuitError.js';
import { ConfigError } from '../../../src/errors/ConfigError.js';
import { InvalidArgumentError } from '../../../src/errors/InvalidArgumentError.js';

// Nothing listens here; every test below must be decided before a request is sent.
const url = 'http://127.0.0.1:9';

function recordingLogger() {
  const lines: { level: string; message: string }[] = [];
  return {
    lines,
    debug: (message: string) => lines.push({ level: 'debug', message }),
    warn: (message: string) => lines.push({ level: 'warn', message }),
  };
}

describe('EnhancedApiClient construction', () => {
  it('rejects a bad Connection value with a ConfigError naming the key', () => {
    expect(() => new EnhancedApiClient(url, { connection: { connectionPoolSize: 0 } })).toThrow(ConfigError);
    expect(() => new EnhancedApiClient(url, { connection: { connectionPoolSize: 0 } })).toThrow(/ConnectionPoolSize/);
  });

  it('rejects a base URL that is not absolute http(s) with InvalidArgumentError', () => {
    expect(() => new EnhancedApiClient('ftp://127.0.0.1/')).toThrow(InvalidArgumentError);
  });

  it('passes config warnings to its logger', async () => {
    const logger = recordingLogger();
    const client = new EnhancedApiClient(url, { logger, connection: { circuitBreakerThreshold: 3 } as Partial<ConnectionOptions> });
    expect(logger.lines).toEqual([{ level: 'warn', message: 'options: unknown key Connection.circuitBreakerThreshold is ignored' }]);
    await client.dispose();
  });

  it('exposes the parsed settings and starts with a closed breaker', async () => {
    const client = new EnhancedApiClient(url, { connection: { maxRetryAttempts: 5 } });
    expect(client.settings.connection.maxRetryAttempts).toBe(5);
    expect(client.settings.retryPolicy.maxRetryAttempts).toBe(5);
    expect(client.circuitState).toBe('closed');
    expect(client.retryBudgetTokens).toBe(10);
    await client.dispose();
  });
});

describe('EnhancedApiClient permit', () => {
  it('refuses a call while isolated with BrokenCircuitError before sending, and logs the refusal', async () => {
    const logger = recordingLogger();
    const client = new EnhancedApiClient(url, { logger });
    client.isolate('maintenance');
    const call = client.getTasks();
    await expect(call).rejects.toBeInstanceOf(BrokenCircuitError);
    await expect(call).rejects.toMatchObject({ operation: 'getTasks', retryAfterMs: 0 });
    expect(logger.lines).toMatchObject([
      { level: 'warn', message: expect.stringContaining('Circuit isolated by hand (maintenance)') as unknown },
      { level: 'debug', message: expect.stringContaining('getTasks refused') as unknown },
    ]);
    await client.dispose();
  });

  it('builds a refusal without a stack trace by default, and leaves the host stack limit as it was', async () => {
    const client = new EnhancedApiClient(url);
    client.isolate();
    const before = Error.stackTraceLimit;
    const error = await client.getTasks().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokenCircuitError);
    expect((error as Error).stack).toBe(`BrokenCircuitError: ${(error as Error).message}`);
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error('after').stack).toMatch(/\n\s+at /);
    await client.dispose();
  });

  it('gives refusals a stack trace showing the caller with refusalStackTraces', async () => {
    const client = new EnhancedApiClient(url, { refusalStackTraces: true });
    client.isolate();
    const error = await client.getTasks().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokenCircuitError);
    expect((error as Error).stack).toMatch(/\n\s+at .*getTasks/);
    await client.dispose();
  });

  it('checks the permit synchronously: the refusal is settled before any I/O could happen', async () => {
    const client = new EnhancedApiClient(url);
    client.isolate();
    let settled: unknown = 'pending';
    void client.getTasks().catch((error: unknown) => {
      settled = error;
    });
    // One microtask: a refusal decided by a promise (or by I/O) could not have settled yet.
    await Promise.resolve();
    expect(settled).toBeInstanceOf(BrokenCircuitError);
    await client.dispose();
  });
});
