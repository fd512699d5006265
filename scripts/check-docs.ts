/**
 * `pnpm check:docs`: typechecks every ```ts code block of README.md and packages/*\/README.md
 * against the built packages (run `pnpm build` first), and runs the blocks marked runnable — a
 * ```ts run fence, or an `<!-- run -->` comment on the line before the fence. Runnable blocks must
 * need no server (PGlite / in memory only). Each block is a module of its own, written next to
 * the README (so `@atom/*` and the package's dependencies resolve as for a user of the package).
 * A block fenced ```ts continued is appended to the previous block of the same README (one module:
 * it may use the names the previous block declared). A block that is not meant to compile should
 * not be fenced `ts` (use `text` or `sh`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const WORK_DIR = '.docs-check';

interface Block {
  readme: string;
  /** 1-based line of the first code line. */
  line: number;
  code: string;
  run: boolean;
  file: string;
}

/** The ```ts / ```typescript blocks of a markdown text. */
export function extractBlocks(markdown: string): { line: number; code: string; run: boolean }[] {
  const lines = markdown.split('\n');
  const blocks: { line: number; code: string; run: boolean }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(\s*)```(\w+)?(.*)$/.exec(lines[i]!);
    if (fence === null) continue;
    const lang = fence[2] ?? '';
    const info = fence[3] ?? '';
    let end = i + 1;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end]!)) end++;
    if (lang === 'ts' || lang === 'typescript') {
      let before = i - 1;
      while (before > 0 && lines[before]!.trim() === '') before--;
      const run = /\brun\b/.test(info) || /<!--\s*run\s*-->/.test(lines[before] ?? '');
      const code = lines.slice(i + 1, end).join('\n');
      const previous = blocks.at(-1);
      if (/\bcontinued\b/.test(info) && previous !== undefined) {
        // Pad with blank lines so diagnostics keep pointing at the README's own lines.
        const gap = i + 2 - (previous.line + previous.code.split('\n').length);
        previous.code += `${'\n'.repeat(gap)}${code}`;
        previous.run ||= run;
      } else {
        blocks.push({ line: i + 2, code, run });
      }
    }
    i = end;
  }
  return blocks;
}

function readmes(): string[] {
  const found = [join(root, 'README.md')];
  for (const name of readdirSync(join(root, 'packages')).sort()) {
    const file = join(root, 'packages', name, 'README.md');
    if (existsSync(file)) found.push(file);
  }
  return found.filter((f) => existsSync(f));
}

function main(): number {
  const blocks: Block[] = [];
  for (const readme of readmes()) {
    const dir = join(dirname(readme), WORK_DIR);
    rmSync(dir, { recursive: true, force: true });
    const found = extractBlocks(readFileSync(readme, 'utf8'));
    if (found.length === 0) continue;
    mkdirSync(dir, { recursive: true });
    for (const [n, b] of found.entries()) {
      const file = join(dir, `block-${n + 1}-line-${b.line}.ts`);
      // `export {}` keeps every block a module of its own (top-level await, no clashes).
      writeFileSync(file, `${b.code}\nexport {};\n`);
      blocks.push({ readme, ...b, file });
    }
  }

  const program = ts.createProgram(
    blocks.map((b) => b.file),
    {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2023,
      lib: ['lib.es2023.d.ts'],
      types: ['node'],
      typeRoots: [join(root, 'node_modules', '@types')],
      strict: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: true,
      noEmit: true,
    },
  );
  const diagnostics = ts.getPreEmitDiagnostics(program);
  const failed = new Set<string>();
  for (const d of diagnostics) {
    const block = blocks.find((b) => b.file === d.file?.fileName);
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (block === undefined || d.file === undefined || d.start === undefined) {
      console.error(`error: ${message}`);
      failed.add('(global)');
      continue;
    }
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    console.error(`${relative(root, block.readme)}:${block.line + line}: ${message}`);
    failed.add(block.file);
  }

  for (const b of blocks.filter((x) => x.run && !failed.has(x.file))) {
    const result = spawnSync(process.execPath, ['--import', 'tsx', b.file], {
      cwd: dirname(b.readme),
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, DATABASE_URL: '' },
    });
    if (result.status !== 0) {
      console.error(
        `${relative(root, b.readme)}:${b.line}: runnable block failed (exit ${result.status ?? result.signal})\n${result.stderr}`,
      );
      failed.add(b.file);
    }
  }

  for (const readme of new Set(blocks.map((b) => b.readme))) {
    rmSync(join(dirname(readme), WORK_DIR), { recursive: true, force: true });
  }
  const ran = blocks.filter((b) => b.run).length;
  console.log(
    `check:docs: ${blocks.length} TypeScript blocks typechecked, ${ran} run, ${failed.size} failed`,
  );
  return failed.size === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main();
}
