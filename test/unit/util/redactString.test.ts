import { describe, expect, it } from 'vitest';
import { isSecretKey, redactString } from '../../../src/logging/index.js';

describe('redactString', () => {
  it.each([
    ['a password in a URL', 'GET http://svc:hunter2@tasks.corp:5289/api/tasks', 'GET http://svc:[REDACTED]@tasks.corp:5289/api/tasks'],
    ['a password in a URL of another scheme', 'amqp://worker:p%40ss@mq.corp/vhost', 'amqp://worker:[REDACTED]@mq.corp/vhost'],
    ['a token in a query string', 'https://h/api?page=2&access_token=abc.def&x=1', 'https://h/api?page=2&access_token=[REDACTED]&x=1'],
    ['an Authorization header with Bearer', 'Authorization: Bearer abc123', 'Authorization: Bearer [REDACTED]'],
    ['an Authorization header with Basic', 'authorization=Basic dXNlcjpwYXNz, then', 'authorization=Basic [REDACTED], then'],
    ['an Authorization header without a scheme', 'Proxy-Authorization: s3cr3t', 'Proxy-Authorization: [REDACTED]'],
    ['a bearer token on its own', 'retrying with bearer eyJ0eXAi.abc-_~+/=', 'retrying with bearer [REDACTED]'],
    ['a JWT on its own', 'token was eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_part', 'token was [REDACTED]'],
    ['a password= pair in a connection string', 'Server=db;User Id=sa;Password=S3cret!;Encrypt=true', 'Server=db;User Id=sa;Password=[REDACTED];Encrypt=true'],
    ['a JSON text', '{"user":"bob","password":"p@ss word","apiKey":"k"}', '{"user":"bob","password":"[REDACTED]","apiKey":"[REDACTED]"}'],
    ['a JSON Authorization header', '{"Authorization":"Bearer xyz"}', '{"Authorization":"Bearer [REDACTED]"}'],
    ['a header line of an API key', 'x-api-key: k-123 sent', 'x-api-key: [REDACTED] sent'],
    ['a single-quoted secret', "client_secret='abc' ok", "client_secret='[REDACTED]' ok"],
  ])('removes %s', (_name, input, expected) => {
    expect(redactString(input)).toBe(expected);
  });

  it('leaves ordinary text and secret-looking setting names alone', () => {
    const text = 'RetryBudgetTokenRatio=0.1 RetryBudgetMaxTokens=10 Idempotency-Key: 7f3a status=503 http://tasks.corp:5289/api';
    expect(redactString(text)).toBe(text);
  });

  it('changes nothing the second time', () => {
    const once = redactString('http://u:p@h Authorization: Bearer t password=x {"token":"y"} bearer z');
    expect(redactString(once)).toBe(once);
    expect(once).toBe('http://u:[REDACTED]@h Authorization: Bearer [REDACTED] password=[REDACTED] {"token":"[REDACTED]"} bearer [REDACTED]');
  });
});

describe('isSecretKey', () => {
  it.each(['password', 'Password', 'dbPassword', 'passwd', 'pwd', 'token', 'accessToken', 'refresh_token', 'secret', 'clientSecret',
    'apikey', 'apiKey', 'api_key', 'x-api-key', 'Authorization', 'proxy-authorization', 'cookie', 'Set-Cookie', 'credentials', 'privateKey'])(
    'treats %s as a secret', (key) => {
      expect(isSecretKey(key)).toBe(true);
    });

  it.each(['retryBudgetTokenRatio', 'RetryBudgetMaxTokens', 'tokens', 'passwordHash', 'idempotencyKey', 'key', 'user', 'url', 'authorizationMode'])(
    'treats %s as ordinary', (key) => {
      expect(isSecretKey(key)).toBe(false);
    });
});
