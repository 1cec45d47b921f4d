import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';

/** One module specifier written in a source file, with where it was written. */
export interface ImportSite {
  specifier: string;
  line: number;
  kind: 'static' | 'dynamic' | 'require';
}

/** An import between two files of the scanned tree, as paths relative to that tree (posix). */
export interface Edge extends ImportSite {
  from: string;
  /** The imported file, relative to the tree; `undefined` when no file answers the specifier. */
  to: string | undefined;
}

const KEYWORDS_BEFORE_REGEX = new Set([
  'return',
  'typeof',
  'case',
  'do',
  'else',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'yield',
  'await',
]);

/**
 * The source with comments, template literals and regex literals blanked (newlines kept, so line
 * numbers still hold) and ordinary string literals kept, because specifiers are ordinary strings.
 * Blanking templates keeps generated code such as `require("…")` inside a template from counting.
 */
export function blankNonCode(source: string): string {
  const out = source.split('');
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  // Each entry is the brace depth at which a `${` of an enclosing template was opened.
  const templates: number[] = [];
  let depth = 0;
  let i = 0;
  const skipTemplate = (start: number): number => {
    let j = start;
    while (j < source.length) {
      const c = source[j];
      if (c === '\\') j += 2;
      else if (c === '`') return j + 1;
      else if (c === '$' && source[j + 1] === '{') {
        templates.push(depth);
        depth++;
        return j + 2;
      } else j++;
    }
    return j;
  };
  while (i < source.length) {
    const c = source[i];
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      const stop = end === -1 ? source.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? source.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < source.length && source[j] !== c && source[j] !== '\n') j += source[j] === '\\' ? 2 : 1;
      i = j + 1;
    } else if (c === '`') {
      const stop = skipTemplate(i + 1);
      blank(i, stop);
      i = stop;
    } else if (c === '/' && regexMayStart(source, i)) {
      const stop = skipRegex(source, i);
      blank(i, stop);
      i = stop;
    } else if (c === '{') {
      depth++;
      i++;
    } else if (c === '}') {
      depth--;
      if (templates.length > 0 && templates[templates.length - 1] === depth) {
        templates.pop();
        const stop = skipTemplate(i + 1);
        blank(i, stop);
        i = stop;
      } else i++;
    } else i++;
  }
  return out.join('');
}

function regexMayStart(source: string, at: number): boolean {
  let j = at - 1;
  while (j >= 0 && /\s/.test(source[j] as string)) j--;
  if (j < 0) return true;
  const prev = source[j] as string;
  if ('(,=:[!&|?{};+-*%<>~^'.includes(prev)) return true;
  if (!/[A-Za-z_$]/.test(prev)) return false;
  let k = j;
  while (k >= 0 && /[A-Za-z0-9_$]/.test(source[k] as string)) k--;
  return KEYWORDS_BEFORE_REGEX.has(source.slice(k + 1, j + 1));
}

function skipRegex(source: string, at: number): number {
  let j = at + 1;
  let inClass = false;
  while (j < source.length && source[j] !== '\n') {
    const c = source[j];
    if (c === '\\') j++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) break;
    j++;
  }
  j++;
  while (j < source.length && /[a-z]/.test(source[j] as string)) j++;
  return j;
}

const PATTERNS: { kind: ImportSite['kind']; re: RegExp }[] = [
  // `import x from`, `import type { X } from`, `export * from`, `export type { X } from`
  { kind: 'static', re: /(?:^|[;}\n])\s*(?:import|export)\b[^;'"]*?\bfrom\s*(['"])([^'"\n]+)\1/g },
  // `import './side-effect.js'`
  { kind: 'static', re: /(?:^|[;}\n])\s*import\s*(['"])([^'"\n]+)\1/g },
  // `import('./x.js')`, also `typeof import('./x.js')` in a type
  { kind: 'dynamic', re: /\bimport\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g },
  { kind: 'require', re: /\brequire\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g },
];

/** Every module specifier written as a literal in `source`, in source order. */
export function scanImports(source: string): ImportSite[] {
  const code = blankNonCode(source);
  const sites: (ImportSite & { at: number })[] = [];
  for (const { kind, re } of PATTERNS) {
    for (const match of code.matchAll(re)) {
      const specifier = match[2] as string;
      const at = (match.index ?? 0) + match[0].lastIndexOf(specifier);
      sites.push({ specifier, kind, at, line: code.slice(0, at).split('\n').length });
    }
  }
  return sites.sort((a, b) => a.at - b.at).map(({ at: _at, ...site }) => site);
}

const SOURCE_FILE = /\.(ts|cts|mts|cjs|mjs|js)$/;

/** Files under `root` that hold code (declaration files excluded), relative and posix, sorted. */
export function sourceFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) found.push(toPosix(root, full));
    }
  };
  walk(root);
  return found.sort();
}

function toPosix(root: string, full: string): string {
  return relative(root, full).split(sep).join('/');
}

/** The file a relative specifier means, as NodeNext resolves TypeScript sources (`.js` is the `.ts`). */
function resolveRelative(root: string, from: string, specifier: string): string | undefined {
  const target = posix.normalize(posix.join(posix.dirname(from), specifier));
  const candidates = [target];
  if (target.endsWith('.js')) candidates.unshift(`${target.slice(0, -3)}.ts`);
  if (target.endsWith('.cjs')) candidates.push(`${target.slice(0, -4)}.cts`);
  if (target.endsWith('.mjs')) candidates.push(`${target.slice(0, -4)}.mts`);
  return candidates.find((c) => !c.startsWith('../') && existsSync(join(root, c)));
}

/** Every relative import of every source file under `root` (package imports are not edges). */
export function importGraph(root: string): { files: string[]; edges: Edge[] } {
  const files = sourceFiles(root);
  const edges: Edge[] = [];
  for (const from of files) {
    for (const site of scanImports(readFileSync(join(root, from), 'utf8'))) {
      if (!site.specifier.startsWith('.')) continue;
      edges.push({ ...site, from, to: resolveRelative(root, from, site.specifier) });
    }
  }
  return { files, edges };
}

/** The cycles of a directed graph: one per strongly connected component of two or more files (or a self-import), as a path that returns to its start. */
export function findCycles(files: readonly string[], edges: readonly Edge[]): string[][] {
  const out = new Map<string, string[]>(files.map((f) => [f, []]));
  for (const e of edges) if (e.to !== undefined) out.get(e.from)?.push(e.to);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v) as number);
    stack.push(v);
    onStack.add(v);
    for (const w of out.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || out.get(v)?.includes(v)) components.push(component);
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return components.map((component) => cycleWithin(new Set(component), out));
}

/** One concrete cycle through a strongly connected component, starting at its first file in sort order. */
function cycleWithin(component: Set<string>, out: Map<string, string[]>): string[] {
  const start = [...component].sort()[0] as string;
  // Breadth-first from start, staying inside the component, until an edge comes back to start.
  const parent = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift() as string;
    for (const w of out.get(v) ?? []) {
      if (!component.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(parent.get(path[0] as string) as string);
        return [...path, start];
      }
      if (!parent.has(w)) {
        parent.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}
