import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES_OF_MEANING } from '../../src/gen/doc-text.js';
import { EXAMPLE_VENDOR, generatedFiles } from '../../src/gen/files.js';
import { SOURCES } from '../../src/lifecycle/sources.js';
import { BUILTIN_ROOT } from '../../src/paths.js';
import { createRegistry } from '../../src/vendors/registry.js';

const doc = (await generatedFiles()).find((f) => f.path === 'docs/vendor-format.md')?.text ?? '';
const schema = JSON.parse(readFileSync(join(BUILTIN_ROOT, 'mocks', 'lifecycle.schema.json'), 'utf8'));

describe('docs/vendor-format.md', () => {
  it('is as `npm run gen` writes it', () => {
    const committed = readFileSync(join(BUILTIN_ROOT, 'docs', 'vendor-format.md'), 'utf8');
    expect(committed === doc, 'docs/vendor-format.md differs from the schema: run npm run gen').toBe(true);
  });

  it('lists every source with the rules its meaning carries', () => {
    const ruleNames: string[] = schema.properties.rules.propertyNames.enum;
    for (const [name, source] of Object.entries(SOURCES)) {
      expect(doc).toContain(`| \`${source.arg ? `${name}:<${source.arg}>` : name}\` |`);
      for (const rule of source.meaning ? RULES_OF_MEANING(source.meaning) : []) {
        expect(ruleNames, `${name} carries ${rule}`).toContain(rule);
      }
    }
  });

  it('documents every top-level key in its own section', () => {
    for (const key of ['status', 'conditions', 'body', 'api', 'rules', 'mock']) {
      expect(doc).toContain(`## ${key}\n`);
      expect(doc).toContain(`- **\`${key}\`** (`);
    }
  });

  it('shows an example vendor file that loads', () => {
    const registry = createRegistry({ roots: [join(BUILTIN_ROOT, EXAMPLE_VENDOR.roots)], builtins: false });
    expect(registry.names()).toEqual([EXAMPLE_VENDOR.name]);
    const vendor = registry.get(EXAMPLE_VENDOR.name);
    expect(vendor.lifecycle.mock?.scenarios.happy).toBeDefined();
    const text = readFileSync(vendor.source.lifecycle, 'utf8');
    expect(doc).toContain(`\`\`\`json\n${text.trimEnd()}\n\`\`\``);
  });
});
