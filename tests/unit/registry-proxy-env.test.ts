// The proxy rule of registry-transport.ts (proxy-env.ts): Go's http.ProxyFromEnvironment, which the
// docker CLI and engine use, case by case where undici's EnvHttpProxyAgent would decide otherwise.
import { describe, expect, it } from 'vitest';
import {
  InvalidProxyError,
  noProxyMatches,
  parseProxyUrl,
  proxyEnvFrom,
  proxyFor,
  proxyLabel,
} from '../../electron/core/registries/proxy-env';

const via = (url: string, env: Parameters<typeof proxyFor>[1]) => proxyFor(new URL(url), env)?.href;
const PROXY = 'http://proxy.example:3128';

describe('proxyEnvFrom', () => {
  it('reads the upper-case name first, then the lower-case one, skipping empty values', () => {
    expect(proxyEnvFrom({ HTTPS_PROXY: 'http://a:1', https_proxy: 'http://b:2' }).httpsProxy).toBe('http://a:1');
    expect(proxyEnvFrom({ HTTPS_PROXY: '', https_proxy: 'http://b:2' }).httpsProxy).toBe('http://b:2');
    expect(proxyEnvFrom({ http_proxy: 'http://c:3', no_proxy: 'x' })).toEqual({
      httpProxy: 'http://c:3',
      httpsProxy: undefined,
      noProxy: 'x',
    });
    expect(proxyEnvFrom({})).toEqual({ httpProxy: undefined, httpsProxy: undefined, noProxy: undefined });
  });
});

describe('proxyFor', () => {
  it('sends https to HTTPS_PROXY and http to HTTP_PROXY, never https to HTTP_PROXY', () => {
    expect(via('https://registry.example/v2/', { httpsProxy: PROXY })).toBe(`${PROXY}/`);
    expect(via('http://registry.example/v2/', { httpProxy: PROXY })).toBe(`${PROXY}/`);
    expect(via('https://registry.example/v2/', { httpProxy: PROXY })).toBeUndefined();
    expect(via('http://registry.example/v2/', { httpsProxy: PROXY })).toBeUndefined();
  });

  it('never proxies localhost or a loopback address, even with NO_PROXY empty', () => {
    const env = { httpsProxy: PROXY, httpProxy: PROXY };
    for (const url of ['https://localhost:5000/v2/', 'http://127.0.0.1:5000/', 'https://127.9.9.9/', 'https://[::1]:5000/']) {
      expect(via(url, env), url).toBeUndefined();
    }
    // A name that merely starts like one is not loopback.
    expect(via('https://localhost.example/', env)).toBe(`${PROXY}/`);
    expect(via('https://128.0.0.1/', env)).toBe(`${PROXY}/`);
  });

  it('reads a proxy without a scheme as http://', () => {
    expect(via('https://r.example/', { httpsProxy: 'proxy.example:3128' })).toBe('http://proxy.example:3128/');
    expect(parseProxyUrl('socks5://p:1080')?.protocol).toBe('socks5:');
  });

  it('fails a request a proxy that is no URL would carry, rather than sending it direct, and never shows its password', () => {
    expect(() => via('https://r.example/', { httpsProxy: 'http://[bad' })).toThrow(new InvalidProxyError('http://[bad'));
    expect(() => via('https://r.example/', { httpsProxy: 'http://[bad' })).toThrow('invalid proxy address http://[bad');
    let thrown: unknown;
    try {
      via('http://r.example/', { httpProxy: 'http://alice:s3cret@[bad:1' });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(InvalidProxyError);
    expect((thrown as Error).message).toBe('invalid proxy address http://[bad:1');
    expect(String((thrown as Error).message)).not.toContain('s3cret');
    expect(new InvalidProxyError('alice:s3cret@[bad:1').message).toBe('invalid proxy address [bad:1');
    // Where the request would not use the proxy anyway, it goes direct as before.
    expect(via('https://127.0.0.1:5000/', { httpsProxy: 'http://[bad' })).toBeUndefined();
    expect(via('https://r.example/', { httpsProxy: 'http://[bad', noProxy: 'r.example' })).toBeUndefined();
    expect(via('http://r.example/', { httpsProxy: 'http://[bad' })).toBeUndefined();
  });

  it('applies NO_PROXY with the default port of the scheme', () => {
    expect(via('https://r.example/', { httpsProxy: PROXY, noProxy: 'r.example:443' })).toBeUndefined();
    expect(via('https://r.example/', { httpsProxy: PROXY, noProxy: 'r.example:80' })).toBe(`${PROXY}/`);
    expect(via('https://r.example:5000/', { httpsProxy: PROXY, noProxy: 'r.example:5000' })).toBeUndefined();
  });
});

describe('noProxyMatches (Go httpproxy semantics)', () => {
  const cases: [noProxy: string, host: string, port: string, direct: boolean][] = [
    ['*', 'anything.example', '443', true],
    ['example.com', 'example.com', '443', true],
    ['example.com', 'registry.example.com', '443', true],
    ['example.com', 'badexample.com', '443', false],
    ['.example.com', 'example.com', '443', false],
    ['.example.com', 'registry.example.com', '443', true],
    ['*.example.com', 'example.com', '443', false],
    ['*.example.com', 'a.b.example.com', '443', true],
    ['example.com:5000', 'example.com', '5000', true],
    ['example.com:5000', 'example.com', '443', false],
    ['EXAMPLE.com', 'Example.COM', '443', true],
    [' other.org , example.com ', 'example.com', '443', true],
    ['10.0.0.0/8', '10.20.30.40', '443', true],
    ['10.0.0.0/8', '11.0.0.1', '443', false],
    // A CIDR or an IP entry matches IP literals only, never a name that may resolve into it.
    ['10.0.0.0/8', 'ten.example', '443', false],
    ['192.168.1.10', '192.168.1.10', '443', true],
    ['192.168.1.10:5000', '192.168.1.10', '5000', true],
    ['192.168.1.10:5000', '192.168.1.10', '443', false],
    ['2001:db8::/32', '2001:db8::5', '443', true],
    ['[2001:db8::1]:5000', '2001:db8:0:0:0:0:0:1', '5000', true],
    ['2001:db8::1', '2001:db8::2', '443', false],
    ['', 'example.com', '443', false],
    [',,', 'example.com', '443', false],
  ];
  it.each(cases)('NO_PROXY=%j, %s:%s -> direct %s', (noProxy, host, port, direct) => {
    expect(noProxyMatches(noProxy, host, port)).toBe(direct);
  });
});

describe('proxyLabel', () => {
  it('never shows the user or the password of a proxy', () => {
    const label = proxyLabel(new URL('http://alice:s3cret-pass@proxy.example:3128/'));
    expect(label).toBe('http://proxy.example:3128');
    expect(label).not.toContain('s3cret');
  });
});
