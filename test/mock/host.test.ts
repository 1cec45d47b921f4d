import { describe, expect, it } from 'vitest';
import { bindHost, closedReason, isLoopbackHost, ownOrigins } from '../../src/mock/host.js';

describe('hosts', () => {
  it.each([
    '127.0.0.1',
    '127.1.2.3',
    'localhost',
    'LOCALHOST',
    '::1',
    '[::1]',
    '0:0:0:0:0:0:0:1',
    '::ffff:127.0.0.1',
  ])('%s is loopback', (host) => expect(isLoopbackHost(host)).toBe(true));

  it.each([
    '0.0.0.0',
    '::',
    '192.168.1.20',
    '10.0.0.1',
    'fe80::1',
    'fe80::1%eth0',
    '::ffff:10.0.0.1',
    'example.com',
  ])('%s reaches beyond this machine', (host) => expect(isLoopbackHost(host)).toBe(false));

  it('an empty host is a usage error; none is loopback', () => {
    expect(() => bindHost('')).toThrow(/every interface/);
    expect(bindHost(undefined)).toBe('127.0.0.1');
    expect(bindHost(' ::1 ')).toBe('::1');
  });

  it('the admin API is closed beyond loopback unless a token or --unsafe-admin opens it', () => {
    expect(closedReason('127.0.0.1', {})).toBeUndefined();
    expect(closedReason('0.0.0.0', {})).toMatch(/--admin-token/);
    expect(closedReason('0.0.0.0', { token: 't' })).toBeUndefined();
    expect(closedReason('::', { unsafe: true })).toBeUndefined();
  });

  it('own origins: every loopback spelling, or the bound address', () => {
    expect(ownOrigins('127.0.0.1', 80)).toContain('http://localhost:80');
    expect(ownOrigins('192.168.1.20', 4010)).toEqual(['http://192.168.1.20:4010']);
    expect(ownOrigins('fd00::2', 4010)).toEqual(['http://[fd00::2]:4010']);
  });
});
