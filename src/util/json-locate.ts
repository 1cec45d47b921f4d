/**
 * Finds where JSON text first goes wrong. JSON.parse on Node 20 often says only
 * `Unexpected token '}', "{"x":}" is not valid JSON`, with no position, and the wording differs
 * between Node versions; this scanner gives the same offset and reason on every version.
 * `goReason` is the same fault as Go's encoding/json words it (`invalid character 'x' looking for
 * beginning of value`, `unexpected EOF`), for vendors whose servers are written in Go and echo it.
 * Only run after JSON.parse has failed: it is the cold path.
 */
export function locateJsonError(text: string): { offset: number; reason: string; goReason: string } {
  const scan = new Scanner(text);
  try {
    scan.value(0);
    scan.ws();
    if (scan.i < text.length)
      scan.fail(`unexpected ${scan.describe(scan.i)} after the JSON value`, scan.i, 'after top-level value');
  } catch (error) {
    if (error instanceof Located)
      return { offset: error.offset, reason: error.reason, goReason: error.goReason };
    throw error;
  }
  return { offset: text.length, reason: 'invalid JSON', goReason: 'invalid JSON' };
}

class Located {
  constructor(
    readonly offset: number,
    readonly reason: string,
    readonly goReason: string,
  ) {}
}

/** Go's SyntaxError text, or the decoder's io.ErrUnexpectedEOF when the text ends first. */
function goWords(text: string, at: number, context: string): string {
  if (at >= text.length) return 'unexpected EOF';
  return `invalid character ${goQuoteChar(text, at)} ${context}`;
}

/** strconv.Quote's short escapes, by byte. */
const GO_ESCAPES: Readonly<Record<number, string>> = {
  7: 'a',
  8: 'b',
  9: 't',
  10: 'n',
  11: 'v',
  12: 'f',
  13: 'r',
  92: '\\',
};

/** Go's quoteChar of the byte at `offset`: the first UTF-8 byte, read as a rune, quoted. */
function goQuoteChar(text: string, offset: number): string {
  const code = text.codePointAt(offset) as number;
  const byte = code < 0x80 ? code : (new TextEncoder().encode(String.fromCodePoint(code))[0] as number);
  if (byte === 0x27) return "'\\''";
  if (byte === 0x22) return "'\"'";
  const letter = GO_ESCAPES[byte];
  if (letter !== undefined) return `'\\${letter}'`;
  if (byte < 0x20 || byte === 0x7f) return `'\\x${byte.toString(16).padStart(2, '0')}'`;
  if ((byte >= 0x80 && byte <= 0xa0) || byte === 0xad) return `'\\u${byte.toString(16).padStart(4, '0')}'`;
  return `'${String.fromCharCode(byte)}'`;
}

/** A recursive-descent reader of JSON that throws `Located` at the first thing it cannot read. */
class Scanner {
  i = 0;
  /** Where Go's scanner would fail instead, when this one fails at `at` (see number()). */
  private goTail: { at: number; goAt: number; context: string } | undefined;
  private readonly n: number;

  constructor(private readonly text: string) {
    this.n = text.length;
  }

  /** `goContext` words the character at `goAt` as Go's scanner does; past the end it is EOF. */
  fail(reason: string, at: number, goContext: string, goAt = at): never {
    const tail = this.goTail?.at === at ? this.goTail : undefined;
    throw new Located(at, reason, goWords(this.text, tail?.goAt ?? goAt, tail?.context ?? goContext));
  }

  describe(at: number): string {
    return at >= this.n ? 'end of input' : `'${this.text[at]}'`;
  }

  ws(): void {
    while (this.i < this.n) {
      const c = this.text.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.i++;
      else break;
    }
  }

  value(depth: number): void {
    if (depth > 10_000) this.fail('nested too deeply', this.i, 'exceeded max depth');
    this.ws();
    const c = this.text[this.i];
    if (c === '{') this.object(depth);
    else if (c === '[') this.array(depth);
    else if (c === '"') this.string();
    else if (c === 't') this.literal('true');
    else if (c === 'f') this.literal('false');
    else if (c === 'n') this.literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) this.number();
    else
      this.fail(
        `unexpected ${this.describe(this.i)}, expected a JSON value`,
        this.i,
        'looking for beginning of value',
      );
  }

  private object(depth: number): void {
    this.i++;
    this.ws();
    if (this.text[this.i] === '}') {
      this.i++;
      return;
    }
    for (;;) {
      this.ws();
      if (this.text[this.i] !== '"')
        this.fail(
          `expected a property name in double quotes, got ${this.describe(this.i)}`,
          this.i,
          'looking for beginning of object key string',
        );
      this.string();
      this.ws();
      if (this.text[this.i] !== ':')
        this.fail(
          `expected ':' after the property name, got ${this.describe(this.i)}`,
          this.i,
          'after object key',
        );
      this.i++;
      this.value(depth + 1);
      if (this.closes('}', 'object')) return;
    }
  }

  private array(depth: number): void {
    this.i++;
    this.ws();
    if (this.text[this.i] === ']') {
      this.i++;
      return;
    }
    for (;;) {
      this.value(depth + 1);
      if (this.closes(']', 'array')) return;
    }
  }

  /** After a member: true at the closing bracket, false after a comma; anything else fails. */
  private closes(close: '}' | ']', what: string): boolean {
    this.ws();
    const c = this.text[this.i];
    if (c === ',' || c === close) {
      this.i++;
      return c === close;
    }
    return this.fail(
      `expected ',' or '${close}' in ${what}, got ${this.describe(this.i)}`,
      this.i,
      close === '}' ? 'after object key:value pair' : 'after array element',
    );
  }

  private literal(word: string): void {
    for (let k = 0; k < word.length; k++) {
      if (this.text[this.i + k] !== word[k])
        this.fail(
          `invalid literal: expected "${word}"`,
          this.i + k,
          `in literal ${word} (expecting '${word[k]}')`,
        );
    }
    this.i += word.length;
  }

  private string(): void {
    this.i++; // opening quote
    for (;;) {
      if (this.i >= this.n) this.fail('unterminated string', this.i, 'in string literal');
      const c = this.text.charCodeAt(this.i);
      if (c === 34) {
        this.i++;
        return;
      }
      if (c < 32) this.fail('control character in string (escape it)', this.i, 'in string literal');
      if (c === 92) this.escape();
      else this.i++;
    }
  }

  private escape(): void {
    const e = this.text[this.i + 1];
    if (e === 'u') {
      const hex = /^[0-9a-fA-F]{0,4}/.exec(this.text.slice(this.i + 2, this.i + 6))?.[0] ?? '';
      if (hex.length < 4)
        this.fail(
          'bad \\u escape in string',
          this.i,
          'in \\u hexadecimal character escape',
          this.i + 2 + hex.length,
        );
      this.i += 6;
    } else if (e !== undefined && '"\\/bfnrt'.includes(e)) this.i += 2;
    else this.fail('bad escape in string', this.i + 1, 'in string escape code');
  }

  private number(): void {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.i, this.i + 400));
    if (!m || m[0] === '-' || m[0] === '')
      this.fail(`unexpected ${this.describe(this.i)}`, this.i, 'in numeric literal', this.i + 1);
    this.i += (m as RegExpExecArray)[0].length;
    // A `.` or an exponent with no digit after it: this scanner fails at the `.` or `e` (no value
    // goes on with one); Go's fails inside the number, at the character that should be a digit.
    const next = this.text[this.i];
    if (next === '.')
      this.goTail = { at: this.i, goAt: this.i + 1, context: 'after decimal point in numeric literal' };
    else if (next === 'e' || next === 'E') {
      const sign = this.text[this.i + 1] === '+' || this.text[this.i + 1] === '-' ? 1 : 0;
      this.goTail = { at: this.i, goAt: this.i + 1 + sign, context: 'in exponent of numeric literal' };
    }
  }
}
