import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import winston from 'winston';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../../src/config/index.js';
import { createLogger, REDACTED, type LoggerFactory } from '../../../src/logging/index.js';
import { ArrayTransport } from './support/arrayTransport.js';

const CATEGORY = 'VCDevTool.Client.Services.EnhancedApiClient';
const MESSAGE = Symbol.for('message');
const LEVEL = Symbol.for('level');

function capture(options: Parameters<typeof createLogger>[0] = {}): { factory: LoggerFactory; output: ArrayTransport } {
  const output = new ArrayTransport();
  return { factory: createLogger({ ...options, transports: [output] }), output };
}

describe('createLogger levels', () => {
  it('writes Information and above by default and skips Debug and Trace', () => {
    const { factory, output } = capture();
    const log = factory.forCategory(CATEGORY);
    log.trace('t');
    log.debug('d');
    log.info('i');
    log.warn('w');
    expect(output.records.map((r) => r.message)).toEqual(['i', 'w']);
  });

  it('maps each .NET level to a winston level', () => {
    const { factory, output } = capture({ settings: { logLevel: { Default: 'Trace' } } });
    const log = factory.forCategory(CATEGORY);
    log.trace('t');
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    log.critical('c');
    expect(output.records.map((r) => r.level)).toEqual(['silly', 'debug', 'info', 'warn', 'error', 'error']);
  });

  it('applies the level of the longest matching category prefix from Logging.LogLevel', () => {
    const { factory, output } = capture({ settings: { logLevel: { Default: 'Warning', 'VCDevTool.Client.Services': 'Debug' } } });
    factory.forCategory(CATEGORY).debug('client detail');
    factory.forCategory('VCDevTool.Client.ConnectionManager').info('manager detail');
    factory.forCategory('VCDevTool.Client.ConnectionManager').warn('manager warning');
    expect(output.records.map((r) => [r.category, r.message])).toEqual([
      [CATEGORY, 'client detail'],
      ['VCDevTool.Client.ConnectionManager', 'manager warning'],
    ]);
  });

  it('reads the levels straight from loadSettings, as in the seed\'s "Enable Detailed Logging" example', () => {
    // An empty folder: only the variable sets a level (a folder named explicitly must exist).
    const directory = mkdtempSync(join(tmpdir(), 'vcconn-logging-'));
    const settings = loadSettings({ directory, env: { 'Logging__LogLevel__VCDevTool.Client.Services': 'Debug' } });
    rmSync(directory, { recursive: true });
    const { factory } = capture({ settings: settings.logging });
    expect(factory.levelFor(CATEGORY)).toBe('Debug');
    expect(factory.levelFor('Other')).toBe('Information');
  });

  it('writes nothing for a category at None, not even Critical', () => {
    const { factory, output } = capture({ settings: { logLevel: { Default: 'None' } } });
    factory.forCategory(CATEGORY).critical('c');
    expect(output.records).toEqual([]);
    expect(factory.forCategory(CATEGORY).isEnabled('Critical')).toBe(false);
  });

  it('lets levelOverrides win over the settings, case-insensitively, Default included', () => {
    const { factory } = capture({
      settings: { logLevel: { Default: 'Information', 'VCDevTool.Client': 'Warning' } },
      levelOverrides: { 'vcdevtool.client': 'Trace', default: 'Error' },
    });
    expect(factory.levelFor(CATEGORY)).toBe('Trace');
    expect(factory.levelFor('Other')).toBe('Error');
  });

  it('answers isEnabled from the resolved level and hands back one logger per category', () => {
    const { factory } = capture({ settings: { logLevel: { Default: 'Warning' } } });
    const log = factory.forCategory(CATEGORY);
    expect(log.level).toBe('Warning');
    expect([log.isEnabled('Information'), log.isEnabled('Warning'), log.isEnabled('None')]).toEqual([false, true, false]);
    expect(factory.forCategory(CATEGORY)).toBe(log);
  });
});

describe('createLogger redaction', () => {
  it.each(['trace', 'debug', 'info', 'warn', 'error', 'critical'] as const)('redacts the message and metadata at %s', (method) => {
    const { factory, output } = capture({ settings: { logLevel: { Default: 'Trace' } } });
    factory.forCategory(CATEGORY)[method]('calling http://svc:pw1@h with Authorization: Bearer tok1', { headers: { Authorization: 'Bearer tok2' } });
    const [line] = output.lines();
    expect(line).not.toMatch(/pw1|tok1|tok2/);
    expect(JSON.parse(line ?? '')).toMatchObject({
      message: 'calling http://svc:[REDACTED]@h with Authorization: Bearer [REDACTED]',
      headers: { Authorization: REDACTED },
      category: CATEGORY,
    });
  });

  it('redacts nested objects and errors without modifying the caller\'s objects', () => {
    const { factory, output } = capture();
    const meta = { request: { body: { node: 'n1', credentials: { password: 'p' } } }, error: new Error('denied: token=abc') };
    factory.forCategory(CATEGORY).error('call failed', meta);
    const record = JSON.parse(output.lines()[0] ?? '') as Record<string, { message?: string; body?: unknown }>;
    expect(record.request).toEqual({ body: { node: 'n1', credentials: REDACTED } });
    expect(record.error?.message).toBe('denied: token=[REDACTED]');
    expect(meta.request.body.credentials.password).toBe('p');
    expect(meta.error.message).toBe('denied: token=abc');
  });

  it('logs an Error given as the metadata under "error"', () => {
    const { factory, output } = capture();
    factory.forCategory(CATEGORY).error('failed', new Error('password=x'));
    expect(output.records[0]?.error).toMatchObject({ name: 'Error', message: 'password=[REDACTED]' });
  });

  it('redacts records written straight to the factory\'s winston logger, whatever their shape', () => {
    const { factory, output } = capture();
    const record = { level: 'info', message: 'direct', apiKey: 'k' };
    factory.winston.log(record);
    factory.winston.info(new Error('secret=s'));
    expect(output.records.map((r) => [r.message, r.apiKey])).toEqual([['direct', REDACTED], ['secret=[REDACTED]', undefined]]);
  });

  it('writes JSON lines with a timestamp to every transport it is given', () => {
    const first = new ArrayTransport();
    const second = new ArrayTransport();
    createLogger({ transports: [first, second] }).forCategory(CATEGORY).info('hello', { password: 'p' });
    for (const output of [first, second]) {
      const record = JSON.parse(output.lines()[0] ?? '') as Record<string, unknown>;
      expect(record).toMatchObject({ level: 'info', message: 'hello', password: REDACTED, category: CATEGORY });
      expect(typeof record.timestamp).toBe('string');
    }
  });
});

describe('createLogger with the host\'s logger', () => {
  it('forwards redacted records to the host\'s winston logger and leaves it as it was', () => {
    const hostOutput = new ArrayTransport();
    const host = winston.createLogger({ level: 'debug', format: winston.format.json(), transports: [hostOutput] });
    const formatBefore = host.format;
    const factory = createLogger({ logger: host, settings: { logLevel: { Default: 'Debug' } } });
    factory.forCategory(CATEGORY).debug('token=abc', { config: { headers: { Authorization: 'Bearer z' } } });
    expect(host.format).toBe(formatBefore);
    expect(host.transports).toEqual([hostOutput]);
    expect(JSON.parse(hostOutput.lines()[0] ?? '')).toMatchObject({
      level: 'debug', message: 'token=[REDACTED]', category: CATEGORY, config: { headers: { Authorization: REDACTED } },
    });
  });

  it('still honours the host logger\'s own level after the category level', () => {
    const hostOutput = new ArrayTransport();
    const host = winston.createLogger({ level: 'warn', transports: [hostOutput] });
    const log = createLogger({ logger: host, settings: { logLevel: { Default: 'Trace' } } }).forCategory(CATEGORY);
    log.info('dropped by the host');
    log.error('kept');
    expect(hostOutput.records.map((r) => r.message)).toEqual(['kept']);
  });

  it('does not close the host logger when the factory closes', () => {
    const host = winston.createLogger({ transports: [new ArrayTransport()] });
    createLogger({ logger: host }).close();
    expect(host.writable).toBe(true);
  });
});

describe('createLogger console output', () => {
  it('writes to the console: pretty on a TTY, JSON otherwise', () => {
    const pretty = createLogger({ tty: true }).winston.transports;
    const json = createLogger({ tty: false }).winston.transports;
    expect(pretty).toHaveLength(1);
    expect(pretty[0]).toBeInstanceOf(winston.transports.Console);
    expect(pretty[0]?.format).toBeDefined();
    expect(json[0]).toBeInstanceOf(winston.transports.Console);
    expect(json[0]?.format).toBeUndefined();
  });

  it('formats a TTY line as time, level, category, message and metadata', () => {
    const [transport] = createLogger({ tty: true }).winston.transports;
    const info = {
      level: 'warn', [LEVEL]: 'warn', message: 'slow', category: 'VCDevTool.Client', timestamp: '2026-01-02T03:04:05.678Z', ms: 1200,
    };
    const out = transport?.format?.transform(info) as Record<symbol, string>;
    // eslint-disable-next-line no-control-regex
    expect(out[MESSAGE]?.replace(/\u001b\[\d+m/g, '')).toBe('03:04:05.678 warn VCDevTool.Client: slow {"ms":1200}');
  });
});
