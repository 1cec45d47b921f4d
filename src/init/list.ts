import type { ListSpec, RouteSpec } from '../format/types.js';
import type { ApiDocument, Operation } from './document.js';
import { type QueryParam, queryParams, success } from './operation.js';
import type { Resource } from './resource.js';
import { type SchemaView, squash } from './schema-view.js';
import type { InferredStates } from './states.js';

export interface InferredList {
  route?: RouteSpec;
  lines: string[];
  undecided: string[];
}

const LIMIT = ['limit', 'maxpagesize', 'pagesize', 'perpage', 'maxresults', 'top', 'size', 'count', 'first'];
const TOKEN = [
  'pagetoken',
  'nexttoken',
  'cursor',
  'continuationtoken',
  'skiptoken',
  'token',
  'startingafter',
  'nextpagetoken',
  'page',
];
const NEXT =
  /^(next|nextlink|nexturl|nextpage|nextpagetoken|nexttoken|nextcursor|cursor|continuationtoken|odatanextlink)$/;

/** A list route from a GET on the collection: its envelope, page size and cursor. */
export function inferList(
  doc: ApiDocument,
  op: Operation,
  resource: Resource,
  states: InferredStates,
): InferredList {
  const out: InferredList = { lines: [], undecided: [] };
  const envelope = success(doc, op)?.schema;
  if (!envelope) return out;
  const itemsKey = [...envelope.properties].find(
    ([, v]) => v.type === 'array' && v.items?.name === resource.name,
  )?.[0];
  if (!itemsKey && !(envelope.type === 'array' && envelope.items?.name === resource.name)) {
    out.undecided.push(`GET ${op.path} answers no list of ${resource.name}; not served as a list`);
    return out;
  }
  const params = queryParams(doc, op);
  const body = itemsKey ? envelopeOf(envelope, itemsKey, out) : '{{items}}';
  const cursor = cursorOf(params, envelope);
  const limit = limitOf(params);
  const status = params.find((p) => ['status', 'statuses', 'state', 'statusfilter'].includes(squash(p.name)));
  const list: ListSpec = {
    ...(limit ? { limit } : {}),
    cursor: cursor.spec,
    ...(cursor.url ? { next: 'url' as const } : {}),
    ...(status ? { statusFilter: status.name } : {}),
    body,
  };
  out.lines.push(
    `list: ${itemsKey ? `items in /${itemsKey}` : 'a bare array'}, ${cursor.words}${limit ? `, page size ${limit.query ? `?${limit.query}=` : ''}${limit.default} (max ${limit.max})` : ''}${status ? `, ?${status.name}= filters by status` : ''}`,
  );
  void states;
  return {
    ...out,
    route: { method: 'GET', path: op.path, action: 'list', schema: envelope.name ?? resource.name, list },
  };
}

function envelopeOf(envelope: SchemaView, itemsKey: string, out: InferredList): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, v] of envelope.properties) {
    const s = squash(name);
    if (name === itemsKey) body[name] = '{{items}}';
    else if (NEXT.test(s)) body[name] = v.nullable ? '{{next|null}}' : '{{next}}';
    else if (/^(previous|prev|prevlink|previouslink|previouspagetoken)$/.test(s))
      body[name] = v.nullable ? '{{previous|null}}' : '{{previous}}';
    else if (s === 'hasmore' || s === 'more' || s === 'hasnext') body[name] = '{{has_more}}';
    else if (s === 'firstid') body[name] = v.nullable ? '{{first_id|null}}' : '{{first_id}}';
    else if (s === 'lastid') body[name] = v.nullable ? '{{last_id|null}}' : '{{last_id}}';
    else if (
      /^(total|totalcount|count|odatacount|totalitems|totalresults)$/.test(s) &&
      (v.type === 'integer' || v.type === 'number')
    )
      body[name] = '{{total}}';
    else if (v.enum?.length === 1) body[name] = v.enum[0];
    else if (envelope.required.has(name)) {
      out.undecided.push(
        `list envelope /${name}: required, but nothing the list knows fills it; sent as ${v.nullable ? 'null' : 'nothing'}`,
      );
      if (v.nullable) body[name] = null;
    }
  }
  return body;
}

function cursorOf(
  params: QueryParam[],
  envelope: SchemaView,
): { spec: ListSpec['cursor']; url: boolean; words: string } {
  const names = new Map(params.map((p) => [squash(p.name), p.name]));
  const nextKey = [...envelope.properties.keys()].find((k) => NEXT.test(squash(k)));
  const nextView = nextKey ? envelope.properties.get(nextKey) : undefined;
  const url =
    !!nextKey && (/link|url/i.test(nextKey) || nextView?.format === 'uri' || squash(nextKey) === 'next');
  const after = names.get('after');
  if (after && !names.has('skip')) {
    const before = names.get('before');
    return {
      spec: { style: 'after-id', query: after, ...(before ? { before } : {}) },
      url: false,
      words: `pages after ?${after}=<id>${before ? ` (and ?${before}=)` : ''}`,
    };
  }
  const skip = names.get('skip') ?? names.get('offset');
  if (skip)
    return {
      spec: { style: 'index', query: skip },
      url,
      words: `pages by ?${skip}=<n>${url ? `, next page as a URL in ${nextKey}` : ''}`,
    };
  const token = TOKEN.map((t) => names.get(t)).find((n) => n !== undefined);
  if (token === names.get('page') && token !== undefined)
    return { spec: { style: 'page', query: token }, url, words: `pages by ?${token}=<n>` };
  const query = token ?? 'pageToken';
  return {
    spec: query,
    url,
    words: `an opaque token in ?${query}=${token ? '' : ' (guessed)'}${url ? `, next page as a URL in ${nextKey}` : nextKey ? `, handed back in ${nextKey}` : ''}`,
  };
}

function limitOf(params: QueryParam[]): ListSpec['limit'] | undefined {
  const p = LIMIT.map((l) => params.find((q) => squash(q.name) === l)).find((q) => q !== undefined);
  if (!p) return undefined;
  const max = p.maximum ?? p.schema?.maximum ?? 100;
  const def = typeof p.default === 'number' ? p.default : Math.min(20, max);
  return { query: p.name, default: def, max };
}
