import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { type HostileServer, hostileServer } from '../helpers/hostile-server.js';

let server: HostileServer;
beforeAll(async () => {
  server = await hostileServer({ counted: { kind: 'json', body: { Id: 'job1', JobStatus: 'PROCESSING' } } });
});
afterAll(() => server.close());

describe('check: usage errors exit 2 before any request', () => {
  const quick = (extra: string[], url?: (s: HostileServer) => string) => () => [
    'check',
    '--vendor',
    'pinpoint',
    '--url',
    url ? url(server) : server.url('counted', 'job1'),
    '--timeout-ms',
    '1000',
    ...extra,
  ];
  it.each([
    ['a --header without a colon', quick(['--header', 'NoColon']), /--header must look like "Name: value"/],
    ['a --header name with a space', quick(['--header', 'Bad Name: x']), /"Bad Name" is not a header name/],
    ['a --header name with a slash', quick(['--header', 'a/b: x']), /"a\/b" is not a header name/],
    [
      'a --header value with a line break',
      quick(['--header', 'X-Token: a\r\nInjected: 1']),
      /the value holds a character a header cannot carry/,
    ],
    ['a --header value beyond Latin-1', quick(['--header', 'X-Name: 名前']), /cannot carry/],
    [
      'malformed percent-encoding in --url',
      quick([], (s) => `${s.url('counted')}/%E0%A4%A`),
      /has a malformed percent-encoding in its path/,
    ],
    [
      'a --url that is not a URL',
      quick([], () => 'notaurl'),
      /--url must be an http\(s\) URL, not "notaurl"/,
    ],
    ['a --url that is not http(s)', quick([], () => 'file:///etc/passwd'), /--url must be an http\(s\) URL/],
    [
      'a negative --interval-ms',
      quick(['--interval-ms=-5']),
      /--interval-ms must be a whole number of milliseconds, not "-5"/,
    ],
    ['a NaN --interval-ms', quick(['--interval-ms', 'NaN']), /--interval-ms must be a whole number/],
    ['a fractional --timeout-ms', quick(['--timeout-ms', '1.5']), /--timeout-ms must be a whole number/],
    [
      'a --max-body-bytes of 0',
      quick(['--max-body-bytes', '0']),
      /--max-body-bytes must be a whole number of bytes above 0/,
    ],
    [
      '--base-url notaurl',
      () => ['check', 'contracts/pinpoint.yaml', '--base-url', 'notaurl'],
      /--base-url must be an http\(s\) URL, not "notaurl"/,
    ],
  ])('%s', async (_what, argv, message) => {
    const before = server.requests('counted');
    const run = await cli(argv());
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.code).toBe(2);
    expect(server.requests('counted')).toBe(before);
  });

  it('a good header is sent as given', async () => {
    const value = "a b\tc!#$%&'*+-.^_`|~";
    const run = await cli(
      quick(['--header', `X-Token: ${value}`, '--allow-static', '--interval-ms', '10'])(),
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(server.lastHeaders('counted')?.['x-token']).toBe(value);
  });
});
