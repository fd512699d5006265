import type { CompactFile, CompactRecord } from './compact-coverage.js';
import { ShapeHash } from './compact-coverage.js';
import {
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  K,
  OPEN_BRACKET,
  Scanner,
  UNKNOWN,
  bail,
} from './istanbul-json-scanner.js';

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
 * Reads istanbul JSON bytes (`coverage-final.json`) straight into compact records, without
 * building the parsed value: no `JSON.parse`, no object graph for the garbage collector to promote,
 * no separate duplicate-key count. Returns `undefined` when the input is anything but plain, valid
 * istanbul JSON in istanbul's own layout (map ids `"0"`, `"1"`, … in order, integer hits) — then
 * the caller parses and validates it in full, which accepts the same records or reports the
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
