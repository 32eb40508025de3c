import { redactString } from '../util/redact/redactString.js';
import { urlIdentity, type EndpointSettings } from './listKeys.js';
import type { SettingsAccumulator } from './settingsAccumulator.js';

/**
 * The rules between the endpoint keys, on the merged values:
 * - `BaseUrls` and `Endpoints` are two spellings of one list: giving both is an issue (on the later one);
 * - `BaseUrl` is the one-endpoint form: when a layer set it and a list is given too, it must be one of the
 *   list's URLs, or which server was meant is unclear (an old appsettings.json pointing elsewhere, say).
 */
export function checkEndpointRules(settings: SettingsAccumulator): void {
  const api = settings.values.apiSettings;
  const baseUrls = api.baseUrls as string[] | null;
  const endpoints = api.endpoints as EndpointSettings[] | null;
  const urlsOrigin = settings.originOf('apiSettings', 'baseUrls');
  const endpointsOrigin = settings.originOf('apiSettings', 'endpoints');
  if (baseUrls !== null && endpoints !== null && urlsOrigin !== undefined && endpointsOrigin !== undefined) {
    const blameEndpoints = endpointsOrigin.layer >= urlsOrigin.layer;
    settings.issues.push({
      source: (blameEndpoints ? endpointsOrigin : urlsOrigin).source,
      key: blameEndpoints ? 'ApiSettings.Endpoints' : 'ApiSettings.BaseUrls',
      value: undefined,
      problem: `is set together with ${blameEndpoints ? `ApiSettings.BaseUrls (by ${urlsOrigin.source})` : `ApiSettings.Endpoints (by ${endpointsOrigin.source})`}`,
      allowed: 'either BaseUrls or Endpoints, not both',
    });
    return;
  }
  const listed = baseUrls ?? endpoints?.map((endpoint) => endpoint.url) ?? null;
  const baseOrigin = settings.originOf('apiSettings', 'baseUrl');
  const listOrigin = baseUrls === null ? endpointsOrigin : urlsOrigin;
  if (listed === null || baseOrigin === undefined || listOrigin === undefined) return;
  const baseUrl = String(api.baseUrl);
  if (listed.some((url) => urlIdentity(url) === urlIdentity(baseUrl))) return;
  const listKey = baseUrls === null ? 'ApiSettings.Endpoints' : 'ApiSettings.BaseUrls';
  settings.issues.push({
    source: baseOrigin.source,
    key: 'ApiSettings.BaseUrl',
    value: redactString(baseUrl),
    problem: `${redactString(baseUrl)} is not one of ${listKey} (set by ${listOrigin.source}: ${listed.map(redactString).join(', ')})`,
    allowed: `unset, or one of the URLs of ${listKey}`,
  });
}
