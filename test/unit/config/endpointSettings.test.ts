import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { apiSettingsSchema, defaultApiSettings, loadSettings } from '../../../src/config/index.js';
import { configErrorOf, EMPTY_ENV, removeSettingsDirs, settingsDir } from './support/settingsDir.js';

afterAll(removeSettingsDirs);

const load = (files: Readonly<Record<string, unknown>>, env: Readonly<Record<string, string>> = EMPTY_ENV as Record<string, string>) =>
  loadSettings({ directory: settingsDir(files), env });

describe('endpoint settings: lists', () => {
  it('leaves every endpoint key at its default when none is given: one endpoint, BaseUrl', () => {
    const { apiSettings } = load({});
    expect(apiSettings).toMatchObject({
      baseUrls: null, endpoints: null, endpointSelection: 'ordered', failbackHoldDownSeconds: 30,
      discoveryDomain: null, discoveryRefreshSeconds: 60, discoveryDnsServers: null,
    });
  });

  it('reads BaseUrls as a JSON array, and Endpoints with Priority and Weight in any casing, numbers as text', () => {
    expect(load({ 'appsettings.json': { ApiSettings: { BaseUrls: ['http://a.corp:5289', 'https://b.corp'] } } }).apiSettings.baseUrls)
      .toEqual(['http://a.corp:5289', 'https://b.corp']);
    const { endpoints } = load({ 'appsettings.json': { apiSettings: { endpoints: [{ URL: 'http://a.corp', PRIORITY: '1', weight: 5 }, { Url: 'http://b.corp' }] } } }).apiSettings;
    expect(endpoints).toEqual([{ url: 'http://a.corp', priority: 1, weight: 5 }, { url: 'http://b.corp', priority: 0, weight: 1 }]);
  });

  it('folds numbered environment variables into lists in numeric order, as .NET does (gaps close up)', () => {
    const env = {
      ApiSettings__BaseUrls__10: 'http://c.corp',
      ApiSettings__BaseUrls__2: 'http://b.corp',
      'ApiSettings:BaseUrls:0': 'http://a.corp',
    };
    const settings = load({}, env);
    expect(settings.apiSettings.baseUrls).toEqual(['http://a.corp', 'http://b.corp', 'http://c.corp']);
    expect(settings.warnings).toEqual([]);
  });

  it('folds numbered Endpoints variables field by field, casing of the fields ignored', () => {
    const env = {
      ApiSettings__Endpoints__0__Url: 'http://a.corp',
      ApiSettings__Endpoints__0__WEIGHT: '3',
      ApiSettings__Endpoints__1__url: 'http://b.corp',
      ApiSettings__Endpoints__1__Priority: '1',
    };
    expect(load({}, env).apiSettings.endpoints).toEqual([{ url: 'http://a.corp', priority: 0, weight: 3 }, { url: 'http://b.corp', priority: 1, weight: 1 }]);
  });

  it('takes a comma-separated BaseUrls variable, and a later layer\'s list replaces the whole list', () => {
    const files = { 'appsettings.json': { ApiSettings: { BaseUrls: ['http://a.corp', 'http://b.corp', 'http://c.corp'] } } };
    expect(load(files, { ApiSettings__BaseUrls: 'http://x.corp, http://y.corp' }).apiSettings.baseUrls).toEqual(['http://x.corp', 'http://y.corp']);
    expect(load(files, { ApiSettings__BaseUrls__0: 'http://x.corp' }).apiSettings.baseUrls).toEqual(['http://x.corp']);
  });

  it('reads selection, hold-down and discovery keys', () => {
    const { apiSettings } = load({}, {
      ApiSettings__EndpointSelection: 'Balanced', ApiSettings__FailbackHoldDownSeconds: '0', ApiSettings__DiscoveryDomain: 'corp.example',
      ApiSettings__DiscoveryRefreshSeconds: '15', ApiSettings__DiscoveryDnsServers__0: '127.0.0.1:5353', ApiSettings__DiscoveryDnsServers__1: '[::1]:53',
    });
    expect(apiSettings).toMatchObject({
      endpointSelection: 'balanced', failbackHoldDownSeconds: 0, discoveryDomain: 'corp.example', discoveryRefreshSeconds: 15,
      discoveryDnsServers: ['127.0.0.1:5353', '[::1]:53'],
    });
  });
});

describe('endpoint settings: errors name the key, the item and the source', () => {
  it('rejects a URL listed twice, however it is spelled', () => {
    const error = configErrorOf(() => load({ 'appsettings.json': { ApiSettings: { BaseUrls: ['http://a.corp:5289', 'http://b.corp', 'http://A.corp:5289/'] } } }));
    expect(error.key).toBe('ApiSettings.BaseUrls');
    expect(error.message).toContain('lists http://A.corp:5289/ twice (items 0 and 2)');
  });

  it('rejects a duplicate endpoint given through numbered variables, naming the variables', () => {
    const error = configErrorOf(() => load({}, { ApiSettings__Endpoints__0__Url: 'http://a.corp', ApiSettings__Endpoints__1__Url: 'http://a.corp/' }));
    expect(error.key).toBe('ApiSettings.Endpoints');
    expect(error.source).toBe('environment variables ApiSettings__Endpoints__0__Url, ApiSettings__Endpoints__1__Url');
    expect(error.problem).toBe('lists http://a.corp/ twice (items 0 and 1)');
  });

  it('rejects a bad URL, naming the item', () => {
    const error = configErrorOf(() => load({ 'appsettings.json': { ApiSettings: { BaseUrls: ['http://a.corp', 'ftp://files.corp'] } } }));
    expect(error.problem).toBe('item 1 is not an absolute http:// or https:// URL ("ftp://files.corp")');
  });

  it('rejects an empty list, and an endpoint with an unknown field or a weight out of range', () => {
    expect(configErrorOf(() => load({ 'appsettings.json': { ApiSettings: { BaseUrls: [] } } })).problem).toBe('is an empty list');
    expect(configErrorOf(() => load({ 'appsettings.json': { ApiSettings: { Endpoints: [] } } })).problem).toBe('is an empty list');
    expect(configErrorOf(() => load({ 'appsettings.json': { ApiSettings: { Endpoints: [{ Url: 'http://a.corp', Prioirty: 1 }] } } })).problem).toMatch(/^item 0 .*prioirty/i);
    expect(configErrorOf(() => load({ 'appsettings.json': { ApiSettings: { Endpoints: [{ Url: 'http://a.corp', Weight: 70_000 }] } } })).problem).toMatch(/^item 0 weight/);
  });

  it('rejects BaseUrl set to a server the list does not name, blaming BaseUrl and naming both sources', () => {
    const directory = settingsDir({ 'appsettings.json': { ApiSettings: { BaseUrl: 'http://old.corp:5289' } } });
    const error = configErrorOf(() => loadSettings({ directory, env: { ApiSettings__BaseUrls__0: 'http://a.corp', ApiSettings__BaseUrls__1: 'http://b.corp' } }));
    expect(error.key).toBe('ApiSettings.BaseUrl');
    expect(error.source).toBe(join(directory, 'appsettings.json'));
    expect(error.problem).toBe('http://old.corp:5289 is not one of ApiSettings.BaseUrls (set by environment variables ApiSettings__BaseUrls__0, ApiSettings__BaseUrls__1: http://a.corp, http://b.corp)');
  });

  it('accepts BaseUrl when it is one of the list (an old file next to a new list)', () => {
    const settings = load({ 'appsettings.json': { ApiSettings: { BaseUrl: 'http://b.corp/' } } }, { ApiSettings__BaseUrls: 'http://a.corp,http://b.corp' });
    expect(settings.apiSettings.baseUrls).toEqual(['http://a.corp', 'http://b.corp']);
  });

  it('rejects BaseUrls and Endpoints both set, blaming the later layer', () => {
    const error = configErrorOf(() => load({ 'appsettings.json': { ApiSettings: { BaseUrls: ['http://a.corp'] } } }, { ApiSettings__Endpoints__0__Url: 'http://a.corp' }));
    expect(error.key).toBe('ApiSettings.Endpoints');
    expect(error.allowed).toBe('either BaseUrls or Endpoints, not both');
  });

  it('rejects one list item given twice in two casings within one layer', () => {
    const error = configErrorOf(() => load({}, { ApiSettings__BaseUrls__0: 'http://a.corp', APISETTINGS__BASEURLS__0: 'http://b.corp' }));
    expect(error.problem).toMatch(/given twice/);
  });

  it('rejects a DNS server that is not an address, and a domain that is not one', () => {
    expect(configErrorOf(() => load({}, { ApiSettings__DiscoveryDnsServers: 'dns.corp' })).key).toBe('ApiSettings.DiscoveryDnsServers');
    expect(configErrorOf(() => load({}, { ApiSettings__DiscoveryDomain: 'not a domain' })).key).toBe('ApiSettings.DiscoveryDomain');
  });

  it('keeps a password in a listed URL out of the error', () => {
    const error = configErrorOf(() => load({ 'appsettings.json': { ApiSettings: { BaseUrls: ['http://svc:hunter2-Secret@a.corp', 'http://svc:hunter2-Secret@a.corp'] } } }));
    expect(JSON.stringify({ message: error.message, issues: error.issues })).not.toContain('hunter2');
  });
});

describe('apiSettingsSchema: the endpoint rules a whole object can show', () => {
  it('accepts the defaults, a list with BaseUrl at its default, and a list naming BaseUrl', () => {
    expect(apiSettingsSchema.safeParse(defaultApiSettings).success).toBe(true);
    expect(apiSettingsSchema.safeParse({ ...defaultApiSettings, baseUrls: ['http://a', 'http://b'] }).success).toBe(true);
    expect(apiSettingsSchema.safeParse({ ...defaultApiSettings, baseUrl: 'http://b/', baseUrls: ['http://a', 'http://b'] }).success).toBe(true);
  });

  it('rejects BaseUrls with Endpoints, and a BaseUrl the list does not name', () => {
    const both = apiSettingsSchema.safeParse({ ...defaultApiSettings, baseUrls: ['http://a'], endpoints: [{ url: 'http://a', priority: 0, weight: 1 }] });
    expect(both.error?.issues.map((issue) => issue.path)).toEqual([['endpoints']]);
    const elsewhere = apiSettingsSchema.safeParse({ ...defaultApiSettings, baseUrl: 'http://old', endpoints: [{ url: 'http://a', priority: 0, weight: 1 }] });
    expect(elsewhere.error?.issues.map((issue) => issue.path)).toEqual([['baseUrl']]);
  });
});
