/** The lifecycle room's public face: the machine, the renderer, conditions and sources. */
export * from './conditions.js';
export * from './endings.js';
export * from './machine.js';
export { BodyRenderer } from './render.js';
export {
  fillTemplate,
  type Meaning,
  type RenderContext,
  SOURCES,
  type SourceDef,
  sourceOf,
} from './sources.js';
export { readTime, TIME_FORMATS, timeFormat } from './times.js';
export { reachability } from './transitions.js';
