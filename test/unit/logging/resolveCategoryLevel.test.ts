import { describe, expect, it } from 'vitest';
import { resolveCategoryLevel } from '../../../src/logging/index.js';

const category = 'VCDevTool.Client.Services.EnhancedApiClient';

describe('resolveCategoryLevel', () => {
  it('uses Default when no key matches', () => {
    expect(resolveCategoryLevel({ Default: 'Warning', Microsoft: 'Error' }, category)).toBe('Warning');
  });

  it('lets the longest matching prefix win, whatever the order of the keys', () => {
    const levels = { Default: 'Warning', 'VCDevTool.Client.Services': 'Debug', VCDevTool: 'Error', 'VCDevTool.Client': 'Information' } as const;
    expect(resolveCategoryLevel(levels, category)).toBe('Debug');
    expect(resolveCategoryLevel(levels, 'VCDevTool.Client.ConnectionManager')).toBe('Information');
    expect(resolveCategoryLevel(levels, 'VCDevTool.Server')).toBe('Error');
  });

  it('matches prefixes ignoring case', () => {
    expect(resolveCategoryLevel({ Default: 'Warning', 'vcdevtool.client': 'Trace' }, category)).toBe('Trace');
  });

  it('matches a plain prefix as .NET does, without requiring a dot boundary', () => {
    expect(resolveCategoryLevel({ Default: 'Warning', 'VCDevTool.Cli': 'Debug' }, category)).toBe('Debug');
  });

  it('supports one * standing for any run of characters', () => {
    const levels = { Default: 'Warning', 'VCDevTool.*.EnhancedApiClient': 'Trace' } as const;
    expect(resolveCategoryLevel(levels, category)).toBe('Trace');
    expect(resolveCategoryLevel(levels, 'VCDevTool.Client.Services.ApiClient')).toBe('Warning');
  });

  it('lets the later of two matching keys of the same length win, as .NET does', () => {
    expect(resolveCategoryLevel({ Default: 'Warning', 'VCDevTool.C*': 'Debug', 'VCDevTool.Cl': 'Error' }, category)).toBe('Error');
    expect(resolveCategoryLevel({ Default: 'Warning', 'VCDevTool.Cl': 'Error', 'VCDevTool.C*': 'Debug' }, category)).toBe('Debug');
  });

  it('can switch a category off with None', () => {
    expect(resolveCategoryLevel({ Default: 'Information', 'VCDevTool.Client': 'None' }, category)).toBe('None');
  });
});
