import { describe, expect, it } from 'vitest';
import { mergeEndpoints, srvEndpoints } from '../../../src/endpoints/srvEndpoints.js';

describe('srvEndpoints', () => {
  it('makes <scheme>://<target>:<port> with the record\'s priority and weight, sorted by priority then URL', () => {
    const records = [
      { name: 'b.corp.test.', port: 5290, priority: 10, weight: 5 },
      { name: 'C.corp.test', port: 5289, priority: 0, weight: 1 },
      { name: 'a.corp.test', port: 5289, priority: 0, weight: 10 },
    ];
    expect(srvEndpoints(records, 'https')).toEqual([
      { url: 'https://a.corp.test:5289', priority: 0, weight: 10 },
      { url: 'https://c.corp.test:5289', priority: 0, weight: 1 },
      { url: 'https://b.corp.test:5290', priority: 10, weight: 5 },
    ]);
  });

  it('leaves out the "no service" target "." and a target named twice', () => {
    const records = [{ name: '.', port: 0, priority: 0, weight: 0 }, { name: 'a', port: 1, priority: 0, weight: 1 }, { name: 'a.', port: 1, priority: 5, weight: 1 }];
    expect(srvEndpoints(records, 'http')).toEqual([{ url: 'http://a:1', priority: 0, weight: 1 }]);
  });
});

describe('mergeEndpoints', () => {
  it('keeps the static endpoints first and drops discovered ones they already name, however spelled', () => {
    const statics = [{ url: 'http://A:5289/', priority: 0, weight: 1 }];
    const discovered = [{ url: 'http://a:5289', priority: 3, weight: 9 }, { url: 'http://b:5289', priority: 1, weight: 1 }];
    expect(mergeEndpoints(statics, discovered)).toEqual([statics[0], discovered[1]]);
  });
});
