/** importAtomWorkflow's own logic pinned: where validation issues land, their fixes, wrappers, dialects. */
import { describe, expect, it } from 'vitest';
import { createCelConditionEvaluator } from '../../src/conditions.js';
import { AtomImportError } from '../../src/errors.js';
import { normalizeDefinition } from '../../src/normalize.js';
import { importAtomWorkflow } from '../../src/import-atom-workflow.js';
import type { AtomImportIssue } from '../../src/import/import-context.js';
import { issuesOf } from './helpers.js';

const issue = (code: string, path: string, text: string, fix: string): AtomImportIssue => ({
  code,
  path,
  message: `${path || 'definition'}: ${text}. Fix: ${fix}`,
  fix,
});
const node = (id: string, config: Record<string, unknown> = {}) => ({
  id,
  config: { service: 's', ...config },
});
const CONDITION_FIX =
  'write the condition as an expression over ${input.key} or ${stepId.key}, e.g. ${check.status} == "approved"';

describe('validation issues of the mapped definition', () => {
  it('name the input path once (the mapped path is not repeated in the message)', () => {
    expect(
      issuesOf({
        workflow_data: { id: 'w', nodes: [{ id: 'a', label: 'A', config: 'x' }], edges: [] },
      }),
    ).toEqual([
      issue(
        'INVALID_SHAPE',
        'workflow_data.nodes[0].config',
        'expected an object, received "x"',
        'give an object',
      ),
    ]);
    expect(issuesOf({ nodes: [node('a')], connections: [] })).toEqual([
      issue(
        'INVALID_SHAPE',
        'id',
        'expected a string id (or workflow_id), received undefined',
        'give a string id (or workflow_id)',
      ),
    ]);
  });

  it('carry a fix for each code', () => {
    expect(
      issuesOf({
        id: 'w',
        nodes: [node('a', { timeout: -1 }), node('b', { retry: { max_attempts: 0 } })],
        connections: [],
      }),
    ).toEqual([
      issue(
        'BAD_TIMEOUT',
        'nodes[0].config.timeout',
        'expected a finite number > 0 (0 or null for none), received -1',
        'give the timeout in seconds (> 0), or 0 / null for none',
      ),
      issue(
        'BAD_RETRY',
        'nodes[1].config.retry.max_attempts',
        'expected an integer from 1 to 100, received 0',
        'max_attempts an integer from 1 to 100, delays ≥ 0, backoff_rate ≥ 1, jitter none or full',
      ),
    ]);
    expect(
      issuesOf({
        id: 'w',
        nodes: [node('a'), node('b'), node('a')],
        connections: [
          { id: 'e', source: 'a', target: 'b' },
          { id: 'e', source: 'a', target: 'b' },
          { source: 'zz', target: 'b' },
        ],
      }),
    ).toEqual([
      issue(
        'DUPLICATE_ID',
        'nodes[2]',
        'Node id "a" at nodes[2] is already used by nodes[0]',
        'give every node a distinct id',
      ),
      issue(
        'DUPLICATE_ID',
        'connections[1]',
        'Connection id "e" at connections[1] is already used by connections[0]',
        'give every connection a distinct id',
      ),
      issue(
        'DANGLING_EDGE',
        'connections[2]',
        'Edge zz->b#2 at connections[2]: its source "zz" is not a node',
        'name an existing step as the source, or add a step "zz"',
      ),
    ]);
  });

  it('carry the fix of each kind of bad reference', () => {
    const params = 'nodes[0].config.parameters';
    expect(
      issuesOf({
        id: 'w',
        nodes: [
          node('a', { parameters: { x: '${nope.k}', z: '${input.}', w: '${input.__proto__}' } }),
          node('b', { parameters: { q: '${c.k}' } }),
          node('c'),
        ],
        connections: [{ source: 'a', target: 'b' }],
      }),
    ).toEqual([
      issue(
        'BAD_REF',
        params,
        'reference ${nope.k} names no step ("nope")',
        '"${nope.k}" starts with neither input nor a step id: write ${input.…} or ${<step id>.…}',
      ),
      issue(
        'BAD_REF',
        params,
        'malformed reference ${input.}',
        'write references as ${input.key} or ${stepId.key}',
      ),
      issue(
        'UNSAFE_PATH',
        params,
        'reference ${input.__proto__} uses the refused segment "__proto__"',
        'rename the key "__proto__"',
      ),
      issue(
        'BAD_REF',
        'nodes[1].config.parameters',
        'reference ${c.k} reads step "c", which does not run before "b"',
        'read a step that runs before this one, or connect it before this one',
      ),
    ]);
  });

  it('locate a connection at its origin, a node field under its origin, and the root at the base', () => {
    expect(
      issuesOf({
        id: 'w',
        nodes: [node('a')],
        connections: [{ source: 'a', target: 'a', condition: 'x ==' }],
      }),
    ).toEqual([
      issue(
        'BAD_CONDITION',
        'connections[0]',
        'Unexpected token: EOF (at offset 4)',
        CONDITION_FIX,
      ),
      issue(
        'CYCLE',
        'nodes[0]',
        'Cycle: a → a',
        'remove one link of the cycle: the engine runs acyclic workflows',
      ),
    ]);
    expect(issuesOf({ id: 'w', steps: [{ id: 'a', service: 's', condition: '1 +' }] })).toEqual([
      issue(
        'BAD_CONDITION',
        'steps[0].condition',
        'Unexpected token: EOF (at offset 3)',
        CONDITION_FIX,
      ),
    ]);
    expect(issuesOf({ workflow_data: { id: 'w', nodes: [], edges: [] } })).toEqual([
      issue(
        'EMPTY_WORKFLOW',
        'workflow_data.nodes',
        'The workflow has no nodes',
        'add at least one node (graph form) or step (linear form)',
      ),
    ]);
  });
});

describe('where issues land, further cases', () => {
  it('maps a node index of two digits to its origin', () => {
    const nodes = Array.from({ length: 12 }, (_, i) => node(`n${i}`));
    nodes[11] = { id: 'n11', config: 'x' } as unknown as ReturnType<typeof node>;
    expect(issuesOf({ workflow_data: { id: 'w', nodes, edges: [] } })).toEqual([
      issue(
        'INVALID_SHAPE',
        'workflow_data.nodes[11].config',
        'expected an object, received "x"',
        'give an object',
      ),
    ]);
  });

  it('validates with the condition evaluator it is given', () => {
    const def = {
      id: 'w',
      nodes: [node('a'), node('b')],
      connections: [{ source: 'a', target: 'b', condition: '${a.x} == "abcdef"' }],
    };
    expect(importAtomWorkflow(def).workflow).toBeDefined();
    const short = { conditions: createCelConditionEvaluator({ maxLength: 5 }) };
    expect(() => importAtomWorkflow(def, short)).toThrow(AtomImportError);
  });
});

describe('input the importer refuses itself', () => {
  it('an already normalised workflow', () => {
    const workflow = normalizeDefinition({ id: 'w', nodes: [{ id: 'a' }], connections: [] });
    expect(issuesOf(workflow)).toEqual([
      issue(
        'NOT_AN_OBJECT',
        '',
        'already a normalised Workflow',
        'pass it to engine.start as it is',
      ),
    ]);
  });

  it('a non-object, a normalised workflow, nodes or steps that are not lists, a stub', () => {
    expect(issuesOf([])).toEqual([
      issue(
        'NOT_AN_OBJECT',
        '',
        'expected a workflow definition object',
        'pass the parsed JSON object of the workflow',
      ),
    ]);
    expect(issuesOf({ workflow_data: { id: 'w', steps: 'a' } })).toEqual([
      issue(
        'INVALID_SHAPE',
        'workflow_data.steps',
        'expected a list of steps',
        'give steps as a JSON array',
      ),
    ]);
    expect(issuesOf({ id: 'w', nodes: {}, steps: 'x' })).toEqual([
      issue('INVALID_SHAPE', 'nodes', 'expected a list of nodes', 'give nodes as a JSON array'),
    ]);
    const stub = [
      'a definition with neither nodes nor steps (an id-only stub) has nothing to run',
      'add "nodes" and "connections" (graph form) or "steps" (linear form)',
    ] as const;
    expect(issuesOf({ id: 'w', nodes: null })).toEqual([issue('NO_STEPS', '', ...stub)]);
    expect(issuesOf({ workflow_data: { id: 'w' } })).toEqual([
      issue('NO_STEPS', 'workflow_data', ...stub),
    ]);
  });
});

describe('the workflow_data wrapper', () => {
  it('fills missing fields from the wrapper and warns about the rest', () => {
    const r = importAtomWorkflow({
      workflow_data: { id: 'w', name: 'inner', nodes: [{ id: 'a' }], edges: [] },
      id: 'x',
      name: 'outer',
      created_by: 'u',
      workflow_id: 'q',
      tags: ['t'],
      version: null,
    });
    expect(r.dialect).toBe('ui');
    expect(r.workflow).toStrictEqual({
      id: 'w',
      name: 'inner',
      created_by: 'u',
      nodes: [{ id: 'a' }],
      connections: [],
    });
    expect(r.warnings).toEqual([
      { code: 'FIELD_DROPPED', path: 'id', message: 'id: workflow_data.id is given too' },
      { code: 'FIELD_DROPPED', path: 'name', message: 'name: workflow_data.name is given too' },
      {
        code: 'FIELD_DROPPED',
        path: 'tags',
        message: 'tags: template metadata; the engine does not read it',
      },
      {
        code: 'FIELD_DROPPED',
        path: 'workflow_data.workflow_id',
        message: 'workflow_data.workflow_id: id is given too',
      },
    ]);
  });
});

describe('dialect detection', () => {
  const graph = (n: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    importAtomWorkflow({ id: 'w', nodes: [n], connections: [], ...extra }).dialect;
  it('reads nodes as the UI dialect when a node or the definition looks like the UI', () => {
    expect(graph({ id: 'a' })).toBe('graph');
    expect(graph({ id: 'a', config: { service: 's' } })).toBe('graph');
    expect(graph({ id: 'a', label: 'A' })).toBe('ui');
    expect(graph({ id: 'a', data: {} })).toBe('ui');
    expect(graph({ id: 'a', config: { integration: 'slack' } })).toBe('ui');
    expect(graph({ id: 'a' }, { edges: [] })).toBe('ui');
    expect(graph({ id: 'a', type: 'condition', config: { condition: 'x' } })).toBe('ui');
    const two = importAtomWorkflow({
      id: 'w',
      nodes: [{ id: 'a' }, { id: 'b', label: 'B' }],
      connections: [],
    });
    expect(two.dialect).toBe('ui');
  });

  it('reads steps as the orchestrator dialect when a step or the definition looks like it', () => {
    const steps = (s: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      importAtomWorkflow({ id: 'w', steps: [{ step_id: 'a', service: 's', ...s }], ...extra })
        .dialect;
    expect(steps({})).toBe('linear');
    expect(steps({ step_type: 'email' })).toBe('linear');
    expect(steps({ next_steps: [] })).toBe('orchestrator');
    expect(steps({ parallel_steps: [] })).toBe('orchestrator');
    expect(steps({}, { start_step: 'a' })).toBe('orchestrator');
    const routing = {
      step_type: 'conditional_logic',
      parameters: { conditions: [{ else: ['b'] }] },
    };
    expect(
      importAtomWorkflow({
        id: 'w',
        steps: [
          { step_id: 'a', ...routing },
          { step_id: 'b', service: 's' },
        ],
      }).dialect,
    ).toBe('orchestrator');
  });
});
