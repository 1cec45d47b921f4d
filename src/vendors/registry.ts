import { readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { BUILTIN_ROOT } from '../paths.js';
import { type Ajv2020, createAjv } from '../schema/ajv.js';
import { displayPath, loadSchemaBundle } from '../schema/bundle.js';
import { compileBundle } from '../schema/compile.js';
import { fileHash, loadPrecompiled, precompiledDir, sourceHash } from '../schema/precompiled.js';
import { version } from '../version.js';
import { assembleVendor, unknownVendor } from './assemble.js';

export { unknownVendor } from './assemble.js';

import { discoverVendors, type FoundVendor, type VendorRoot } from './discover.js';
import { readVendorFile } from './read-file.js';
import type { Registry, Vendor } from './types.js';

export type { Registry, Vendor, VendorState } from './types.js';

export interface RegistryOptions {
  /**
   * Extra folders, each with `schemas/<vendor>/` and `mocks/<vendor>/lifecycle.json`; `from` says
   * where a folder was named (`--vendors`), for messages. Two folders defining one vendor are an
   * error; a vendor takes a built-in's name only if its file says `"replaces": "<name>"`.
   */
  roots?: (string | { dir: string; from?: string })[];
  /** Load jobkit's five built-in vendors (default true). */
  builtins?: boolean;
  /**
   * Run once on each vendor when it is first loaded, after its files load; throwing (a
   * JobkitError) fails that get() and every later one. The load self-check (src/verify/) is
   * handed in here: it renders through the mock, a layer above this one.
   */
  verify?: (vendor: Vendor) => void;
}

/** Folders from the JOBKIT_VENDORS environment variable (path-list separated). */
export function rootsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.JOBKIT_VENDORS ?? '').split(delimiter).filter((p) => p.trim() !== '');
}

/** The folders to search, built-ins first; a folder named twice (or the built-ins' own) is searched once. */
function rootsOf(options: RegistryOptions): VendorRoot[] {
  const out: VendorRoot[] = options.builtins === false ? [] : [{ root: BUILTIN_ROOT, builtin: true }];
  const seen = new Set([resolve(BUILTIN_ROOT)]);
  for (const r of options.roots ?? []) {
    const { dir, from } = typeof r === 'string' ? { dir: r, from: undefined } : r;
    const root = resolve(dir);
    if (seen.has(root)) continue;
    seen.add(root);
    out.push({ root, builtin: false, ...(from === undefined ? {} : { from }) });
  }
  return out;
}

export function createRegistry(options: RegistryOptions = {}): Registry {
  const found = discoverVendors(rootsOf(options));

  let ajv: Ajv2020 | undefined;
  const getAjv = () => {
    ajv ??= createAjv();
    return ajv;
  };
  let fileValidator: ValidateFunction | undefined;
  const validator = () => {
    fileValidator ??= vendorFileValidator(getAjv);
    return fileValidator;
  };
  const loaded = new Map<string, Vendor>();
  const names = [...found.keys()].sort();

  const get = (name: string): Vendor => {
    const cached = loaded.get(name);
    if (cached) return cached;
    const where = found.get(name);
    if (!where) throw unknownVendor(name, names);
    const vendor = loadVendor(getAjv, validator, name, where);
    options.verify?.(vendor);
    loaded.set(name, vendor);
    return vendor;
  };

  return {
    names: () => [...names],
    has: (name) => found.has(name),
    get,
    locate: (name) => {
      const where = found.get(name);
      return (
        where && { root: where.root, builtin: where.builtin, replacesBuiltin: where.replacesBuiltin === true }
      );
    },
    createAjv: () => createAjv(),
  };
}

/** The vendor format's own validator: precompiled at build time, else compiled once per registry. */
function vendorFileValidator(getAjv: () => Ajv2020): ValidateFunction | undefined {
  const metaPath = join(BUILTIN_ROOT, 'mocks', 'lifecycle.schema.json');
  const precompiled = loadPrecompiled(precompiledDir(BUILTIN_ROOT), 'lifecycle', fileHash(metaPath))?.get(
    'lifecycle',
  );
  if (precompiled) return precompiled;
  const ajv = getAjv();
  const metaId = 'https://jobkit.invalid/lifecycle.schema.json';
  if (!ajv.getSchema(metaId)) ajv.addSchema(JSON.parse(readFileSync(metaPath, 'utf8')));
  return ajv.getSchema(metaId);
}

function loadVendor(
  getAjv: () => Ajv2020,
  validator: () => ValidateFunction | undefined,
  name: string,
  where: FoundVendor,
): Vendor {
  const lifecycle = readVendorFile(name, where.lifecycle, validator());
  const schemasDir = join(where.root, 'schemas', name);
  const precompiled = where.builtin
    ? loadPrecompiled(precompiledDir(BUILTIN_ROOT), name, sourceHash(schemasDir, where.lifecycle, version()))
    : undefined;
  const schemas = compileBundle(getAjv, name, loadSchemaBundle(name, schemasDir), precompiled);
  return assembleVendor(
    name,
    lifecycle,
    schemas,
    {
      root: where.root,
      schemas: schemasDir,
      lifecycle: where.lifecycle,
      builtin: where.builtin,
      replacesBuiltin: where.replacesBuiltin === true,
    },
    { lifecycle: displayPath(where.lifecycle), schemas: displayPath(schemasDir) },
  );
}
