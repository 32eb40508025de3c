import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ApiSettingsLike, ConnectionOptionsLike } from '../../../machines/index.js';
import {
  apiSettingsSchema,
  connectionOptionsSchema,
  defaultApiSettings,
  defaultConnectionOptions,
  loggingSettingsSchema,
  settingsSchema,
  type ApiSettings,
  type ConnectionOptions,
} from '../../../src/config/index.js';

describe('zod schemas', () => {
  it('accept the defaults as complete settings', () => {
    expect(connectionOptionsSchema.parse(defaultConnectionOptions)).toEqual(defaultConnectionOptions);
    expect(apiSettingsSchema.parse(defaultApiSettings)).toEqual(defaultApiSettings);
  });

  it('reject a missing key: the schemas describe complete settings, loadSettings fills defaults', () => {
    const { maxRetryAttempts: _dropped, ...rest } = defaultConnectionOptions;
    const result = connectionOptionsSchema.safeParse(rest);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['maxRetryAttempts']);
  });

  it('hold the rules between Connection keys', () => {
    const result = connectionOptionsSchema.safeParse({ ...defaultConnectionOptions, maxRetryDelayMs: 10 });
    expect(result.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [['maxRetryDelayMs'], 'Connection.MaxRetryDelayMs = 10 is not allowed (at least Connection.BaseRetryDelayMs (1000))'],
    ]);
  });

  it('hold the rule across sections in settingsSchema', () => {
    const result = settingsSchema.safeParse({
      connection: { ...defaultConnectionOptions, healthCheckTimeoutSeconds: 30 },
      apiSettings: { ...defaultApiSettings, healthCheckIntervalMinutes: 0.5 },
      logging: { logLevel: { Default: 'Information' } },
    });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['connection', 'healthCheckTimeoutSeconds']]);
  });

  it('read .NET level names in any casing and store them as .NET spells them', () => {
    expect(loggingSettingsSchema.parse({ logLevel: { Default: 'warning', 'VCDevTool.Client': 'DEBUG' } })).toEqual({
      logLevel: { Default: 'Warning', 'VCDevTool.Client': 'Debug' },
    });
    expect(loggingSettingsSchema.safeParse({ logLevel: { 'VCDevTool.Client': 'Debug' } }).success).toBe(false);
  });

  it('produce exactly the ConnectionOptions and ApiSettings types, which the machines accept', () => {
    expectTypeOf<ReturnType<typeof connectionOptionsSchema.parse>>().toEqualTypeOf<{ -readonly [K in keyof ConnectionOptions]: ConnectionOptions[K] }>();
    expectTypeOf<ReturnType<typeof apiSettingsSchema.parse>>().toEqualTypeOf<{ -readonly [K in keyof ApiSettings]: ApiSettings[K] }>();
    expectTypeOf<ConnectionOptions>().toExtend<ConnectionOptionsLike>();
    expectTypeOf<ApiSettings>().toExtend<ApiSettingsLike>();
  });
});
