import { fromBase64Url, toBase64Url } from '../../util/bytes.js';
import type { JsonObject } from '../../util/json.js';
import type { ListSpec } from '../types.js';

/**
 * A list's cursor as data: which query parameters ask for another page and what they hold. The
 * positional styles write the page's start (an offset among the matching jobs) in the query;
 * after-id names a job, so a page stays put while newer jobs arrive.
 */
export type CursorStyle = 'offset' | 'index' | 'page' | 'after-id';

export interface Cursor {
  style: CursorStyle;
  query: string;
  before?: string;
  unknown: 'bad_request' | 'not_found';
  /** The message of that error, when the vendor has its own words. */
  message?: string;
}

/** The string form is the opaque offset token every built-in vendor uses. */
export function cursorOf(spec: ListSpec): Cursor {
  const c = spec.cursor;
  if (typeof c === 'string') return { style: 'offset', query: c, unknown: 'bad_request' };
  return {
    style: c.style,
    query: c.query,
    before: c.before,
    unknown: c.unknown ?? 'bad_request',
    ...(c.message === undefined ? {} : { message: c.message }),
  };
}

/** How a positional style writes an offset in the query and reads it back (undefined: not one). */
export interface Position {
  encode(offset: number, limit: number): string;
  decode(text: string, limit: number): number | undefined;
  /** The query parameter, for the OpenAPI export. */
  parameter: { description: string; schema: JsonObject };
}

export const POSITIONS: Readonly<Record<Exclude<CursorStyle, 'after-id'>, Position>> = {
  offset: {
    encode: (offset) => toBase64Url(`o=${offset}`),
    decode(text) {
      const m = /^o=(\d+)$/.exec(fromBase64Url(text) ?? '');
      return m ? Number(m[1]) : undefined;
    },
    parameter: {
      description: 'Opaque continuation token from the previous page.',
      schema: { type: 'string' },
    },
  },
  index: {
    encode: (offset) => String(offset),
    decode: (text) => (/^\d{1,15}$/.test(text) ? Number(text) : undefined),
    parameter: {
      description: 'Jobs to skip, newest first (default 0).',
      schema: { type: 'string', pattern: '^[0-9]+$' },
    },
  },
  page: {
    encode: (offset, limit) => String(Math.floor(offset / limit) + 1),
    decode: (text, limit) => (/^[1-9]\d{0,14}$/.test(text) ? (Number(text) - 1) * limit : undefined),
    parameter: {
      description: 'Page number, from 1 (default 1).',
      schema: { type: 'string', pattern: '^[1-9][0-9]*$' },
    },
  },
};

/** The after-id style's query parameters, for the OpenAPI export. */
export function idParameters(cursor: Cursor): JsonObject[] {
  const out: JsonObject[] = [
    {
      name: cursor.query,
      in: 'query',
      required: false,
      description: 'A job id from a previous page: the page of jobs after it (older).',
      schema: { type: 'string' },
    },
  ];
  if (cursor.before) {
    out.push({
      name: cursor.before,
      in: 'query',
      required: false,
      description: 'A job id from a previous page: the page of jobs just before it (newer).',
      schema: { type: 'string' },
    });
  }
  return out;
}
