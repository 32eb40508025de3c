import { AxiosError } from 'axios';
import { describe, expect, it } from 'vitest';
import { NetworkError } from '../../../src/errors/index.js';
import { classifyFailure, toAttemptError } from '../../../src/http/classifyFailure.js';
import { ProxyError } from '../../../src/http/ProxyTunnelAgent.js';

describe('a proxy\'s own refusal', () => {
  it.each([
    [407, 'EPROXY_AUTH', false],
    [401, 'EPROXY_AUTH', false],
    [403, 'EPROXY_403', false],
    [500, 'EPROXY_500', true],
    [502, 'EPROXY_502', true],
    [503, 'EPROXY_503', true],
    [504, 'EPROXY_504', true],
  ])('HTTP %i is %s, transient: %s', (status, code, transient) => {
    const refusal = new ProxyError('proxy.corp.example:3128', status, ' to CONNECT tasks.corp.example:443');
    for (const thrown of [refusal, new AxiosError(refusal.message, refusal.code, undefined, undefined, undefined)]) {
      if (thrown instanceof AxiosError) thrown.cause = refusal;
      const error = toAttemptError(thrown, 'getTasks');
      expect(error).toBeInstanceOf(NetworkError);
      expect(error).toMatchObject({ errorCode: code, retryable: transient, operation: 'getTasks' });
      expect(error.message).toContain('proxy proxy.corp.example:3128');
      expect(classifyFailure(thrown, 'getTasks')).toMatchObject({ kind: 'network', transient });
    }
  });
});
