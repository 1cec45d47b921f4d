import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES, runCli } from '../../src/cli/program.js';
import type { JobkitErrorCode } from '../../src/errors.js';

function sink(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return Object.assign(stream, { text: () => chunks.join('') });
}

describe('the exit table', () => {
  it('every JobkitError code is a usage or input error, exit 2', () => {
    const codes: JobkitErrorCode[] = [
      'usage',
      'input',
      'vendor-unknown',
      'vendor-load',
      'schema-load',
      'lifecycle-load',
    ];
    expect(Object.keys(EXIT_CODES).sort()).toEqual([...codes].sort());
    for (const code of codes) expect(EXIT_CODES[code]).toBe(2);
  });

  it.each([
    [['nope'], 'Unknown command "nope"'],
    [['validate', 'no-such-vendor', 'x.json'], 'Unknown vendor "no-such-vendor"'],
  ])('runCli %j prints the message once and exits with the code from the table', async (argv, message) => {
    const stdout = sink();
    const stderr = sink();
    const code = await runCli(argv, { stdout, stderr, env: {} });
    expect(code).toBe(2);
    expect(stderr.text()).toContain(`jobkit: ${message}`);
    expect(stderr.text()).not.toContain('internal error');
  });
});
