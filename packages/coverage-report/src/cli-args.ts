import { UsageError } from './errors.js';
import { REPORTERS, isReporter } from './reporters.js';
import type { Reporter } from './reporters.js';

/** The commands of `atom-coverage`. */
export type Command = 'run' | 'merge' | 'check' | 'report';

/** Parsed command line of `atom-coverage`. */
export interface CliOptions {
  command: Command;
  root?: string;
  input: string[];
  /** `--reporter` values, in order (empty: the targets file's or the default set). */
  reporter: Reporter[];
  include: string[];
  exclude: string[];
  targets?: string;
  baseline?: string;
  history?: string;
  out?: string;
  updateBaseline: boolean;
  allowMismatch: boolean;
  json: boolean;
  help: boolean;
  version: boolean;
}

const COMMANDS = new Set<string>(['run', 'merge', 'check', 'report']);
const SINGLE = new Set(['root', 'targets', 'baseline', 'history', 'out']);
const MULTI = new Set(['input', 'include', 'exclude']);
const REPEATABLE = new Set(['reporter']);
const BOOLEAN: Record<string, 'updateBaseline' | 'allowMismatch' | 'json' | 'help' | 'version'> = {
  'update-baseline': 'updateBaseline',
  'allow-mismatch': 'allowMismatch',
  json: 'json',
  help: 'help',
  h: 'help',
  version: 'version',
  v: 'version',
};

/** The `--help` text. */
export const HELP: string = `Usage: atom-coverage [run|merge|check|report] [options]

Commands:
  run       merge + check + report (default); exits 1 when a target is missed
  merge     read the inputs, write coverage.json (and coverage-merged.json with --reporter json)
  check     gate coverage.json against the targets and the baseline (exit code 1 on failure)
  report    only write reports from coverage.json and append history; never gates (use check)

Options:
  --root <dir>          workspace root (default: nearest pnpm-workspace.yaml / workspaces)
  --input <glob...>     coverage inputs (default: <package>/coverage/coverage-final.json)
  --include <glob...>   source files to keep (repo-relative globs)
  --exclude <glob...>   source files to drop
  --reporter <name>     a report to write, repeatable: ${REPORTERS.join(', ')}
                        (default: the targets file's reporters, else summary, badge, dashboard)
  --targets <file>      targets file (default: coverage.targets.json at the root)
  --baseline <file>     baseline coverage.json (default: the targets file's, or coverage-baseline.json)
  --history <file>      history file (default: <out>/history.json)
  --out <dir>           output folder (default: coverage)
  --update-baseline     write this run's coverage.json as the new baseline
  --allow-mismatch      merge sources instrumented differently (with a warning)
  --json                print a machine-readable result on stdout
  --help, --version

Exit codes: 0 targets met, 1 targets missed or regression, 2 bad usage or bad input.
`;

/** Parses `argv` (without node and script). Throws {@link UsageError} on bad usage. */
export function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = {
    command: 'run',
    input: [],
    reporter: [],
    include: [],
    exclude: [],
    updateBaseline: false,
    allowMismatch: false,
    json: false,
    help: false,
    version: false,
  };
  let commandSeen = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (!arg.startsWith('-')) {
      if (commandSeen || !COMMANDS.has(arg)) {
        throw new UsageError(
          `unexpected argument ${JSON.stringify(arg)} (expected a command: run, merge, check, report)`,
        );
      }
      options.command = arg as Command;
      commandSeen = true;
      continue;
    }
    const body = arg.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq === -1 ? body : body.slice(0, eq);
    const inline = eq === -1 ? undefined : body.slice(eq + 1);
    const flag = BOOLEAN[name];
    if (flag !== undefined) {
      if (inline !== undefined) throw new UsageError(`${arg}: --${name} takes no value`);
      options[flag] = true;
    } else if (SINGLE.has(name)) {
      const value = inline ?? argv[i + 1];
      if (value === undefined || value === '' || (inline === undefined && value.startsWith('-'))) {
        throw new UsageError(`--${name} expects a value`);
      }
      if (inline === undefined) i += 1;
      options[name as 'root' | 'targets' | 'baseline' | 'history' | 'out'] = value;
    } else if (REPEATABLE.has(name)) {
      const value = inline ?? argv[i + 1];
      if (inline === undefined) i += 1;
      if (value === undefined || !isReporter(value)) {
        throw new UsageError(
          `--reporter expects one of ${REPORTERS.join(', ')}, received ${value === undefined ? 'nothing' : JSON.stringify(value)}`,
        );
      }
      if (!options.reporter.includes(value)) options.reporter.push(value);
    } else if (MULTI.has(name)) {
      const list = options[name as 'input' | 'include' | 'exclude'];
      if (inline !== undefined) {
        if (inline === '') throw new UsageError(`--${name} expects a glob`);
        list.push(inline);
        continue;
      }
      const start = list.length;
      while (
        i + 1 < argv.length &&
        !(argv[i + 1] as string).startsWith('-') &&
        !COMMANDS.has(argv[i + 1] as string)
      ) {
        list.push(argv[i + 1] as string);
        i += 1;
      }
      if (list.length === start) throw new UsageError(`--${name} expects at least one glob`);
    } else {
      throw new UsageError(`unknown option ${arg} (see --help)`);
    }
  }
  return options;
}
