// The byte-level reader under scan-istanbul.ts: whitespace, strings, the keys istanbul writes,
// safe integers, positions and locations, and a checked skip of any other JSON value. Anything it
// does not expect throws BAIL: the caller gives up and takes the full path.
/** Thrown inside the scanner when the input is not plain, valid istanbul JSON of the usual shape. */
const BAIL: unique symbol = Symbol('bail');

export function bail(): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- a private sentinel, never seen outside
  throw BAIL;
}

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
export const COLON = 58;
const OPEN_BRACE = 123;
export const CLOSE_BRACE = 125;
export const OPEN_BRACKET = 91;
export const CLOSE_BRACKET = 93;
const ZERO = 48;
const NINE = 57;

/** Keys the scanner knows, by their bytes; the first ones double as bits of a seen-mask. */
const KEYS = [
  'path',
  'statementMap',
  'fnMap',
  'branchMap',
  's',
  'f',
  'b',
  'all',
  'start',
  'end',
  'line',
  'column',
  'name',
  'decl',
  'loc',
  'locations',
  'type',
  'hash',
  '_coverageSchema',
  'inputSourceMap',
] as const;
type KeyName = (typeof KEYS)[number];
export const K = Object.fromEntries(KEYS.map((k, i) => [k, i])) as Record<KeyName, number>;
/** Candidate keys by length and first byte. */
const KEY_TABLE = new Map<number, { index: number; bytes: number[] }[]>();
for (const [index, key] of KEYS.entries()) {
  const bytes = [...Buffer.from(key, 'latin1')];
  const slot = (bytes.length << 8) | (bytes[0] as number);
  const list = KEY_TABLE.get(slot) ?? [];
  list.push({ index, bytes });
  KEY_TABLE.set(slot, list);
}
export const UNKNOWN = -1;

/**
 * Reads JSON bytes from position `p` on, one token at a time, checking exactly what `JSON.parse`
 * checks for the parts it reads; each method throws BAIL on anything else.
 */
export class Scanner {
  p = 0;
  constructor(readonly b: Buffer) {}

  ws(): number {
    const b = this.b;
    let p = this.p;
    let c = b[p];
    while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++p];
    this.p = p;
    return c ?? -1;
  }

  expect(c: number): void {
    if (this.ws() !== c) bail();
    this.p += 1;
  }

  /** After a member: `,` (true: another follows) or `close` (false). */
  more(close: number): boolean {
    const c = this.ws();
    this.p += 1;
    if (c === COMMA) return true;
    if (c !== close) bail();
    return false;
  }

  /** Opens an object; true when it has a first member. */
  open(): boolean {
    this.expect(OPEN_BRACE);
    if (this.ws() !== CLOSE_BRACE) return true;
    this.p += 1;
    return false;
  }

  /** Skips a string's body (the opening quote consumed); returns true if it has escapes. */
  stringBody(): boolean {
    const b = this.b;
    let p = this.p;
    let escaped = false;
    for (;;) {
      const c = b[p];
      if (c === QUOTE) break;
      if (c === undefined || c < 32) bail();
      if (c === BACKSLASH) {
        escaped = true;
        p += 2;
      } else p += 1;
    }
    this.p = p + 1;
    return escaped;
  }

  string(): string {
    this.expect(QUOTE);
    const start = this.p;
    const escaped = this.stringBody();
    if (!escaped) return this.b.toString('utf8', start, this.p - 1);
    // An invalid escape throws: the scan gives up.
    return JSON.parse(this.b.toString('utf8', start - 1, this.p)) as string;
  }

  /** Where the last key's text starts (after its quote) and ends (after its closing quote); no escapes. */
  keyStart = 0;
  keyEnd = 0;

  /** A known key (its index in KEYS) or UNKNOWN; consumes the `:` after it. */
  key(): number {
    this.expect(QUOTE);
    const b = this.b;
    const start = this.p;
    this.keyStart = start;
    const escaped = this.stringBody();
    this.keyEnd = this.p;
    const length = this.p - 1 - start;
    let found = UNKNOWN;
    // istanbul writes no escaped key; one could spell a known key another way: give up.
    if (escaped) bail();
    const candidates = KEY_TABLE.get((length << 8) | (b[start] as number));
    if (candidates !== undefined) {
      for (const { index, bytes } of candidates) {
        let i = 1;
        while (i < length && b[start + i] === bytes[i]) i += 1;
        if (i === length) {
          found = index;
          break;
        }
      }
    }
    this.expect(COLON);
    return found;
  }

  /**
   * The value of a member this reader does not use, known key `k` or not: checked and skipped;
   * `others` (created on first use) catches a repeated one.
   */
  other(k: number, others: Set<string> | undefined): Set<string> {
    const name =
      k === UNKNOWN ? this.b.toString('utf8', this.keyStart, this.keyEnd - 1) : (KEYS[k] as string);
    const set = others ?? new Set<string>();
    if (set.has(name)) bail();
    set.add(name);
    this.skip();
    return set;
  }

  /** The key of item `index` of a map: it must be exactly `String(index)`; consumes the `:`. */
  id(index: number): void {
    this.expect(QUOTE);
    if (this.int() !== index || this.b[this.p] !== QUOTE) bail();
    this.p += 1;
    this.expect(COLON);
  }

  /** A non-negative safe integer, no fraction or exponent. */
  int(): number {
    const b = this.b;
    let p = this.p;
    let c = b[p] as number;
    if (c === ZERO) {
      c = b[++p] as number;
      if (c >= ZERO && c <= NINE) bail();
      this.p = p;
      if (c === 46 || c === 101 || c === 69) bail();
      return 0;
    }
    if (!(c >= ZERO && c <= NINE)) bail();
    let n = 0;
    const start = p;
    while (c >= ZERO && c <= NINE) {
      n = n * 10 + (c - ZERO);
      c = b[++p] as number;
    }
    // Up to 16 digits the sum is exact below 2^53 and at least 2^53 above it (rounding is monotonic).
    if (p - start > 16 || n > Number.MAX_SAFE_INTEGER || c === 46 || c === 101 || c === 69) {
      bail();
    }
    this.p = p;
    return n;
  }

  value(): number {
    this.ws();
    return this.int();
  }

  /** `null`, after whitespace. */
  isNull(): boolean {
    const b = this.b;
    const p = this.p;
    if (b[p] !== 110) return false;
    if (b[p + 1] !== 117 || b[p + 2] !== 108 || b[p + 3] !== 108) bail();
    this.p = p + 4;
    return true;
  }

  /** `true` or `false` after whitespace, or undefined (nothing consumed). */
  boolean(): boolean | undefined {
    const b = this.b;
    const p = this.p;
    if (b[p] === 116 && b[p + 1] === 114 && b[p + 2] === 117 && b[p + 3] === 101) {
      this.p = p + 4;
      return true;
    }
    if (
      b[p] === 102 &&
      b[p + 1] === 97 &&
      b[p + 2] === 108 &&
      b[p + 3] === 115 &&
      b[p + 4] === 101
    ) {
      this.p = p + 5;
      return false;
    }
    return undefined;
  }

  /** Any JSON value, checked and skipped; an object that repeats a key gives up. */
  skip(): void {
    const c = this.ws();
    if (c === QUOTE) {
      this.p += 1;
      this.stringBody();
    } else if (c === OPEN_BRACE) {
      if (!this.open()) return;
      const keys = new Set<string>();
      do {
        const k = this.string();
        if (keys.has(k)) bail();
        keys.add(k);
        this.expect(COLON);
        this.skip();
      } while (this.more(CLOSE_BRACE));
    } else if (c === OPEN_BRACKET) {
      this.p += 1;
      if (this.ws() === CLOSE_BRACKET) {
        this.p += 1;
        return;
      }
      do this.skip();
      while (this.more(CLOSE_BRACKET));
    } else if (this.boolean() === undefined && !this.isNull()) this.number();
  }

  /** A JSON number (any), skipped. */
  number(): void {
    const b = this.b;
    let p = this.p;
    if (b[p] === 45) p += 1;
    const digits = (): void => {
      const from = p;
      while ((b[p] as number) >= ZERO && (b[p] as number) <= NINE) p += 1;
      if (p === from) bail();
    };
    if (b[p] === ZERO) p += 1;
    else digits();
    if (b[p] === 46) {
      p += 1;
      digits();
    }
    if (b[p] === 101 || b[p] === 69) {
      p += 1;
      if (b[p] === 43 || b[p] === 45) p += 1;
      digits();
    }
    this.p = p;
  }

  /**
   * A position `{line, column}` appended to `out` as line, column (null: -1); or, when `empty` is
   * allowed, `{}` appended as -2, -1 (istanbul's implicit `else` arm). Returns true for `{}`.
   */
  position(out: number[], empty: boolean): boolean {
    if (!this.open()) {
      if (!empty) bail();
      out.push(-2, -1);
      return true;
    }
    let line = -1;
    let column = -2;
    do {
      const k = this.key();
      this.ws();
      if (k === K.line && line === -1) line = this.int();
      else if (k === K.column && column === -2) column = this.isNull() ? -1 : this.int();
      else bail();
    } while (this.more(CLOSE_BRACE));
    if (line === -1 || column === -2) bail();
    out.push(line, column);
    return false;
  }

  /** A location `{start, end}` appended to `out` as 4 numbers; see {@link position}. */
  range(out: number[], implicitArm: boolean): void {
    if (!this.open()) bail();
    let seen = 0;
    let emptyStart = false;
    let emptyEnd = false;
    const at = out.length;
    out.push(0, 0, 0, 0);
    const tmp = this.tmp;
    do {
      const k = this.key();
      tmp.length = 0;
      if (k === K.start && (seen & 1) === 0) {
        seen |= 1;
        emptyStart = this.position(tmp, implicitArm);
        out[at] = tmp[0] as number;
        out[at + 1] = tmp[1] as number;
      } else if (k === K.end && (seen & 2) === 0) {
        seen |= 2;
        emptyEnd = this.position(tmp, implicitArm);
        out[at + 2] = tmp[0] as number;
        out[at + 3] = tmp[1] as number;
      } else bail();
    } while (this.more(CLOSE_BRACE));
    if (seen !== 3 || emptyStart !== emptyEnd) bail();
  }

  readonly tmp: number[] = [];
}
