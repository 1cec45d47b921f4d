import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedFiles } from '../../src/gen/files.js';
import { BUILTIN_ROOT } from '../../src/paths.js';

const files = await generatedFiles();

describe('files generated from the format schemas', () => {
  it.each(files.map((f) => [f.path, f]))('%s is as `npm run gen` writes it', (_path, file) => {
    const committed = readFileSync(join(BUILTIN_ROOT, file.path), 'utf8');
    expect(committed === file.text, `${file.path} differs from its schema: run npm run gen`).toBe(true);
  });

  it('names the types the code uses', () => {
    const types = files.find((f) => f.path.endsWith('vendor-file.generated.ts'))?.text ?? '';
    for (const name of ['VendorFile', 'FieldSpec', 'MockSpec', 'Scenario', 'Step', 'ApiSpec', 'RouteSpec']) {
      expect(types).toMatch(new RegExp(`export (interface|type) ${name}\\b`));
    }
    expect(types).not.toMatch(/\b[A-Z]\w*1\b/); // no copies of a type under a numbered name
  });
});
