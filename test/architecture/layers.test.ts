import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { type Edge, findCycles, importGraph, scanImports } from '../helpers/source-graph.js';

/**
 * The layers of src/, bottom first. A file may import its own layer or a lower one, never a higher one.
 * A folder entry ends with `/`; a file entry is a path relative to src/.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['util/', 'errors.ts', 'paths.ts', 'version.ts', 'vendors-types/'],
  ['schema/', 'io/'],
  ['format/'],
  ['lifecycle/'],
  ['vendors/'],
  ['typegen/'],
  ['rules/'],
  ['mock/', 'validate/'],
  ['verify/'],
  ['fixtures/'],
  ['contract/'],
  ['record/'],
  ['openapi/'],
  ['init/'],
  ['config/'],
  ['cli/'],
  ['index.ts', 'precompile.ts', 'gen/', 'vitest/', 'msw/'],
];

const MAX_FILE_LINES = 400;
const SRC = join(ROOT, 'src');
const graph = importGraph(SRC);

function layerOf(file: string): number | undefined {
  const at = LAYERS.findIndex((members) =>
    members.some((m) => (m.endsWith('/') ? file.startsWith(m) : file === m)),
  );
  return at === -1 ? undefined : at;
}

const layerName = (at: number) => `layer ${at + 1} [${LAYERS[at]?.join(', ')}]`;
const site = (e: Edge) => `src/${e.from}:${e.line} imports '${e.specifier}'`;

describe('src/ layers', () => {
  it('finds the source files and their imports', () => {
    // Guards the other tests against passing because the scan found nothing.
    expect(graph.files).toContain('cli/program.ts');
    expect(graph.files).toContain('schema/formats.cjs');
    expect(graph.edges.some((e) => e.from === 'cli/program.ts' && e.to === 'errors.ts')).toBe(true);
  });

  it('every file belongs to a declared layer', () => {
    const homeless = graph.files
      .filter((f) => layerOf(f) === undefined)
      .map(
        (f) =>
          `src/${f} is in no layer: add it (or its folder) to LAYERS in test/architecture/layers.test.ts`,
      );
    expect(homeless).toEqual([]);
  });

  it('every relative import names a file in src/', () => {
    const broken = graph.edges
      .filter((e) => e.to === undefined)
      .map((e) => `${site(e)}, which names no file in src/`);
    expect(broken).toEqual([]);
  });

  it('imports point down the layers (same layer or lower)', () => {
    const upward: string[] = [];
    for (const e of graph.edges) {
      if (e.to === undefined) continue;
      const from = layerOf(e.from);
      const to = layerOf(e.to);
      if (from === undefined || to === undefined || to <= from) continue;
      upward.push(`${site(e)} (src/${e.to}): ${layerName(from)} must not import the higher ${layerName(to)}`);
    }
    expect(upward).toEqual([]);
  });

  it('no import cycles between files', () => {
    const cycles = findCycles(graph.files, graph.edges).map((cycle) => {
      const steps = cycle.slice(0, -1).map((from, i) => {
        const edge = graph.edges.find((e) => e.from === from && e.to === cycle[i + 1]) as Edge;
        return site(edge);
      });
      return `import cycle ${cycle.map((f) => `src/${f}`).join(' -> ')}: ${steps.join('; ')}`;
    });
    expect(cycles).toEqual([]);
  });

  // Generated files (the vendor format's types) are kept by `npm run gen`, not by hand.
  it(`no hand-written file in src/ is over ${MAX_FILE_LINES} lines`, () => {
    const long = graph.files
      .filter((f) => !f.includes('.generated.'))
      .map((f) => ({ f, lines: lineCount(readFileSync(join(SRC, f), 'utf8')) }))
      .filter(({ lines }) => lines > MAX_FILE_LINES)
      .map(({ f, lines }) => `src/${f} has ${lines} lines, over the ${MAX_FILE_LINES}-line limit: split it`);
    expect(long).toEqual([]);
  });
});

function lineCount(text: string): number {
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

describe('the import scanner', () => {
  const specifiers = (source: string) => scanImports(source).map((s) => `${s.kind} ${s.specifier}`);

  it('reads static, type-only, re-export, side-effect, dynamic and require imports', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from './b.js';",
      'import {',
      '  c,',
      '  type D,',
      "} from './c.js';",
      "export * from './e.js';",
      "export type { F } from './f.js';",
      "import './g.js';",
      "const h = await import('./h.js');",
      "type I = typeof import('./i.js');",
      "const j = require('./j.cjs');",
    ].join('\n');
    expect(specifiers(source)).toEqual([
      'static ./a.js',
      'static ./b.js',
      'static ./c.js',
      'static ./e.js',
      'static ./f.js',
      'static ./g.js',
      'dynamic ./h.js',
      'dynamic ./i.js',
      'require ./j.cjs',
    ]);
    expect(scanImports(source).find((s) => s.specifier === './c.js')?.line).toBe(6);
  });

  it('ignores imports written in comments, templates and regex literals, keeps the code after them', () => {
    const source = [
      "// import { x } from './comment.js';",
      "/* import('./block.js') */",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: this string is source code holding a template
      'const code = `require("./template.cjs") ${`import(\'./nested.js\')`}`;',
      "const re = /import '.\\/regex.js'/;",
      "const url = 'http://example.com'; import { y } from './after.js';",
    ].join('\n');
    expect(specifiers(source)).toEqual(['static ./after.js']);
  });
});

describe('the cycle finder', () => {
  const edge = (from: string, to: string): Edge => ({ from, to, specifier: to, line: 1, kind: 'static' });

  it('reports each cycle once, as a path back to its start, and nothing for a chain', () => {
    const files = ['a.ts', 'b.ts', 'c.ts', 'd.ts'];
    expect(findCycles(files, [edge('a.ts', 'b.ts'), edge('b.ts', 'c.ts'), edge('c.ts', 'a.ts')])).toEqual([
      ['a.ts', 'b.ts', 'c.ts', 'a.ts'],
    ]);
    expect(findCycles(files, [edge('a.ts', 'b.ts'), edge('b.ts', 'c.ts'), edge('a.ts', 'c.ts')])).toEqual([]);
    expect(findCycles(files, [edge('d.ts', 'd.ts')])).toEqual([['d.ts', 'd.ts']]);
  });

  // The lifecycle engine and the rules run in a browser bundle later (MSW handlers): no Node built-ins
  // at run time there; type-only imports vanish from the bundle and are fine.
  it('lifecycle/, format/ and rules/ import no Node built-in at run time', () => {
    const browserSafe = ['lifecycle/', 'format/', 'rules/'];
    const offenders: string[] = [];
    for (const file of graph.files.filter((f) => browserSafe.some((room) => f.startsWith(room)))) {
      const lines = readFileSync(join(SRC, file), 'utf8').split('\n');
      for (const site of scanImports(lines.join('\n'))) {
        const text = lines[site.line - 1] ?? '';
        const typeOnly = /^\s*(import|export) type\b/.test(text);
        if (/^node:|^(fs|path|http|crypto|module|url|os)$/.test(site.specifier) && !typeOnly) {
          offenders.push(`src/${file}:${site.line} imports '${site.specifier}'`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
