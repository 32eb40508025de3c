import { afterAll, describe, expect, it } from 'vitest';
import { renderEffectiveSettings } from '../../../src/cli/config.js';
import { loadSettings } from '../../../src/config/index.js';
import { EMPTY_ENV, removeSettingsDirs, settingsDir } from './support/settingsDir.js';

afterAll(removeSettingsDirs);

describe('vcconn config', () => {
  it('prints Connection.ProxyUrl without its password', () => {
    const directory = settingsDir({ 'appsettings.json': { Connection: { ProxyUrl: 'http://svc:pr0xy-s3cret@proxy.corp.example:3128' } } });
    const text = renderEffectiveSettings(loadSettings({ directory, env: EMPTY_ENV })).join('\n');
    expect(text).toContain('"ProxyUrl": "http://svc:[REDACTED]@proxy.corp.example:3128"');
    expect(text).not.toContain('pr0xy-s3cret');
  });
});
