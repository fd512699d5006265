import { readFileSync } from 'node:fs';
import { DuplicateKeyError, EmptyCoverageError, InvalidJsonError, ReadError } from './errors.js';
import { countJsonMembers, countValueMembers, findJsonProblem } from './json-scan.js';

/** 1-based line and column of character `offset` in `text`. */
export function lineColumnAt(text: string, offset: number): [number, number] {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return [line, end - lineStart + 1];
}

/**
 * Parses JSON text (a leading UTF-8 BOM is ignored) and refuses what `JSON.parse` lets through or
 * reports badly: a syntax error becomes an {@link InvalidJsonError} at the line and column of the
 * offending character (found by a strict reader, since Node 20's messages carry no position), an
 * object that repeats a key a {@link DuplicateKeyError} with its JSON pointer, 0-byte or blank text
 * an {@link EmptyCoverageError}. Duplicates are detected by comparing the members counted in the
 * text with the keys of the parsed value; only a mismatch pays for the strict reader.
 */
export function parseJsonText(file: string, text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') throw new EmptyCoverageError(file, 'empty file: expected JSON');
  let value: unknown;
  try {
    value = JSON.parse(body) as unknown;
  } catch (error) {
    const problem = findJsonProblem(body);
    // JSON.parse and the strict reader agree on what is valid: the fallback is never taken.
    /* istanbul ignore next */
    const offset = problem?.offset ?? body.length;
    const detail = problem?.kind === 'syntax' ? problem.detail : 'syntax error';
    const [line, column] = lineColumnAt(body, offset);
    throw new InvalidJsonError(file, line, column, detail, error);
  }
  if (countJsonMembers(body) !== countValueMembers(value)) {
    const problem = findJsonProblem(body);
    // Only a repeated key makes the counts differ: the else side is never taken.
    /* istanbul ignore else */
    if (problem?.kind === 'duplicate') {
      const [line, column] = lineColumnAt(body, problem.offset);
      throw new DuplicateKeyError(file, problem.pointer, line, column);
    }
  }
  return value;
}

/**
 * Reads a file as UTF-8 and parses it with {@link parseJsonText}; `display` names it in errors.
 * Every failure is a rejection (`ReadError`, or the parse errors).
 */
export function readJsonFile(file: string, display: string = file): Promise<unknown> {
  return new Promise((resolve) => {
    resolve(parseJsonText(display, readFileBytes(file, display).toString('utf8')));
  });
}

/**
 * The bytes of `file` in one synchronous read (faster than fs/promises' chunked reads, 512 KiB each
 * and a thread-pool round trip apiece, for the large files this reads); a failure is a
 * {@link ReadError} naming `display`.
 */
export function readFileBytes(file: string, display: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new ReadError(display, error);
  }
}
