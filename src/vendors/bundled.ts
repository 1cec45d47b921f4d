import type { VendorFile } from '../format/types.js';
import type { Ajv2020 } from '../schema/ajv.js';
import type { SchemaBundle } from '../schema/bundle-doc.js';
import { compileBundle } from '../schema/compile.js';
import { assembleVendor, unknownVendor } from './assemble.js';
import type { Registry, Vendor } from './types.js';

/**
 * One vendor as data: its vendor file and its schemas as one bundle document, as JSON (made in
 * Node by `bundleVendors`, read anywhere, a browser included, by `createBundledRegistry`).
 */
export interface VendorBundle {
  format: 'jobkit-vendor-bundle/1';
  name: string;
  /** One of jobkit's own vendors. */
  builtin: boolean;
  lifecycle: VendorFile;
  schemas: Omit<SchemaBundle, 'formats'> & { formats: [name: string, pointer: string][] };
}

/** A loaded vendor as a bundle (plain JSON: it survives JSON.stringify). */
export function toVendorBundle(vendor: Vendor): VendorBundle {
  const { bundle } = vendor.schemas;
  return structuredClone({
    format: 'jobkit-vendor-bundle/1',
    name: vendor.name,
    builtin: vendor.source.builtin,
    lifecycle: vendor.lifecycle,
    schemas: { ...bundle, formats: [...bundle.formats.entries()] },
  });
}

/**
 * A registry over vendor bundles: no files are read, each vendor is compiled on first use with
 * an Ajv from `createAjv` (one per registry). The bundles were checked when they were made.
 */
export function createBundledRegistry(bundles: readonly VendorBundle[], createAjv: () => Ajv2020): Registry {
  const byName = new Map(bundles.map((b) => [b.name, b]));
  const names = [...byName.keys()].sort();
  const loaded = new Map<string, Vendor>();
  let ajv: Ajv2020 | undefined;
  const getAjv = () => {
    ajv ??= createAjv();
    return ajv;
  };
  const get = (name: string): Vendor => {
    const cached = loaded.get(name);
    if (cached) return cached;
    const data = byName.get(name);
    if (!data) throw unknownVendor(name, names);
    const bundle: SchemaBundle = { ...data.schemas, formats: new Map(data.schemas.formats) };
    const schemas = compileBundle(getAjv, name, bundle);
    const source = `bundle:${name}`;
    const vendor = assembleVendor(name, data.lifecycle, schemas, {
      root: source,
      schemas: `${source}/schemas`,
      lifecycle: `${source}/lifecycle`,
      builtin: data.builtin,
      replacesBuiltin: false,
    });
    loaded.set(name, vendor);
    return vendor;
  };
  return {
    names: () => [...names],
    has: (name) => byName.has(name),
    get,
    locate: (name) => {
      const data = byName.get(name);
      return data && { root: `bundle:${name}`, builtin: data.builtin, replacesBuiltin: false };
    },
    createAjv,
  };
}
