// Deterministic, real-looking istanbul output for the benchmarks: a pnpm workspace of `packages`
// packages with `files` sources each, every source a generated TypeScript-like file whose
// coverage record has the layout vitest's istanbul provider writes (statementMap, fnMap with decl
// and loc, branchMap with if/cond-expr/binary-expr arms, s/f/b, _coverageSchema, hash).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A generated workspace on disk. */
export interface BenchWorkspace {
  root: string;
  /** Every `coverage-final.json`, absolute. */
  inputs: string[];
  /** Total bytes of the inputs. */
  bytes: number;
  files: number;
}

/** Park–Miller PRNG: the same seed always gives the same workspace. */
function prng(seed: number): (n: number) => number {
  let x = seed % 2147483647 || 1;
  return (n) => {
    x = (x * 48271) % 2147483647;
    return x % n;
  };
}

const range = (sl: number, sc: number, el: number, ec: number) => ({
  start: { line: sl, column: sc },
  end: { line: el, column: ec },
});

/** One source file and its istanbul record; `covered` is the share of code the tests ran (0..1). */
export function generateFile(
  path: string,
  seed: number,
  covered: number,
): { source: string; record: Record<string, unknown> } {
  const rand = prng(seed * 7919 + 17);
  const lines: string[] = [`// ${path.split('/').pop() ?? ''}: generated benchmark source`, ''];
  const statementMap: Record<string, unknown> = {};
  const fnMap: Record<string, unknown> = {};
  const branchMap: Record<string, unknown> = {};
  const s: Record<string, number> = {};
  const f: Record<string, number> = {};
  const b: Record<string, number[]> = {};
  let st = 0;
  let fn = 0;
  let br = 0;
  const hit = (): number => (rand(1000) < covered * 1000 ? 1 + rand(40) : 0);
  const functions = 8 + rand(4);
  for (let i = 0; i < functions; i += 1) {
    const name = `step${i}Of${seed % 97}`;
    const start = lines.length + 1;
    lines.push(`export function ${name}(input: number, options: { scale: number }): number {`);
    const fnHits = hit();
    const body = 6 + rand(6);
    for (let k = 0; k < body; k += 1) {
      const line = lines.length + 1;
      const text = `  const v${k} = input * options.scale + ${rand(1000)} - ${k};`;
      lines.push(text);
      statementMap[String(st)] = range(line, 2, line, text.length);
      s[String(st)] = fnHits === 0 ? 0 : hit();
      st += 1;
      if (k % 3 === 2) {
        const ifLine = lines.length + 1;
        lines.push(`  if (v${k} > ${rand(500)}) {`, `    input += v${k};`, '  }');
        statementMap[String(st)] = range(ifLine, 2, ifLine + 2, 3);
        s[String(st)] = fnHits === 0 ? 0 : hit();
        st += 1;
        statementMap[String(st)] = range(ifLine + 1, 4, ifLine + 1, 14 + String(k).length);
        s[String(st)] = fnHits === 0 ? 0 : hit();
        st += 1;
        const kind = rand(3);
        branchMap[String(br)] = {
          loc: range(ifLine, 2, ifLine + 2, 3),
          type: kind === 0 ? 'if' : kind === 1 ? 'cond-expr' : 'binary-expr',
          locations: [range(ifLine, 2, ifLine + 2, 3), range(ifLine, 2, ifLine + 2, 3)],
          line: ifLine,
        };
        b[String(br)] = [fnHits === 0 ? 0 : hit(), fnHits === 0 ? 0 : hit()];
        br += 1;
      }
    }
    const ret = lines.length + 1;
    lines.push(`  return input;`, '}', '');
    statementMap[String(st)] = range(ret, 2, ret, 15);
    s[String(st)] = fnHits;
    st += 1;
    fnMap[String(fn)] = {
      name,
      decl: range(start, 16, start, 16 + name.length),
      loc: range(start, 16 + name.length, ret + 1, 1),
      line: start,
    };
    f[String(fn)] = fnHits;
    fn += 1;
  }
  const record = {
    path,
    statementMap,
    fnMap,
    branchMap,
    s,
    f,
    b,
    _coverageSchema: '1a1c01bbd47fc00a2c39e90264f33305004495a9',
    hash: (seed * 2654435761).toString(16).padStart(40, '0').slice(-40),
  };
  return { source: `${lines.join('\n')}\n`, record };
}

/**
 * Writes a workspace of `packages` × `files` sources and their `coverage/coverage-final.json`
 * under a new temporary folder. Coverage per file varies from 40% to 100% so that some files
 * meet a 95% target and most have uncovered lines.
 */
export function createBenchWorkspace(
  name: string,
  packages: number,
  files: number,
): BenchWorkspace {
  const root = mkdtempSync(join(tmpdir(), `atom-bench-${name}-`));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'bench-root', private: true }));
  writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
  const inputs: string[] = [];
  let bytes = 0;
  for (let p = 0; p < packages; p += 1) {
    const dir = join(root, `packages/p${p}`);
    mkdirSync(join(dir, 'coverage'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `@bench/p${p}` }));
    const data: Record<string, unknown> = {};
    for (let i = 0; i < files; i += 1) {
      const rel = `src/dir${i % 10}/file${i}.ts`;
      const abs = join(dir, rel);
      const seed = p * 100_000 + i + 1;
      const covered = i % 5 === 0 ? 1 : 0.4 + ((seed * 37) % 60) / 100;
      const { source, record } = generateFile(abs, seed, covered);
      mkdirSync(join(dir, `src/dir${i % 10}`), { recursive: true });
      writeFileSync(abs, source);
      data[abs] = record;
    }
    const text = JSON.stringify(data);
    bytes += Buffer.byteLength(text);
    const input = join(dir, 'coverage/coverage-final.json');
    writeFileSync(input, text);
    inputs.push(input);
  }
  return { root, inputs, bytes, files: packages * files };
}
