/**
 * A vendor's body types, named for `import type { PinpointExportJob } from 'jobkit/vendors'`:
 * every type starts with the vendor's prefix (so the vendors' files can be re-exported side by
 * side), and the status body's type drops a trailing `Response` (Pinpoint's `ExportJobResponse`
 * is the `PinpointExportJob`). `jobkit types` and `npm run gen` both print through here.
 */
import type { Vendor } from '../vendors/registry.js';
import { printDeclarations } from './schema-ts.js';

/** The built-ins' names as their makers spell them; any other vendor's is its name in PascalCase. */
const PREFIXES: Record<string, string> = {
  posthog: 'PostHog',
  fullstory: 'FullStory',
  weaviate: 'Weaviate',
  pinpoint: 'Pinpoint',
  dakera: 'Dakera',
};

export function vendorPrefix(name: string): string {
  return PREFIXES[name] ?? pascal(name);
}

/**
 * The TypeScript name of the vendor's status body: its schema's name without a trailing
 * `Response`, unless another of its schemas already has that name (FullStory's JobStatusResponse
 * beside JobStatus).
 */
export function statusTypeName(
  vendor: Pick<Vendor, 'name' | 'root'> & { schemas?: Vendor['schemas'] },
): string {
  const short = pascal(vendor.root).replace(/(?<=.)Response$/, '');
  const taken = (vendor.schemas?.names() ?? []).some((d) => d !== vendor.root && pascal(d) === short);
  return `${vendorPrefix(vendor.name)}${taken ? pascal(vendor.root) : short}`;
}

/** The declarations of the vendor's status body and every schema it uses, as a module's text. */
export function vendorTypes(vendor: Pick<Vendor, 'name' | 'root' | 'title' | 'schemas'>): string {
  const prefix = vendorPrefix(vendor.name);
  const nameOf = (def: string) => (def === vendor.root ? statusTypeName(vendor) : `${prefix}${pascal(def)}`);
  const declarations = printDeclarations({
    document: vendor.schemas.bundle.document,
    roots: [vendor.root],
    nameOf,
  });
  return `// ${vendor.title}: the status body (${vendor.root}) and the schemas it uses, from schemas/${vendor.name}/.\n\n${declarations}\n`;
}

function pascal(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = words.map((w) => `${w[0]?.toUpperCase() ?? ''}${w.slice(1)}`).join('');
  return /^[0-9]/.test(joined) ? `_${joined}` : joined || '_';
}
