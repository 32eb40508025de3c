import { booleanKey, httpUrlKey, numberKey } from './keySpec.js';

/** The `ApiSettings` section: the seed's keys, names and defaults. */
export const apiSettingsKeys = {
  baseUrl: httpUrlKey('BaseUrl', {
    defaultValue: 'http://localhost:5289',
    description: 'Address of the VCDevTool task server.',
  }),
  useEnhancedClient: booleanKey('UseEnhancedClient', {
    defaultValue: true,
    description: 'Start with the Enhanced client (breaker, retries, timeouts); false starts with the Standard one.',
  }),
  enableAutoRecovery: booleanKey('EnableAutoRecovery', {
    defaultValue: true,
    description: 'When the link loses health, recreate the client, then try the other client type.',
  }),
  healthCheckIntervalMinutes: numberKey('HealthCheckIntervalMinutes', { min: 0, minExclusive: true, max: 1_440 }, {
    defaultValue: 1,
    description: 'Interval between health checks while the link is healthy; fractions allowed (0.5 = 30 s).',
  }),
} as const;
