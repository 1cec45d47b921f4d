import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding jobkit's own schemas/, mocks/, contracts/ and package.json (the package root). */
export const BUILTIN_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
