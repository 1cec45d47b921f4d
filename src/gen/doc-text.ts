/** The hand-written prose of docs/vendor-format.md, and which schema keys each section lists. */
import type { Meaning } from '../lifecycle/sources.js';

export const INTRO = `
A **vendor** is one job-status API that jobkit knows: PostHog batch export runs, FullStory
operations, Weaviate exports, AWS Pinpoint export jobs, Dakera imports, or one of yours. A vendor
is two things in a folder:

- \`schemas/<vendor>/\`: the JSON Schema (or OpenAPI) files of its bodies. \`jobkit validate\`
  checks a body against them.
- \`mocks/<vendor>/lifecycle.json\` (or \`.yaml\`): the **vendor file**, described here, whose
  JSON Schema is \`mocks/lifecycle.schema.json\`.

The vendor file keeps apart what the API **is** and how the mock **plays** it. What it *is*: its
states and legal transitions (\`status\`), what each field of its status body means and when it is
set (\`body\`, with named \`conditions\`), its routes and error bodies (\`api\`), and the
contract runner's documented relaxations (\`rules\`). How the mock *plays* it: \`mock\`, the ids
it makes, how much work a job does, the scenarios a job can follow and what the admin controls do.

The mock server and the contract runner share the one definition. The mock renders every status
body from \`body\`; the runner derives its checks from the same declarations: a field declared
\`"from": "time.finished"\` is the finished time, so the runner checks that it is set once the job is
terminal and never changes after; \`"from": "count.done"\` is a counter, so it must never go down
(the table of sources below says which rule each carries). A vendor without a \`mock\` section can
still be validated and checked.

Point jobkit at your own vendors with \`--vendors <folder>\` or \`JOBKIT_VENDORS\`: the folder holds
\`schemas/<vendor>/\` and \`mocks/<vendor>/lifecycle.json\`, as [the example](#a-complete-example) does.
`;

export interface Section {
  title: string;
  text: string;
  /** [key path as the reader writes it, schema pointer]; an object's keys follow it. */
  keys: [string, string][];
  /** List the body sources here. */
  sources?: boolean;
  /** List the rule names here. */
  rules?: boolean;
}

const conditionForm = (i: number, name: string): [string, string] => [
  `{"${name}": …}`,
  `/$defs/condition/oneOf/${i}/properties/${name}`,
];

export const SECTIONS: Section[] = [
  {
    title: 'The file',
    text: "The top of the file: the vendor's name and words about it, and the schema its status body follows.",
    keys: [
      ['$schema', '/properties/$schema'],
      ['name', '/properties/name'],
      ['replaces', '/properties/replaces'],
      ['title', '/properties/title'],
      ['description', '/properties/description'],
      ['docs', '/properties/docs'],
      ['schema', '/properties/schema'],
    ],
  },
  {
    title: 'status',
    text: "The states a job can be in, and the moves between them that the API makes. The contract runner flags an unknown status, an illegal move and a move out of a terminal state; the mock's scenarios may only walk legal moves.",
    keys: [['status', '/properties/status']],
  },
  {
    title: 'conditions',
    text: "A **Condition** says when a field is set (`when`). It is a name: `always`, `started` (past the first step), `active` (not terminal), `terminal`, `success`, `failure`, `cancelled` (how it ended), or a name from the file's `conditions`; or one of the objects below, which combine. In `status.derive` a condition reads the body instead (`present`, `equals`, combined with `not`, `all`, `any` and `always`), and only there. The runner evaluates conditions over every way a job can end, so a field that may stay unset in a terminal state (a cancel endpoint that writes no finished time) is not flagged there.",
    keys: [
      ['conditions', '/properties/conditions'],
      ['Condition', '/$defs/condition'],
      conditionForm(1, 'states'),
      conditionForm(2, 'endedBy'),
      conditionForm(3, 'pieces'),
      conditionForm(4, 'present'),
      conditionForm(5, 'equals'),
      conditionForm(6, 'not'),
      conditionForm(7, 'all'),
      conditionForm(8, 'any'),
    ],
  },
  {
    title: 'body',
    text: "The status body, field by field: each key is a field of the body, and its **Field** says what it means (`from`, one of the sources below) and when it is set. Fields the file does not declare are filled by json-schema-faker from the vendor's schema, once per job.",
    keys: [
      ['body', '/properties/body'],
      ['body.<field>', '/$defs/field'],
    ],
    sources: true,
  },
  {
    title: 'api',
    text: "The vendor's HTTP routes and error bodies, as the mock serves them and the OpenAPI export describes them. Templates (`{{name}}`) in bodies are filled per answer: a string that is exactly one hole takes the value's type, `{{name|null}}` falls back to null, and a hole with no value drops its key. A list route pages the way its API does, with `list.cursor`: an opaque token (PostHog, Pinpoint, Google's pageToken, Azure's $skiptoken), a plain offset with a `{{total}}` (offset/limit APIs), a page number, or the id of the last job seen (OpenAI's `after`/`before` with `{{has_more}}`, `{{first_id}}`, `{{last_id}}`), handed back as a bare token or, with `next: url`, as a full URL (Django REST framework's next, Azure's nextLink). A route's response headers are templates too, over its job: `{{statusUrl}}` is the job's status URL under the request's origin (a 202 create's `Location` or `Operation-Location`), and `{{retryAfter}}` the status route's seconds for the job's state now (`status.retryAfter`), so `\"Retry-After\": \"{{retryAfter}}\"` is sent while the job runs and not once it is terminal. The mock fills a status answer's headers with its body, once per rendering.",
    keys: [
      ['api', '/properties/api'],
      ['api.routes[]', '/$defs/route'],
      ['api.routes[].list.cursor', '/$defs/route/properties/list/properties/cursor/oneOf/1'],
      ['Response', '/$defs/response'],
      ['api.errors.kinds.<kind>', '/$defs/errorKind'],
    ],
  },
  {
    title: 'rules',
    text: "The contract runner's rules apply to every vendor; here a vendor switches one off, or relaxes it where its documentation says so.",
    keys: [['rules', '/properties/rules']],
    rules: true,
  },
  {
    title: 'mock',
    text: "How the mock plays the vendor's jobs. Every random draw is seeded per job, so a job looks the same on every poll and every run with the same seed.",
    keys: [
      ['mock', '/properties/mock'],
      ['mock.controls.<control>', '/$defs/control'],
      ['Range', '/$defs/range'],
    ],
  },
];

/**
 * The rules of src/rules/ that a source's meaning brings to its field (what rules/model.ts
 * collects for it). test/format/doc.test.ts checks the names against the schema's rule list.
 */
export function RULES_OF_MEANING(meaning: Meaning): string[] {
  switch (meaning.kind) {
    case 'id':
      return ['id-constant'];
    case 'time':
      if (meaning.time === 'created') return ['created-constant', 'time-order'];
      if (meaning.time === 'started') return ['started-constant', 'time-order'];
      if (meaning.time === 'finished') return ['finished-when-terminal', 'finished-constant', 'time-order'];
      if (meaning.time === 'began') return ['state-time', 'time-order'];
      return ['state-time'];
    case 'duration':
      return ['derived-duration'];
    case 'total':
      return ['total-stable', 'totals-consistent'];
    case 'part':
      return meaning.group === 'pieces' && meaning.part === 'failed'
        ? ['monotonic', 'totals-consistent', 'success-without-failed-pieces']
        : ['monotonic', 'totals-consistent'];
    case 'processed':
      return ['monotonic', 'totals-consistent'];
    case 'grows':
      return ['monotonic'];
    case 'progress':
      return ['progress-range', 'monotonic'];
    case 'list-part':
      return ['totals-consistent'];
    case 'tree':
      return ['monotonic', 'success-without-failed-pieces'];
    case 'object':
    case 'piece-status':
      return [];
  }
}
