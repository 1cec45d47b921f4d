/**
 * Finds where JSON text first goes wrong. JSON.parse on Node 20 often says only
 * `Unexpected token '}', "{"x":}" is not valid JSON`, with no position, and the wording differs
 * between Node versions; this scanner gives the same offset and reason on every version.
 * Only run after JSON.parse has failed: it is the cold path.
 */
export function locateJsonError(text: string): { offset: number; reason: string } {
  const scan = new Scanner(text);
  try {
    scan.value(0);
    scan.ws();
    if (scan.i < text.length) scan.fail(`unexpected ${scan.describe(scan.i)} after the JSON value`);
  } catch (error) {
    if (error instanceof Located) return { offset: error.offset, reason: error.reason };
    throw error;
  }
  return { offset: text.length, reason: 'invalid JSON' };
}

class Located {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}

/** A recursive-descent reader of JSON that throws `Located` at the first thing it cannot read. */
class Scanner {
  i = 0;
  private readonly n: number;

  constructor(private readonly text: string) {
    this.n = text.length;
  }

  fail(reason: string, at = this.i): never {
    throw new Located(at, reason);
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
    if (depth > 10_000) this.fail('nested too deeply');
    this.ws();
    const c = this.text[this.i];
    if (c === '{') this.object(depth);
    else if (c === '[') this.array(depth);
    else if (c === '"') this.string();
    else if (c === 't') this.literal('true');
    else if (c === 'f') this.literal('false');
    else if (c === 'n') this.literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) this.number();
    else this.fail(`unexpected ${this.describe(this.i)}, expected a JSON value`);
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
        this.fail(`expected a property name in double quotes, got ${this.describe(this.i)}`);
      this.string();
      this.ws();
      if (this.text[this.i] !== ':')
        this.fail(`expected ':' after the property name, got ${this.describe(this.i)}`);
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
    return this.fail(`expected ',' or '${close}' in ${what}, got ${this.describe(this.i)}`);
  }

  private literal(word: string): void {
    for (let k = 0; k < word.length; k++) {
      if (this.text[this.i + k] !== word[k]) this.fail(`invalid literal: expected "${word}"`, this.i + k);
    }
    this.i += word.length;
  }

  private string(): void {
    this.i++; // opening quote
    for (;;) {
      if (this.i >= this.n) this.fail('unterminated string');
      const c = this.text.charCodeAt(this.i);
      if (c === 34) {
        this.i++;
        return;
      }
      if (c < 32) this.fail('control character in string (escape it)');
      if (c === 92) this.escape();
      else this.i++;
    }
  }

  private escape(): void {
    const e = this.text[this.i + 1];
    if (e === 'u') {
      if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.i + 2, this.i + 6)))
        this.fail('bad \\u escape in string');
      this.i += 6;
    } else if (e !== undefined && '"\\/bfnrt'.includes(e)) this.i += 2;
    else this.fail('bad escape in string', this.i + 1);
  }

  private number(): void {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.i, this.i + 400));
    if (!m || m[0] === '-' || m[0] === '') this.fail(`unexpected ${this.describe(this.i)}`);
    this.i += (m as RegExpExecArray)[0].length;
  }
}
