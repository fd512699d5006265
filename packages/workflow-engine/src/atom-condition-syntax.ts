/**
 * Atom's condition syntax translated to CEL: `${step.key}` references become variable reads or a
 * lookup call (never text splicing), Python's `and`/`or`/`not`/`True`/`False`/`None` become CEL's,
 * integer literals become doubles. Each translated character keeps the offset of the original
 * character it came from, so CEL's errors point into what the user wrote.
 *
 * @module
 */
import { UNSAFE_SEGMENTS, parseReferencePath } from './references.js';

/** Name of the lookup function `${…}` references are translated to. */
export const REF_FUNCTION = '_ref';
/** Translated text, with where each character came from. */
export interface Translation {
  text: string;
  /** `offsets[i]`: offset in the original text of translated character `i` (length + 1 entries). */
  offsets: number[];
}

/** A translation, or why the text cannot be one (with an offset into it). */
export type TranslateResult =
  { ok: true; value: Translation } | { ok: false; message: string; offset: number };

const WORDS: Readonly<Record<string, string>> = {
  and: '&&',
  or: '||',
  True: 'true',
  False: 'false',
  None: 'null',
};

/** An identifier (CEL's and Python's words). */
const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y;
/**
 * A number literal: hexadecimal (group 1), or decimal with its fraction (group 2) and exponent
 * (group 3); CEL's unsigned suffix is group 4.
 */
const NUMBER = /(?:(0[xX][0-9a-fA-F]*)|[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?)([uU]?)/y;

/** The match of the sticky `pattern` at `i`, if any. */
function matchAt(pattern: RegExp, source: string, i: number): RegExpExecArray | null {
  pattern.lastIndex = i;
  return pattern.exec(source);
}

function celString(value: string): string {
  return JSON.stringify(value);
}

/**
 * Translates Atom syntax to CEL outside string literals: `${a.b}` → a lookup call (never text
 * splicing), Python words → CEL operators, `not x` → `!(x)` with Python precedence (up to the next
 * `and`/`or`/`?`/`:`/`,`/closing bracket at the same depth), integer literals → doubles.
 */
export function translate(source: string): TranslateResult {
  let text = '';
  const offsets: number[] = [];
  const emit = (chunk: string, at: number): void => {
    text += chunk;
    for (let k = 0; k < chunk.length; k++) offsets.push(at);
  };
  const copy = (from: number, to: number): void => {
    text += source.slice(from, to);
    for (let k = from; k < to; k++) offsets.push(k);
  };
  let depth = 0;
  const nots: number[] = [];
  const closeNots = (at: number): void => {
    while (nots[nots.length - 1] === depth) {
      nots.pop();
      emit(')', at);
    }
  };
  let lastSignificant = '';
  let indexable = false;
  const n = source.length;
  let i = 0;
  while (i < n) {
    const c = source[i] as string;
    const start = i;
    if (c === '"' || c === "'") {
      i = skipString(source, i, false);
      copy(start, i);
      lastSignificant = c;
      continue;
    }
    if (c === '$' && source[i + 1] === '{') {
      const close = source.indexOf('}', i + 2);
      if (close === -1)
        return { ok: false, message: 'Unterminated reference: missing "}"', offset: i };
      const segments = parseReferencePath(source.slice(i + 2, close));
      if (segments === undefined) {
        return {
          ok: false,
          message: `Malformed reference ${source.slice(i, close + 1)}`,
          offset: i,
        };
      }
      const unsafe = segments.find((s) => UNSAFE_SEGMENTS.has(s));
      if (unsafe !== undefined) {
        return { ok: false, message: `Unsafe path segment "${unsafe}" in reference`, offset: i };
      }
      const [root, ...rest] = segments as [string, ...string[]];
      const path = root === 'input' ? rest : segments;
      const variable = root === 'input' ? 'input' : 'steps';
      // Keys index maps directly (fast); a numeric segment may index a list or a map, so the
      // lookup function (same rules as parameter references) handles those paths.
      emit(
        path.some((segment) => /^[0-9]+$/.test(segment))
          ? `${REF_FUNCTION}(${variable}, [${path.map(celString).join(', ')}])`
          : `${variable}${path.map((segment) => `[${celString(segment)}]`).join('')}`,
        i,
      );
      i = close + 1;
      lastSignificant = ')';
      continue;
    }
    const identifier = matchAt(IDENTIFIER, source, i);
    if (identifier !== null) {
      const word = identifier[0];
      const j = i + word.length;
      const next = source[j];
      if ((next === '"' || next === "'") && /^(r|b|rb|br)$/i.test(word)) {
        const end = skipString(source, j, /r/i.test(word));
        copy(i, end);
        i = end;
        lastSignificant = '"';
        continue;
      }
      if (UNSAFE_SEGMENTS.has(word)) {
        return { ok: false, message: `Unsafe identifier "${word}"`, offset: i };
      }
      const member = lastSignificant === '.';
      if (!member && word === 'not') {
        emit('!(', i);
        nots.push(depth);
      } else if (!member && (word === 'and' || word === 'or')) {
        closeNots(i);
        emit(WORDS[word] as string, i);
      } else if (!member && Object.hasOwn(WORDS, word)) {
        emit(WORDS[word] as string, i);
      } else {
        copy(i, j);
      }
      i = j;
      lastSignificant = 'a';
      continue;
    }
    const number = matchAt(NUMBER, source, i);
    if (number !== null) {
      const end = i + number[0].length;
      // `list[0]`: an index stays an int (a literal list rejects a double index).
      const isIndex = lastSignificant === '[' && indexable && /^\s*\]/.test(source.slice(end));
      if (isIndex) copy(i, end);
      else emit(numberLiteral(number), i);
      i = end;
      lastSignificant = '0';
      continue;
    }
    if (source.startsWith('&&', i) || source.startsWith('||', i)) {
      closeNots(i);
      copy(i, i + 2);
      i += 2;
      lastSignificant = c;
      continue;
    }
    if (c === '?' || c === ':' || c === ',') closeNots(i);
    if (c === ')' || c === ']' || c === '}') {
      closeNots(i);
      depth--;
    }
    if (c === '[') indexable = /[a-zA-Z0-9_)\]}"']/.test(lastSignificant);
    if (c === '(' || c === '[' || c === '{') depth++;
    emit(c, i);
    if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') lastSignificant = c;
    i++;
  }
  emit(')'.repeat(nots.length), n);
  offsets.push(n);
  return { ok: true, value: { text, offsets } };
}

/** Index just after the string literal starting at `i` (a quote). Unterminated: the end of input. */
function skipString(source: string, i: number, raw: boolean): number {
  const quote = source[i] as string;
  const triple = source.startsWith(quote.repeat(3), i);
  const delimiter = triple ? quote.repeat(3) : quote;
  let j = i + delimiter.length;
  while (j < source.length) {
    if (!raw && source[j] === '\\') {
      j += 2;
      continue;
    }
    if (source.startsWith(delimiter, j)) return j + delimiter.length;
    if (!triple && (source[j] === '\n' || source[j] === '\r')) return j;
    j++;
  }
  return source.length;
}

/** An integer literal becomes a double literal (JSON numbers are doubles); others are kept. */
function numberLiteral([literal, hex, fraction, exponent, unsigned]: RegExpExecArray): string {
  if (fraction !== undefined || exponent !== undefined || unsigned !== '') return literal;
  if (hex === undefined) return `${literal}.0`;
  // `0x` without digits is kept for CEL to report.
  if (hex.length === 2) return literal;
  const value = String(Number(hex));
  return value.includes('e') ? value : `${value}.0`;
}
