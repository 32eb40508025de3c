import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultOutboxOptions, loadSettings } from '../../../src/config/index.js';
import { ConfigError } from '../../../src/errors/ConfigError.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'outbox-settings-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the Outbox section of appsettings', () => {
  it('defaults every limit', () => {
    expect(loadSettings({ directory: dir, env: {} }).outbox).toEqual({ maxEntries: 10_000, maxBytes: 67_108_864, maxAgeHours: 168, maxConcurrentEntities: 4 });
    expect(defaultOutboxOptions.maxEntries).toBe(10_000);
  });

  it('reads the file in any casing, then environment variables, then options', () => {
    writeFileSync(path.join(dir, 'appsettings.json'), JSON.stringify({ outbox: { maxentries: 500, MaxAgeHours: 12 } }));
    const settings = loadSettings({
      directory: dir,
      env: { Outbox__MaxBytes: '2048', OUTBOX__MAXAGEHOURS: '0.5' },
      overrides: { outbox: { maxConcurrentEntities: 8 } },
    });
    expect(settings.outbox).toEqual({ maxEntries: 500, maxBytes: 2048, maxAgeHours: 0.5, maxConcurrentEntities: 8 });
    expect(settings.sources).toContain('environment variable Outbox__MaxBytes');
  });

  it('rejects a value out of range with the key, the value and what is allowed', () => {
    let error: unknown;
    try {
      loadSettings({ directory: dir, env: { Outbox__MaxEntries: '0' } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues[0]).toMatchObject({ key: 'Outbox.MaxEntries', value: 0, allowed: 'integer 1..10000000', source: 'environment variable Outbox__MaxEntries' });
  });

  it('warns about an unknown key with a hint', () => {
    writeFileSync(path.join(dir, 'appsettings.json'), JSON.stringify({ Outbox: { MaxEntrys: 5 } }));
    const { warnings } = loadSettings({ directory: dir, env: {} });
    expect(warnings).toMatchObject([{ kind: 'unknownKey', path: 'Outbox.MaxEntrys' }]);
    expect(warnings[0]?.message).toContain('did you mean MaxEntries?');
  });
});
