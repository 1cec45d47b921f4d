import { suiteFileTarget, vendorFileTarget } from './targets.js';
import { generateTypes } from './types.js';

export interface GeneratedFile {
  /** Relative to the package root. */
  path: string;
  text: string;
}

/** Every generated file's path and content, from the schemas as they are now. */
export async function generatedFiles(root?: string): Promise<GeneratedFile[]> {
  const files: GeneratedFile[] = [];
  for (const target of [vendorFileTarget(root), suiteFileTarget(root)]) {
    files.push({ path: target.output, text: await generateTypes(target) });
  }
  return files;
}
