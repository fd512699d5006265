/** Stable codes of every {@link CoverageReportError}. */
export type CoverageErrorCode =
  | 'COVERAGE_USAGE'
  | 'COVERAGE_READ'
  | 'COVERAGE_INVALID_JSON'
  | 'COVERAGE_DUPLICATE_KEY'
  | 'COVERAGE_INVALID_SHAPE'
  | 'COVERAGE_NO_INPUTS'
  | 'COVERAGE_NOT_MERGED'
  | 'COVERAGE_EMPTY'
  | 'COVERAGE_PATH_OUTSIDE_ROOT'
  | 'COVERAGE_MISMATCH'
  | 'COVERAGE_INVALID_TARGETS'
  | 'COVERAGE_UNKNOWN_PACKAGE'
  | 'COVERAGE_RULE_MATCHES_NOTHING';

/** Options shared by every error of this package. */
export interface CoverageErrorOptions {
  /** The file the error is about (as given or repo-relative). */
  file?: string;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * Base class of every error this package throws on bad usage or bad input. `message` is one line
 * naming the file and the place (line/column or JSON pointer); the CLI prints it and exits 2.
 */
export class CoverageReportError extends Error {
  /** Stable machine-readable code. */
  readonly code: CoverageErrorCode;
  /** The file the error is about, if any. */
  readonly file: string | undefined;

  constructor(code: CoverageErrorCode, message: string, options: CoverageErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CoverageReportError';
    this.code = code;
    this.file = options.file;
  }
}

/** Bad command-line usage: unknown flag, missing value, unknown command. */
export class UsageError extends CoverageReportError {
  constructor(message: string) {
    super('COVERAGE_USAGE', message);
    this.name = 'UsageError';
  }
}

/** A file could not be read. */
export class ReadError extends CoverageReportError {
  constructor(file: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('COVERAGE_READ', `${file}: cannot read: ${reason}`, { file, cause });
    this.name = 'ReadError';
  }
}

/** A file is not valid JSON; `line` and `column` are 1-based. */
export class InvalidJsonError extends CoverageReportError {
  /** 1-based line of the syntax error. */
  readonly line: number;
  /** 1-based column of the syntax error. */
  readonly column: number;

  constructor(file: string, line: number, column: number, detail: string, cause?: unknown) {
    super('COVERAGE_INVALID_JSON', `${file}:${line}:${column}: invalid JSON: ${detail}`, {
      file,
      cause,
    });
    this.name = 'InvalidJsonError';
    this.line = line;
    this.column = column;
  }
}

/**
 * An object of a JSON file repeats a key. `JSON.parse` would keep the last value; an ambiguous
 * record is refused instead of merged.
 */
export class DuplicateKeyError extends CoverageReportError {
  /** JSON pointer to the repeated member. */
  readonly pointer: string;
  /** 1-based line of the second occurrence. */
  readonly line: number;
  /** 1-based column of the second occurrence. */
  readonly column: number;

  constructor(file: string, pointer: string, line: number, column: number) {
    super(
      'COVERAGE_DUPLICATE_KEY',
      `${file} at ${pointer} (${line}:${column}): duplicate key in one object (JSON.parse would keep only the last value)`,
      { file },
    );
    this.name = 'DuplicateKeyError';
    this.pointer = pointer;
    this.line = line;
    this.column = column;
  }
}

/** Valid JSON of the wrong shape; `pointer` is an RFC 6901 JSON pointer to the bad value. */
export class InvalidShapeError extends CoverageReportError {
  /** JSON pointer to the offending value. */
  readonly pointer: string;

  constructor(file: string, pointer: string, detail: string) {
    super('COVERAGE_INVALID_SHAPE', `${file} at ${pointer || '/'}: ${detail}`, { file });
    this.name = 'InvalidShapeError';
    this.pointer = pointer;
  }
}

/**
 * `check` or `report` found no `coverage.json` (or `report` no `coverage-merged.json` for the
 * istanbul reporters): `merge` has not run yet.
 */
export class NotMergedError extends CoverageReportError {
  constructor(file: string, command: string, reporters: readonly string[] = []) {
    const needs = reporters.filter((r) => ['json', 'lcov', 'cobertura', 'html'].includes(r));
    super(
      'COVERAGE_NOT_MERGED',
      needs.length === 0
        ? `${file} not found: run \`atom-coverage merge\` first (${command} reads what merge writes)`
        : `${file} not found: the ${needs.join(', ')} reporter needs the merged istanbul map; run \`atom-coverage merge --reporter json\` first, or \`atom-coverage run --reporter ${needs[0] as string}\``,
      { file },
    );
    this.name = 'NotMergedError';
  }
}

/** No input matched the globs. */
export class NoInputsError extends CoverageReportError {
  /** The globs that were tried. */
  readonly globs: string[];

  constructor(globs: readonly string[], root: string) {
    super(
      'COVERAGE_NO_INPUTS',
      `no coverage inputs found under ${root} (tried ${globs.join(', ')})`,
    );
    this.name = 'NoInputsError';
    this.globs = [...globs];
  }
}

/** An input (or all inputs together) holds no source file. */
export class EmptyCoverageError extends CoverageReportError {
  constructor(file: string, detail = 'empty coverage: no source file reported') {
    super('COVERAGE_EMPTY', `${file}: ${detail}`, { file });
    this.name = 'EmptyCoverageError';
  }
}

/** A source path cannot be placed under the workspace root. */
export class PathOutsideRootError extends CoverageReportError {
  /** The path as the input reported it. */
  readonly path: string;
  /** JSON pointer to the entry in the input. */
  readonly pointer: string;

  constructor(file: string, pointer: string, path: string, root: string) {
    super(
      'COVERAGE_PATH_OUTSIDE_ROOT',
      `${file} at ${pointer}: source path ${JSON.stringify(path)} cannot be placed under the root ${root}`,
      { file },
    );
    this.name = 'PathOutsideRootError';
    this.path = path;
    this.pointer = pointer;
  }
}

/** The same source was instrumented differently by two inputs. */
export class InstrumentationMismatchError extends CoverageReportError {
  /** Repo-relative path of the source. */
  readonly path: string;
  /** The two inputs that disagree. */
  readonly inputs: [string, string];

  constructor(path: string, first: string, second: string, detail: string) {
    super(
      'COVERAGE_MISMATCH',
      `${second} at /${escapePointer(path)}: ${path} was instrumented differently than in ${first} (${detail}); pass --allow-mismatch to merge anyway`,
      { file: second },
    );
    this.name = 'InstrumentationMismatchError';
    this.path = path;
    this.inputs = [first, second];
  }
}

/** A bad field in `coverage.targets.json`. */
export class InvalidTargetsError extends CoverageReportError {
  /** JSON pointer to the bad field. */
  readonly pointer: string;

  constructor(file: string, pointer: string, detail: string) {
    super('COVERAGE_INVALID_TARGETS', `${file} at ${pointer || '/'}: ${detail}`, { file });
    this.name = 'InvalidTargetsError';
    this.pointer = pointer;
  }
}

/** The targets file names a package the workspace does not have. */
export class UnknownPackageError extends CoverageReportError {
  /** JSON pointer to the entry. */
  readonly pointer: string;
  /** The unknown package name. */
  readonly packageName: string;

  constructor(file: string, pointer: string, packageName: string, known: readonly string[]) {
    super(
      'COVERAGE_UNKNOWN_PACKAGE',
      `${file} at ${pointer}: unknown package ${JSON.stringify(packageName)} (known: ${known.join(', ') || 'none'})`,
      { file },
    );
    this.name = 'UnknownPackageError';
    this.pointer = pointer;
    this.packageName = packageName;
  }
}

/** A file rule of the targets file matches no file. */
export class RuleMatchesNothingError extends CoverageReportError {
  /** JSON pointer to the rule. */
  readonly pointer: string;
  /** The glob. */
  readonly rule: string;

  constructor(file: string, pointer: string, rule: string) {
    super(
      'COVERAGE_RULE_MATCHES_NOTHING',
      `${file} at ${pointer}: rule ${JSON.stringify(rule)} matches no file`,
      { file },
    );
    this.name = 'RuleMatchesNothingError';
    this.pointer = pointer;
    this.rule = rule;
  }
}

/** Escapes one JSON pointer segment (RFC 6901). */
export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** True when `error` is a {@link CoverageReportError} (of any subclass). */
export function isCoverageReportError(error: unknown): error is CoverageReportError {
  return error instanceof CoverageReportError;
}
