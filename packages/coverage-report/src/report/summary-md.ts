import { appendFile } from 'node:fs/promises';
import type { CoverageJson, CoverageSummary, Metric } from '../types.js';
import {
  METRIC_LABELS,
  countsOf,
  describeFailure,
  formatDelta,
  formatPercent,
  percentOf,
} from './format.js';

/** Options of {@link renderSummaryMd}. */
export interface SummaryMdOptions {
  /** Number of priority files listed. Default 10. */
  top?: number;
  /** Maximum number of missed targets listed. Default 50. */
  maxFailures?: number;
  /** Uncovered functions listed per priority file. Default 10. */
  maxFunctions?: number;
}

/** The metrics of the tables, in order. */
const METRICS_SHOWN: readonly Metric[] = [
  'lines',
  'statements',
  'branches',
  'functions',
  'percent_covered',
];

/** Escapes text for a Markdown table cell (also neutralises inline HTML). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]|#]/g, (ch) => `\\${ch}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ');
}

/**
 * A Markdown code span for a path, package or glob: shown verbatim (inline HTML included, so a
 * hostile name renders as text); backticks become `'`, `|` is escaped for tables, newlines spaces.
 */
export function codeSpan(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')}\``;
}

/** One table row. */
function row(cells: readonly (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** The per-package table. */
function packagesTable(coverage: CoverageJson): string[] {
  const names = Object.keys(coverage.packages).sort();
  const lines = [
    row(['Package', ...METRICS_SHOWN.map((m) => METRIC_LABELS[m])]),
    row(['---', ...METRICS_SHOWN.map(() => '---:')]),
  ];
  for (const name of names) {
    const s = coverage.packages[name] as CoverageSummary;
    lines.push(row([codeSpan(name), ...METRICS_SHOWN.map((m) => formatPercent(percentOf(s, m)))]));
  }
  return lines;
}

/**
 * Renders `coverage/summary.md` for CI step summaries and PR comments: the verdict, totals (with
 * the delta against the baseline), the per-package table, missed targets, the files that lost the
 * most, the top priorities and the uncovered functions of those priority files.
 */
export function renderSummaryMd(coverage: CoverageJson, options: SummaryMdOptions = {}): string {
  const top = options.top ?? 10;
  const maxFailures = options.maxFailures ?? 50;
  const maxFunctions = options.maxFunctions ?? 10;
  const { targets, baseline, totals } = coverage;
  const out: string[] = [];
  const n = targets.failures.length;
  out.push(
    targets.met
      ? '## Coverage: ✅ all targets met'
      : `## Coverage: ❌ ${n} ${n === 1 ? 'target' : 'targets'} missed`,
    '',
  );
  const head = ['Metric', 'Covered', 'Total', '%'];
  out.push(
    row(baseline === undefined ? head : [...head, 'Δ baseline (pp)']),
    row(
      baseline === undefined
        ? ['---', '---:', '---:', '---:']
        : ['---', '---:', '---:', '---:', '---:'],
    ),
  );
  for (const metric of METRICS_SHOWN) {
    const [covered, total] = countsOf(totals, metric);
    const cells = [METRIC_LABELS[metric], covered, total, formatPercent(percentOf(totals, metric))];
    if (baseline !== undefined) {
      const delta = baseline.totals_delta[metric];
      cells.push(delta === undefined ? '–' : formatDelta(delta));
    }
    out.push(row(cells));
  }
  out.push('', '### Packages', '', ...packagesTable(coverage), '');

  if (n > 0) {
    out.push(
      `### Targets missed (${n})`,
      '',
      row(['Scope', 'Name', 'Rule', 'Failure']),
      row(['---', '---', '---', '---']),
    );
    for (const f of targets.failures.slice(0, maxFailures)) {
      out.push(
        row([f.scope, codeSpan(f.name), codeSpan(f.rule), escapeMarkdown(describeFailure(f))]),
      );
    }
    if (n > maxFailures) out.push('', `… and ${n - maxFailures} more (see \`coverage.json\`).`);
    out.push('');
  }

  if (baseline === undefined) {
    out.push('_No baseline: deltas appear once a baseline exists (`--update-baseline`)._', '');
  } else {
    out.push(
      '### Against the baseline',
      '',
      `Baseline ${codeSpan(baseline.file)}: ${baseline.new_files.length} new, ${baseline.removed_files.length} removed.`,
      '',
    );
    const drops = Object.entries(baseline.files)
      .map(([path, d]) => [path, d.lines ?? 0] as const)
      .filter(([, d]) => d <= -0.05)
      .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, top);
    if (drops.length > 0) {
      out.push(row(['File', 'Δ lines (pp)']), row(['---', '---:']));
      for (const [path, d] of drops) out.push(row([codeSpan(path), formatDelta(d)]));
      out.push('');
    }
  }

  const ranked = coverage.priorities.ranked.slice(0, top);
  if (ranked.length > 0) {
    out.push(
      `### Top ${ranked.length} priorities (most uncovered statements)`,
      '',
      row(['#', 'File', 'Package', 'Tier', 'Uncovered', 'Overall']),
      row(['---:', '---', '---', '---:', '---:', '---:']),
    );
    ranked.forEach((p, i) => {
      out.push(
        row([
          i + 1,
          codeSpan(p.path),
          codeSpan(p.package),
          p.tier,
          `${p.uncovered_statements} / ${p.num_statements}`,
          formatPercent(p.percent_covered),
        ]),
      );
    });
    out.push('', '### Uncovered functions of the priority files', '');
    let any = false;
    for (const p of ranked) {
      const fns = coverage.files[p.path]?.missing_functions ?? [];
      if (fns.length === 0) continue;
      any = true;
      const listed = fns
        .slice(0, maxFunctions)
        .map((f) => `\`${f.name.replace(/`/g, "'")}\` (line ${f.line})`)
        .join(', ');
      const more = fns.length > maxFunctions ? ` and ${fns.length - maxFunctions} more` : '';
      out.push(`- ${codeSpan(p.path)}: ${listed}${more}`);
    }
    if (!any) out.push('_Every function of these files is called at least once._');
    out.push('');
  }
  return `${out.join('\n')}\n`.replace(/\n{3,}/g, '\n\n');
}

/**
 * Appends `markdown` to the file named by `GITHUB_STEP_SUMMARY` in `env` (GitHub Actions' job
 * summary). Returns the file appended to, or `undefined` when the variable is unset or empty.
 */
export async function appendStepSummary(
  markdown: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<string | undefined> {
  const file = env.GITHUB_STEP_SUMMARY;
  if (file === undefined || file === '') return undefined;
  await appendFile(file, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  return file;
}
