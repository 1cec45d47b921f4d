import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** YAML parsing, loaded on first use: the built-in vendors are JSON, and a cold start need not load a parser. */
export function parseYaml(text: string): unknown {
  return (require('yaml') as typeof import('yaml')).parse(text);
}
