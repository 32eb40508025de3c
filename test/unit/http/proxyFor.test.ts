import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/errors/index.js';
import { bypasses, parseProxyUrl, proxyFor, splitPatterns } from '../../../src/http/proxyFor.js';

const PROXY = 'http://proxy.corp.example:3128';

describe('proxyFor: which variable', () => {
  it('uses HTTP_PROXY for an http base URL and HTTPS_PROXY for an https one', () => {
    const env = { HTTP_PROXY: 'http://plain:1', HTTPS_PROXY: 'http://secure:2' };
    expect(proxyFor('http://server/', {}, env)).toMatchObject({ host: 'plain', port: 1, source: 'HTTP_PROXY' });
    expect(proxyFor('https://server/', {}, env)).toMatchObject({ host: 'secure', port: 2, source: 'HTTPS_PROXY' });
  });

  it('reads the lower-case names first, and either case alone', () => {
    expect(proxyFor('http://server/', {}, { http_proxy: 'http://lower:1', HTTP_PROXY: 'http://upper:2' })).toMatchObject({ host: 'lower' });
    expect(proxyFor('https://server/', {}, { https_proxy: 'http://lower:1' })).toMatchObject({ host: 'lower' });
    expect(proxyFor('https://server/', {}, { HTTPS_PROXY: 'http://upper:2' })).toMatchObject({ host: 'upper' });
  });

  it('is direct with no proxy, or with only the other protocol\'s proxy, or an empty one', () => {
    expect(proxyFor('http://server/', {}, {})).toBeUndefined();
    expect(proxyFor('https://server/', {}, { HTTP_PROXY: PROXY })).toBeUndefined();
    expect(proxyFor('http://server/', {}, { HTTPS_PROXY: PROXY })).toBeUndefined();
    expect(proxyFor('http://server/', {}, { HTTP_PROXY: '  ' })).toBeUndefined();
  });

  it('takes a proxy without a scheme as http, and port 80 when none is given', () => {
    expect(proxyFor('http://server/', {}, { HTTP_PROXY: 'proxy:3128' })).toMatchObject({ host: 'proxy', port: 3128, label: 'proxy:3128' });
    expect(proxyFor('http://server/', {}, { HTTP_PROXY: 'http://proxy' })).toMatchObject({ port: 80, label: 'proxy:80' });
  });

  it('Connection:ProxyUrl wins over the environment, for both protocols', () => {
    const env = { HTTP_PROXY: 'http://env:1', HTTPS_PROXY: 'http://env:2' };
    for (const base of ['http://server/', 'https://server/']) {
      expect(proxyFor(base, { proxyUrl: PROXY }, env)).toMatchObject({ host: 'proxy.corp.example', source: 'Connection:ProxyUrl' });
    }
    expect(proxyFor('http://server/', { proxyUrl: null }, env)).toMatchObject({ host: 'env' });
  });

  it('Connection:ProxyBypassList wins over NO_PROXY (an empty list bypasses nothing)', () => {
    expect(proxyFor('http://server/', { proxyBypassList: ['server'] }, { HTTP_PROXY: PROXY, NO_PROXY: '' })).toBeUndefined();
    expect(proxyFor('http://server/', { proxyBypassList: [] }, { HTTP_PROXY: PROXY, NO_PROXY: '*' })).toBeDefined();
    expect(proxyFor('http://server/', { proxyBypassList: null }, { HTTP_PROXY: PROXY, NO_PROXY: '*' })).toBeUndefined();
  });
});

describe('proxyFor: NO_PROXY forms', () => {
  const direct = (baseUrl: string, noProxy: string): boolean =>
    proxyFor(baseUrl, {}, { HTTP_PROXY: PROXY, HTTPS_PROXY: PROXY, no_proxy: noProxy }) === undefined;

  it('* bypasses everything', () => {
    expect(direct('http://anything.example/', '*')).toBe(true);
    expect(direct('https://10.0.0.1/', '*')).toBe(true);
  });

  it('a host name matches itself and its subdomains, not a longer name', () => {
    expect(direct('http://corp.example/', 'corp.example')).toBe(true);
    expect(direct('http://api.corp.example/', 'corp.example')).toBe(true);
    expect(direct('http://a.b.corp.example/', 'corp.example')).toBe(true);
    expect(direct('http://notcorp.example/', 'corp.example')).toBe(false);
    expect(direct('http://corp.example.org/', 'corp.example')).toBe(false);
  });

  it('a leading dot (or *.) is a domain suffix that matches the domain itself too', () => {
    expect(direct('http://api.corp.example/', '.corp.example')).toBe(true);
    expect(direct('http://corp.example/', '.corp.example')).toBe(true);
    expect(direct('http://api.corp.example/', '*.corp.example')).toBe(true);
    expect(direct('http://notcorp.example/', '.corp.example')).toBe(false);
  });

  it('is case-insensitive and ignores a trailing dot', () => {
    expect(direct('http://API.Corp.Example/', 'corp.EXAMPLE')).toBe(true);
    expect(direct('http://api.corp.example./', 'corp.example')).toBe(true);
  });

  it('host:port matches that port only (the default port when the URL has none)', () => {
    expect(direct('http://server:8080/', 'server:8080')).toBe(true);
    expect(direct('http://server:8081/', 'server:8080')).toBe(false);
    expect(direct('http://server/', 'server:80')).toBe(true);
    expect(direct('https://server/', 'server:443')).toBe(true);
    expect(direct('https://server/', 'server:80')).toBe(false);
  });

  it('an IPv4 address matches that address exactly, with or without a port', () => {
    expect(direct('http://10.1.2.3:5289/', '10.1.2.3')).toBe(true);
    expect(direct('http://10.1.2.3:5289/', '10.1.2.3:5289')).toBe(true);
    expect(direct('http://10.1.2.3:5289/', '10.1.2.3:80')).toBe(false);
    expect(direct('http://110.1.2.3/', '10.1.2.3')).toBe(false);
    expect(direct('http://10.1.2.30/', '10.1.2.3')).toBe(false);
  });

  it('an IPv6 address, bare or in brackets (with a port)', () => {
    expect(direct('http://[::1]:5289/', '::1')).toBe(true);
    expect(direct('http://[::1]:5289/', '[::1]')).toBe(true);
    expect(direct('http://[::1]:5289/', '[::1]:5289')).toBe(true);
    expect(direct('http://[::1]:5289/', '[::1]:80')).toBe(false);
    expect(direct('http://[::2]/', '::1')).toBe(false);
  });

  it('a list: comma and/or space separated, blanks ignored', () => {
    expect(direct('http://b.example/', 'a.example, b.example')).toBe(true);
    expect(direct('http://c.example/', 'a.example  c.example,,')).toBe(true);
    expect(direct('http://d.example/', 'a.example, b.example')).toBe(false);
    expect(splitPatterns(' a, b  c,,d ')).toEqual(['a', 'b', 'c', 'd']);
    expect(bypasses('x', 80, [])).toBe(false);
    expect(bypasses('x', 80, ['', ' '])).toBe(false);
  });

  it('reads NO_PROXY in upper case when no_proxy is not set', () => {
    expect(proxyFor('http://server/', {}, { HTTP_PROXY: PROXY, NO_PROXY: 'server' })).toBeUndefined();
  });
});

describe('parseProxyUrl', () => {
  it('builds Proxy-Authorization from user:password@ (percent-decoded) and keeps them out of the label', () => {
    const proxy = parseProxyUrl('http://us%40er:p%3Ass@proxy:3128');
    expect(proxy).toMatchObject({ username: 'us@er', password: 'p:ss', label: 'proxy:3128' });
    expect(proxy.authorization).toBe(`Basic ${Buffer.from('us@er:p:ss').toString('base64')}`);
    expect(parseProxyUrl('http://proxy:3128').authorization).toBeUndefined();
  });

  it('refuses what is not an http:// proxy URL, without echoing the credentials', () => {
    expect(() => parseProxyUrl('socks5://user:secret-pw@proxy:1080')).toThrow(InvalidArgumentError);
    expect(() => parseProxyUrl('http://')).toThrow(InvalidArgumentError);
    try {
      parseProxyUrl('https://user:secret-pw@proxy:443');
    } catch (error) {
      expect(String(error)).not.toContain('secret-pw');
    }
  });
});
