import { escapePointer } from './errors.js';

/** What {@link findJsonProblem} found. */
export type JsonProblem =
  | { kind: 'syntax'; offset: number; detail: string }
  | { kind: 'duplicate'; offset: number; pointer: string; key: string };

const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/**
 * Counts the members of every object in valid JSON `text` (each string token followed by `:`).
 * Compared with the keys of the parsed value it tells whether some object repeats a key, which
 * `JSON.parse` silently resolves by keeping the last value. Jumps from quote to quote with
 * `indexOf`, so it costs a fraction of `JSON.parse`.
 */
export function countJsonMembers(text: string): number {
  let members = 0;
  let i = 0;
  for (;;) {
    const open = text.indexOf('"', i);
    if (open === -1) return members;
    let close = text.indexOf('"', open + 1);
    while (close !== -1 && text.charCodeAt(close - 1) === BACKSLASH) {
      let k = close - 1;
      while (text.charCodeAt(k) === BACKSLASH) k -= 1;
      if ((close - 1 - k) % 2 === 0) break;
      close = text.indexOf('"', close + 1);
    }
    if (close === -1) return members;
    let j = close + 1;
    while (isSpace(text.charCodeAt(j))) j += 1;
    if (text.charCodeAt(j) === COLON) members += 1;
    i = j;
  }
}

/** Counts the members of every object of a parsed JSON value (see {@link countJsonMembers}). */
export function countValueMembers(value: unknown): number {
  return typeof value === 'object' && value !== null ? countIn(value) : 0;
}

/** {@link countValueMembers} of an object or array; recurses only into objects (it runs cold). */
function countIn(value: object): number {
  let members = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      if (typeof item === 'object' && item !== null) members += countIn(item);
    }
    return members;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    members += 1;
    const item = record[key];
    if (typeof item === 'object' && item !== null) members += countIn(item);
  }
  return members;
}

class SyntaxProblem extends Error {
  constructor(
    readonly offset: number,
    readonly detail: string,
  ) {
    super(detail);
  }
}

class DuplicateProblem extends Error {
  constructor(
    readonly offset: number,
    readonly pointer: string,
    readonly key: string,
  ) {
    super(key);
  }
}

/** A strict JSON reader (RFC 8259) that tracks positions and pointers; slow, used on error paths. */
class Reader {
  i = 0;
  constructor(readonly text: string) {}

  fail(detail: string, at = this.i): never {
    throw new SyntaxProblem(at, detail);
  }

  describeHere(): string {
    if (this.i >= this.text.length) return 'unexpected end of input';
    return `unexpected character ${JSON.stringify(this.text[this.i])}`;
  }

  space(): void {
    while (isSpace(this.text.charCodeAt(this.i))) this.i += 1;
  }

  value(pointer: string): void {
    this.space();
    const c = this.text[this.i];
    if (c === '{') this.object(pointer);
    else if (c === '[') this.array(pointer);
    else if (c === '"') this.string();
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) this.number();
    else if (this.text.startsWith('true', this.i)) this.i += 4;
    else if (this.text.startsWith('false', this.i)) this.i += 5;
    else if (this.text.startsWith('null', this.i)) this.i += 4;
    else this.fail(`${this.describeHere()}, expected a value`);
  }

  object(pointer: string): void {
    this.i += 1;
    const keys = new Set<string>();
    this.space();
    if (this.text[this.i] === '}') {
      this.i += 1;
      return;
    }
    for (;;) {
      this.space();
      if (this.text[this.i] !== '"') this.fail(`${this.describeHere()}, expected a string key`);
      const at = this.i;
      const key = this.string();
      const child = `${pointer}/${escapePointer(key)}`;
      if (keys.has(key)) throw new DuplicateProblem(at, child, key);
      keys.add(key);
      this.space();
      if (this.text[this.i] !== ':') this.fail(`${this.describeHere()}, expected ":"`);
      this.i += 1;
      this.value(child);
      this.space();
      const c = this.text[this.i];
      this.i += 1;
      if (c === '}') return;
      if (c !== ',') this.fail(`${((this.i -= 1), this.describeHere())}, expected "," or "}"`);
    }
  }

  array(pointer: string): void {
    this.i += 1;
    this.space();
    if (this.text[this.i] === ']') {
      this.i += 1;
      return;
    }
    for (let index = 0; ; index += 1) {
      this.value(`${pointer}/${index}`);
      this.space();
      const c = this.text[this.i];
      this.i += 1;
      if (c === ']') return;
      if (c !== ',') this.fail(`${((this.i -= 1), this.describeHere())}, expected "," or "]"`);
    }
  }

  string(): string {
    const start = this.i;
    this.i += 1;
    for (;;) {
      const code = this.text.charCodeAt(this.i);
      if (Number.isNaN(code)) this.fail('unterminated string', start);
      if (code === QUOTE) break;
      if (code < 0x20) this.fail('control character in string');
      if (code === BACKSLASH) {
        const next = this.text[this.i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.i + 2, this.i + 6))) {
            this.fail('invalid \\u escape');
          }
          this.i += 6;
          continue;
        }
        if (next === undefined || !'"\\/bfnrt'.includes(next)) this.fail('invalid escape');
        this.i += 2;
        continue;
      }
      this.i += 1;
    }
    this.i += 1;
    return JSON.parse(this.text.slice(start, this.i)) as string;
  }

  number(): void {
    const match = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    match.lastIndex = this.i;
    const found = match.exec(this.text);
    if (found === null) this.fail(`${this.describeHere()}, expected a number`);
    this.i += found[0].length;
  }
}

/**
 * Reads `text` as strict JSON and returns its first problem: a syntax error with the offset of the
 * offending character, or the first object member whose key repeats an earlier one in the same
 * object (with its JSON pointer). `undefined` when the text is valid JSON without duplicate keys.
 */
export function findJsonProblem(text: string): JsonProblem | undefined {
  const reader = new Reader(text);
  try {
    reader.value('');
    reader.space();
    if (reader.i < text.length) reader.fail(`${reader.describeHere()} after the JSON value`);
    return undefined;
  } catch (error) {
    if (error instanceof DuplicateProblem) {
      return { kind: 'duplicate', offset: error.offset, pointer: error.pointer, key: error.key };
    }
    const problem = error as SyntaxProblem;
    return { kind: 'syntax', offset: problem.offset, detail: problem.detail };
  }
}
