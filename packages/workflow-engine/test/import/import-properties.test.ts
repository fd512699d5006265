import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { importAtomWorkflow } from '../../src/import-atom-workflow.js';
import { fromSteps, normalizeDefinition, toSteps } from '../../src/normalize.js';
import type { Workflow } from '../../src/types.js';
import {
  dagEdgesArbitrary,
  flaggedDagArbitrary,
  graphDagArbitrary,
  nodeId,
  stepsDagArbitrary,
} from '../arbitraries.js';
import { valueAtPath } from './helpers.js';

/** Keys no dialect reads: each must come back as a warning at its own path. */
const UNKNOWN_KEYS = ['estimated_duration', 'x_ui_color', 'owner_team'] as const;

/** Where to hide an unknown key: the root, a step/node, or nowhere. */
const extraArbitrary = fc.record({
  root: fc.option(fc.constantFrom(...UNKNOWN_KEYS), { nil: undefined }),
  atNode: fc.option(fc.tuple(fc.nat(), fc.constantFrom(...UNKNOWN_KEYS)), { nil: undefined }),
  nulls: fc.boolean(),
});

type Extra = { root?: string | undefined; atNode?: [number, string] | undefined; nulls: boolean };

/** Adds the unknown keys of `extra` to `def` (its list `key`), returning their paths. */
function hide(def: Record<string, unknown>, key: string, extra: Extra): string[] {
  const paths: string[] = [];
  if (extra.root !== undefined) {
    def[extra.root] = 'x';
    paths.push(extra.root);
  }
  const list = def[key] as Array<Record<string, unknown>>;
  if (extra.atNode !== undefined && list.length > 0) {
    const [i, k] = extra.atNode;
    const at = i % list.length;
    (list[at] as Record<string, unknown>)[k] = 1;
    paths.push(`${key}[${at}].${k}`);
  }
  return paths;
}

/** A random orchestrator definition: next_steps along a DAG, start at the first step. */
const orchestratorArbitrary = fc
  .tuple(dagEdgesArbitrary({ maxNodes: 8 }), extraArbitrary)
  .map(([{ n, edges }, extra]) => {
    const steps = Array.from({ length: n }, (_, i) => {
      const step: Record<string, unknown> = {
        step_id: nodeId(i),
        step_type: 'svc',
        description: `step ${i}`,
        parameters: { i },
        next_steps: edges.filter(([s]) => s === i).map(([, t]) => nodeId(t)),
      };
      if (extra.nulls) step.agent_fallback_id = null;
      return step;
    });
    const def: Record<string, unknown> = { workflow_id: 'wf', name: 'random', steps };
    const hidden = hide(def, 'steps', extra);
    return { def, hidden };
  });

/** A random UI definition: some nodes are condition nodes whose edges carry yes / no labels. */
const uiArbitrary = fc
  .tuple(
    dagEdgesArbitrary({ maxNodes: 8 }),
    fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
    extraArbitrary,
  )
  .map(([{ n, edges }, routers, extra]) => {
    const isRouter = (i: number): boolean => i > 0 && routers[i] === true;
    const nodes = Array.from({ length: n }, (_, i) =>
      isRouter(i)
        ? {
            id: nodeId(i),
            type: 'condition',
            label: `check ${i}`,
            config: { conditions: [{ field: 'value', operator: 'greater_than', value: 50 }] },
          }
        : {
            id: nodeId(i),
            type: 'action',
            label: `act ${i}`,
            config: {
              integration: 'svc',
              action: 'run',
              ...(extra.nulls ? { timeout: null } : {}),
            },
          },
    );
    const out = edges.map(([s, t], k) =>
      isRouter(s)
        ? { source: nodeId(s), target: nodeId(t), condition: k % 2 === 0 ? 'yes' : 'no' }
        : { source: nodeId(s), target: nodeId(t) },
    );
    const inner: Record<string, unknown> = { nodes, edges: out };
    const hidden = hide(inner, 'nodes', extra).map((p) => `workflow_data.${p}`);
    return { def: { id: 'ui', name: 'random ui', workflow_data: inner }, hidden };
  });

const key = (e: Workflow['edges'][number]): string =>
  `${e.source}->${e.target}|${e.condition ?? ''}`;

describe('importAtomWorkflow properties', () => {
  test.prop([
    fc.oneof(
      graphDagArbitrary(),
      flaggedDagArbitrary().map((d) => d.def),
    ),
  ])('a graph-form definition imports as itself (up to normalisation), without warnings', (def) => {
    const { workflow, warnings } = importAtomWorkflow(def);
    expect(warnings).toEqual([]);
    expect(normalizeDefinition(workflow)).toEqual(normalizeDefinition(def));
  });

  test.prop([
    fc.oneof(
      stepsDagArbitrary(),
      flaggedDagArbitrary().map((d) => d.steps),
    ),
  ])(
    'a linear-form definition imports as itself (up to normalisation), without warnings',
    (def) => {
      const { workflow, warnings } = importAtomWorkflow(def);
      expect(warnings).toEqual([]);
      expect(normalizeDefinition(workflow)).toEqual(normalizeDefinition(def));
    },
  );

  test.prop([fc.oneof(orchestratorArbitrary, uiArbitrary)])(
    'every warning has a path that exists in the input, and every unknown field is warned about',
    ({ def, hidden }) => {
      const before = JSON.stringify(def);
      const { warnings } = importAtomWorkflow(def);
      expect(JSON.stringify(def)).toBe(before); // never mutates the input
      for (const w of warnings) expect(valueAtPath(def, w.path).found, w.path).toBe(true);
      const warned = new Set(warnings.filter((w) => w.code === 'FIELD_DROPPED').map((w) => w.path));
      for (const path of hidden) expect(warned.has(path), path).toBe(true);
    },
  );

  test.prop([fc.oneof(orchestratorArbitrary, uiArbitrary)])(
    "the importer's output is a fixed point: importing it again changes nothing and warns nothing",
    ({ def }) => {
      const first = importAtomWorkflow(def).workflow;
      const second = importAtomWorkflow(first);
      expect(second.warnings).toEqual([]);
      expect(normalizeDefinition(second.workflow)).toEqual(normalizeDefinition(first));
    },
  );

  test.prop([fc.oneof(orchestratorArbitrary, uiArbitrary)])(
    'toSteps / fromSteps round-trips an imported workflow without loss',
    ({ def }) => {
      const workflow = normalizeDefinition(importAtomWorkflow(def).workflow);
      const round = fromSteps(toSteps(workflow));
      expect(round.edges.map(key).sort()).toEqual(workflow.edges.map(key).sort());
      const strip = (w: Workflow): unknown =>
        w.nodes.map(({ index: _index, ...rest }) => rest).sort((a, b) => a.id.localeCompare(b.id));
      expect(strip(round)).toEqual(strip(workflow));
    },
  );
});
