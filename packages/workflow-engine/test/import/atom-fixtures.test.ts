import { describe, expect, it } from 'vitest';
import { isAtomImportError } from '../../src/errors.js';
import { importAtomWorkflow } from '../../src/import-atom-workflow.js';
import type { AtomImportIssue } from '../../src/import/import-context.js';
import { loadFixtures, loadJson, runRecorded, valueAtPath } from './helpers.js';

describe('importAtomWorkflow on definitions modelled on Atom files', () => {
  for (const dialect of ['api', 'linear', 'orchestrator', 'ui']) {
    describe(dialect, () => {
      const fixtures = loadFixtures(dialect);
      it('has at least two fixtures', () => {
        expect(fixtures.length).toBeGreaterThanOrEqual(2);
      });
      for (const [file, fixture] of fixtures) {
        describe(file, () => {
          it('imports with the expected dialect and warnings, each at a path of the input', () => {
            const { workflow, warnings, dialect: read } = importAtomWorkflow(fixture.definition);
            expect(read).toBe(fixture.dialect);
            expect(workflow).toBeDefined();
            expect(warnings.map((w) => `${w.code} ${w.path}`).sort()).toEqual(
              [...fixture.warnings].sort(),
            );
            for (const w of warnings) {
              expect(valueAtPath(fixture.definition, w.path).found, w.path).toBe(true);
            }
          });
          fixture.runs.forEach((run, r) => {
            it(`run ${r + 1}: ${run.note ?? run.status}`, async () => {
              const { workflow } = importAtomWorkflow(fixture.definition);
              const { result, calls, params } = await runRecorded(workflow, run);
              expect(result.status).toBe(run.status);
              expect(result.steps).toMatchObject(run.steps);
              expect(calls).toEqual(run.calls);
              for (const [id, expected] of Object.entries(run.params ?? {})) {
                expect(params[id]).toEqual(expected);
              }
            });
          });
        });
      }
    });
  }
});

describe('importAtomWorkflow on definitions broken in Atom too', () => {
  const cases = loadJson<
    Array<{
      name: string;
      definition: unknown;
      issues: Array<Pick<AtomImportIssue, 'code' | 'path' | 'fix'>>;
    }>
  >('broken/refused.json');
  for (const c of cases) {
    it(`refuses ${c.name}, saying what to fix`, () => {
      let error: unknown;
      try {
        importAtomWorkflow(c.definition);
      } catch (e) {
        error = e;
      }
      expect(isAtomImportError(error)).toBe(true);
      if (!isAtomImportError(error)) return;
      expect(error.code).toBe('ATOM_IMPORT_INVALID');
      for (const expected of c.issues) {
        const found = error.issues.find(
          (i) => i.code === expected.code && i.path === expected.path,
        );
        expect(
          found,
          `${expected.code} at ${expected.path} in ${JSON.stringify(error.issues)}`,
        ).toBeDefined();
        expect(found?.fix).toContain(expected.fix);
        expect(found?.message).toContain('Fix:');
        expect(valueAtPath(c.definition, found?.path ?? '').found).toBe(true);
      }
    });
  }
});
