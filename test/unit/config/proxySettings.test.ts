import { afterAll, describe, expect, it } from 'vitest';
import { isConfigError, loadSettings } from '../../../src/config/index.js';
import { EMPTY_ENV, removeSettingsDirs, settingsDir } from './support/settingsDir.js';

afterAll(removeSettingsDirs);

describe('Connection:ProxyUrl and Connection:ProxyBypassList', () => {
  it('default to null: the environment\'s HTTP(S)_PROXY and NO_PROXY are read then', () => {
    const settings = loadSettings({ directory: settingsDir({}), env: EMPTY_ENV });
    expect(settings.connection.proxyUrl).toBeNull();
    expect(settings.connection.proxyBypassList).toBeNull();
  });

  it('read a proxy URL and a bypass list (JSON array) from appsettings.json', () => {
    const directory = settingsDir({
      'appsettings.json': { Connection: { ProxyUrl: 'http://proxy.corp.example:3128', ProxyBypassList: ['.corp.example', '10.0.0.1', 'build:8080'] } },
    });
    const settings = loadSettings({ directory, env: EMPTY_ENV });
    expect(settings.connection.proxyUrl).toBe('http://proxy.corp.example:3128');
    expect(settings.connection.proxyBypassList).toEqual(['.corp.example', '10.0.0.1', 'build:8080']);
  });

  it('read the bypass list as comma-separated text from an environment variable, and null from an empty one', () => {
    const settings = loadSettings({
      directory: settingsDir({}),
      env: { Connection__ProxyBypassList: 'localhost, .corp.example', Connection__ProxyUrl: 'http://proxy:3128' },
    });
    expect(settings.connection.proxyBypassList).toEqual(['localhost', '.corp.example']);
    expect(settings.connection.proxyUrl).toBe('http://proxy:3128');
    const empty = loadSettings({ directory: settingsDir({}), env: { Connection__ProxyUrl: '' } });
    expect(empty.connection.proxyUrl).toBeNull();
  });

  it('refuse a proxy URL that is not http://, without showing its password', () => {
    const directory = settingsDir({ 'appsettings.json': { Connection: { ProxyUrl: 'socks5://user:s3cret-proxy-pw@proxy:1080' } } });
    let caught: unknown;
    try {
      loadSettings({ directory, env: EMPTY_ENV });
    } catch (error) {
      caught = error;
    }
    expect(isConfigError(caught)).toBe(true);
    expect(String((caught as Error).message)).toContain('Connection.ProxyUrl');
    expect(String((caught as Error).message)).not.toContain('s3cret-proxy-pw');
  });
});
