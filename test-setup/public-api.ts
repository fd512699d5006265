/**
 * The public API of a package, as committed in `api/exports.txt`: every name each entry point of
 * `package.json#exports` exports, with `value` or `type` (type-only), read with the TypeScript
 * compiler from the entry's source. `pnpm api:update` rewrites the lists; each package's
 * `test/public-api.test.ts` fails when the exports change without the list being updated.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** Where the committed list lives, relative to the package root. */
export const API_FILE = join('api', 'exports.txt');

/** `"."` → `src/index.ts`, `"./testing"` → `src/testing/index.ts` (from `dist/…js`). */
export function entryPoints(packageRoot: string): Map<string, string> {
  const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
    exports?: Record<string, string | { default?: string }>;
  };
  const entries = new Map<string, string>();
  for (const [key, target] of Object.entries(pkg.exports ?? {})) {
    const file = typeof target === 'string' ? target : target.default;
    if (file === undefined || !/^\.\/dist\/.*\.js$/.test(file)) continue;
    entries.set(
      key,
      join(packageRoot, file.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts')),
    );
  }
  return entries;
}

/** The sorted lines `<entry> <value|type> <name>` of every export of every entry point. */
export function publicApi(packageRoot: string): string[] {
  const entries = entryPoints(packageRoot);
  const program = ts.createProgram([...entries.values()], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    allowImportingTsExtensions: true,
  });
  const checker = program.getTypeChecker();
  const lines: string[] = [];
  for (const [entry, file] of entries) {
    const source = program.getSourceFile(file);
    if (source === undefined) throw new Error(`public API: ${file} not found`);
    const moduleSymbol = checker.getSymbolAtLocation(source);
    if (moduleSymbol === undefined) throw new Error(`public API: ${file} is not a module`);
    for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
      const target =
        symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const typeOnly =
        (target.flags & ts.SymbolFlags.Value) === 0 ||
        (symbol.declarations ?? []).some(
          (d) =>
            (ts.isExportSpecifier(d) && (d.isTypeOnly || d.parent.parent.isTypeOnly)) ||
            (ts.isNamespaceExport(d) && d.parent.isTypeOnly),
        );
      lines.push(`${entry} ${typeOnly ? 'type' : 'value'} ${symbol.getName()}`);
    }
  }
  return lines.sort();
}

/** The committed list (empty when missing). */
export function committedApi(packageRoot: string): string[] {
  try {
    return readFileSync(join(packageRoot, API_FILE), 'utf8')
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'));
  } catch {
    return [];
  }
}

/** The file's text for `lines`. */
export function formatApi(lines: readonly string[]): string {
  return `# Public API: <entry> <value|type> <name>. Regenerate with \`pnpm api:update\`.\n${lines.join('\n')}\n`;
}
