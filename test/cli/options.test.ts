import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { numberOption, writeOutput } from '../../src/cli/options.js';
import { useTempTrees } from '../helpers/fixtures.js';

const tempDir = useTempTrees();
const port = (value: unknown) =>
  numberOption('port', value, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'a port number');

describe('numberOption', () => {
  it.each([
    ['0', 0],
    ['4010', 4010],
    ['65535', 65535],
  ])('%j is %d', (value, n) => {
    expect(port(value)).toBe(n);
  });

  it.each([[''], [undefined], ['x'], ['Infinity'], ['1.5'], ['-1'], ['70000']])(
    '%j is a usage error',
    (value) => {
      expect(() => port(value)).toThrow(
        expect.objectContaining({
          code: 'usage',
          message: `--port must be a port number, not "${String(value)}".`,
        }),
      );
    },
  );
});

describe('writeOutput', () => {
  it('writes the file', () => {
    const file = join(tempDir({}), 'out.txt');
    writeOutput(file, 'hello\n');
    expect(readFileSync(file, 'utf8')).toBe('hello\n');
  });

  it('a file it cannot write is an input error with the code, worded by `what` when given', () => {
    // A file where its folder should be: the folder cannot be made.
    const file = join(tempDir({ taken: 'a file' }), 'taken', 'out.txt');
    expect(() => writeOutput(file, 'x')).toThrow(
      expect.objectContaining({ code: 'input', file, message: `Cannot write ${file}: EEXIST.` }),
    );
    expect(() => writeOutput(file, 'x', `the report to ${file}`)).toThrow(
      expect.objectContaining({ message: `Cannot write the report to ${file}: EEXIST.` }),
    );
  });

  it("makes the file's folder when it does not exist yet (a CI job's report folder)", () => {
    const file = join(tempDir({}), 'reports', 'junit', 'out.xml');
    writeOutput(file, '<x/>');
    expect(readFileSync(file, 'utf8')).toBe('<x/>');
  });
});
