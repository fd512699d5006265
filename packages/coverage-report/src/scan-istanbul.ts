import type { CompactFile, CompactRecord } from './compact-coverage.js';
import { ShapeHash } from './compact-coverage.js';

/** Thrown inside the scanner when the input is not plain, valid istanbul JSON of the usual shape. */
const BAIL: unique symbol = Symbol('bail');

function bail(): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- a private sentinel, never seen outside
  throw BAIL;
}

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
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
const K = Object.fromEntries(KEYS.map((k, i) => [k, i])) as Record<KeyName, number>;
/** Candidate keys by length and first byte. */
const KEY_TABLE = new Map<number, { index: number; bytes: number[] }[]>();
for (const [index, key] of KEYS.entries()) {
  const bytes = [...Buffer.from(key, 'latin1')];
  const slot = (bytes.length << 8) | (bytes[0] as number);
  const list = KEY_TABLE.get(slot) ?? [];
  list.push({ index, bytes });
  KEY_TABLE.set(slot, list);
}
const UNKNOWN = -1;

/**
 * A reader of istanbul JSON bytes straight into compact records, without building the parsed
 * value: no `JSON.parse`, no object graph for the garbage collector to promote, no separate
 * duplicate-key count. It accepts only what the full path (`JSON.parse`, the duplicate check,
 * {@link validateCoverageData}, {@link compactFile}) accepts with the same result, in the layout
 * istanbul writes (map ids `"0"`, `"1"`, … in order, integer hits); anything else — including every
 * malformed input — makes it give up, and the caller takes the full path, which reports it.
 */
class Scanner {
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
    const name = k === UNKNOWN ? this.b.toString('utf8', this.keyStart, this.keyEnd - 1) : (KEYS[k] as string);
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

function sequentialMap(sc: Scanner, item: (index: number) => void): number {
  let n = 0;
  if (!sc.open()) return 0;
  do {
    sc.id(n);
    item(n);
    n += 1;
  } while (sc.more(CLOSE_BRACE));
  return n;
}

/** Per-record scratch: numbers gathered in text order, whatever the order of the record's keys. */
class Scratch {
  statementLocs: number[] = [];
  fnLocs: number[] = [];
  fnDeclLines: number[] = [];
  fnNames: string[] = [];
  branchLocs: number[] = [];
  branchLines: number[] = [];
  branchArmCounts: number[] = [];
  armLocs: number[] = [];
  s: number[] = [];
  f: number[] = [];
  b: number[] = [];
  bCounts: number[] = [];
}

function statementMap(sc: Scanner, r: Scratch): number {
  return sequentialMap(sc, () => sc.range(r.statementLocs, false));
}

function fnMap(sc: Scanner, r: Scratch): number {
  return sequentialMap(sc, () => {
    if (!sc.open()) bail();
    let seen = 0;
    let others: Set<string> | undefined;
    let declLine = -1;
    do {
      const k = sc.key();
      if (k === K.name && (seen & 1) === 0) {
        seen |= 1;
        r.fnNames.push(sc.string());
      } else if (k === K.loc && (seen & 2) === 0) {
        seen |= 2;
        sc.range(r.fnLocs, false);
      } else if (k === K.decl && (seen & 4) === 0) {
        seen |= 4;
        const tmp: number[] = [];
        sc.range(tmp, false);
        declLine = tmp[0] as number;
      } else if (k !== K.name && k !== K.loc && k !== K.decl) others = sc.other(k, others);
      else bail();
    } while (sc.more(CLOSE_BRACE));
    if ((seen & 3) !== 3) bail();
    r.fnDeclLines.push(declLine);
  });
}

function branchMap(sc: Scanner, r: Scratch): number {
  return sequentialMap(sc, () => {
    if (!sc.open()) bail();
    let seen = 0;
    let others: Set<string> | undefined;
    let line = -1;
    let arms = 0;
    let firstArmLine = 0;
    const at = r.branchLocs.length;
    r.branchLocs.push(-2, -1, -2, -1);
    do {
      const k = sc.key();
      if (k === K.loc && (seen & 1) === 0) {
        seen |= 1;
        r.branchLocs.length = at;
        sc.range(r.branchLocs, false);
      } else if (k === K.locations && (seen & 2) === 0) {
        seen |= 2;
        sc.expect(OPEN_BRACKET);
        if (sc.ws() === CLOSE_BRACKET) sc.p += 1;
        else {
          do {
            sc.range(r.armLocs, true);
            if (arms === 0) firstArmLine = Math.max(0, r.armLocs[r.armLocs.length - 4] as number);
            arms += 1;
          } while (sc.more(CLOSE_BRACKET));
        }
      } else if (k === K.line && (seen & 4) === 0) {
        seen |= 4;
        sc.ws();
        if (!sc.isNull()) line = sc.int();
      } else if (k === K.type && (seen & 8) === 0) {
        seen |= 8;
        sc.skip();
      } else if (k !== K.loc && k !== K.locations && k !== K.line && k !== K.type) {
        others = sc.other(k, others);
      } else bail();
    } while (sc.more(CLOSE_BRACE));
    if ((seen & 2) === 0) bail();
    r.branchArmCounts.push(arms);
    // As compactFile: the location's line, else `line`, else the first arm's (an implicit one: 0).
    r.branchLines.push(
      (seen & 1) !== 0 ? (r.branchLocs[at] as number) : line !== -1 ? line : firstArmLine,
    );
  });
}

function hitMap(sc: Scanner, out: number[]): number {
  return sequentialMap(sc, () => out.push(sc.value()));
}

function armHitMap(sc: Scanner, r: Scratch): number {
  return sequentialMap(sc, () => {
    sc.expect(OPEN_BRACKET);
    let n = 0;
    if (sc.ws() === CLOSE_BRACKET) sc.p += 1;
    else {
      do {
        r.b.push(sc.value());
        n += 1;
      } while (sc.more(CLOSE_BRACKET));
    }
    r.bCounts.push(n);
  });
}

function hashRange(hash: ShapeHash, locs: readonly number[], at: number): void {
  hash.add(locs[at] as number);
  hash.add(locs[at + 1] as number);
  hash.add(locs[at + 2] as number);
  hash.add(locs[at + 3] as number);
}

/** One file record: its path and compact form, or give up. */
function fileRecord(sc: Scanner): { path: string; compact: CompactFile } {
  if (!sc.open()) bail();
  const r = new Scratch();
  let seen = 0;
  let path = '';
  let all = false;
  let nStatements = -1;
  let nFns = -1;
  let nBranches = -1;
  let nS = -1;
  let nF = -1;
  let nB = -1;
  let others: Set<string> | undefined;
  do {
    const k = sc.key();
    // The record's own fields (KEYS up to `all`) are bits of `seen`; the rest are skipped.
    const own = k !== UNKNOWN && k <= K.all;
    if (own) {
      if ((seen & (1 << k)) !== 0) bail();
      seen |= 1 << k;
    }
    if (!own) others = sc.other(k, others);
    else if (k === K.path) path = sc.string();
    else if (k === K.statementMap) nStatements = statementMap(sc, r);
    else if (k === K.fnMap) nFns = fnMap(sc, r);
    else if (k === K.branchMap) nBranches = branchMap(sc, r);
    else if (k === K.s) nS = hitMap(sc, r.s);
    else if (k === K.f) nF = hitMap(sc, r.f);
    else if (k === K.b) nB = armHitMap(sc, r);
    else {
      sc.ws();
      const value = sc.boolean();
      if (value === undefined) sc.skip();
      all = value === true;
    }
  } while (sc.more(CLOSE_BRACE));
  if (
    path === '' ||
    nStatements !== nS ||
    nFns !== nF ||
    nBranches !== nB ||
    nStatements < 0 ||
    nFns < 0 ||
    nBranches < 0
  ) {
    bail();
  }
  for (let i = 0; i < nBranches; i += 1) if (r.bCounts[i] !== r.branchArmCounts[i]) bail();
  return { path, compact: compact(r, all, nStatements, nFns, nBranches) };
}

/** The compact record, hashed in exactly {@link compactFile}'s order. */
function compact(
  r: Scratch,
  all: boolean,
  nStatements: number,
  nFns: number,
  nBranches: number,
): CompactFile {
  const hash = new ShapeHash();
  const statementLines = new Int32Array(nStatements);
  for (let i = 0; i < nStatements; i += 1) {
    hashRange(hash, r.statementLocs, 4 * i);
    statementLines[i] = r.statementLocs[4 * i] as number;
  }
  hash.add(-4);
  const functionLines = new Int32Array(nFns);
  for (let i = 0; i < nFns; i += 1) {
    hashRange(hash, r.fnLocs, 4 * i);
    const decl = r.fnDeclLines[i] as number;
    functionLines[i] = decl !== -1 ? decl : (r.fnLocs[4 * i] as number);
  }
  hash.add(-5);
  const armStart = new Int32Array(nBranches + 1);
  let arm = 0;
  for (let i = 0; i < nBranches; i += 1) {
    hashRange(hash, r.branchLocs, 4 * i);
    const arms = r.branchArmCounts[i] as number;
    hash.add(arms);
    for (let a = 0; a < arms; a += 1) hashRange(hash, r.armLocs, 4 * (arm + a));
    armStart[i] = arm;
    arm += arms;
  }
  armStart[nBranches] = arm;
  return {
    shape: hash.toString(),
    all,
    statementLines,
    s: Float64Array.from(r.s),
    functionNames: r.fnNames,
    functionLines,
    f: Float64Array.from(r.f),
    branchLines: Int32Array.from(r.branchLines),
    armStart,
    b: Float64Array.from(r.b),
  };
}

/**
 * Reads istanbul JSON bytes (`coverage-final.json`) straight into compact records, or returns
 * `undefined` when the input is anything but plain, valid istanbul JSON in istanbul's own layout —
 * then the caller parses and validates it in full, which accepts the same records or reports the
 * problem. For valid input of that layout the result equals `compactFile` of each validated record.
 */
export function scanIstanbulJson(bytes: Buffer): CompactRecord[] | undefined {
  const sc = new Scanner(bytes);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) sc.p = 3;
  try {
    if (!sc.open()) return undefined;
    const records: CompactRecord[] = [];
    const keys = new Set<string>();
    do {
      const key = sc.string();
      // An integer-like key would come first in the parsed object's key order: take the full path.
      if (keys.has(key) || /^\d+$/.test(key)) bail();
      keys.add(key);
      sc.expect(COLON);
      const { path, compact } = fileRecord(sc);
      records.push({ key, path, compact });
    } while (sc.more(CLOSE_BRACE));
    if (sc.ws() !== -1) bail();
    return records;
  } catch {
    // BAIL, or anything else the full path will report (an invalid escape, nesting too deep).
    return undefined;
  }
}
