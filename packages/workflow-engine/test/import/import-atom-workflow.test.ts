import { describe, expect, it } from 'vitest';
import { importAtomWorkflow } from '../../src/import-atom-workflow.js';
import { joinPath } from '../../src/import/import-context.js';
import { bareNames, bindBareNames } from '../../src/import/routing.js';
import { normalizeDefinition } from '../../src/normalize.js';
import type { GraphDefinition, StepsDefinition } from '../../src/types.js';
import { issuesOf, runRecorded } from './helpers.js';

const codes = (value: unknown): string[] =>
  importAtomWorkflow(value).warnings.map((w) => `${w.code} ${w.path}`);

const action = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  type: 'action',
  config: { service: 'svc', ...extra },
});

describe('importAtomWorkflow', () => {
  describe('input it refuses', () => {
    it('refuses a non-object and a normalised Workflow', () => {
      expect(issuesOf(42)).toMatchObject([{ code: 'NOT_AN_OBJECT', path: '' }]);
      const workflow = normalizeDefinition({ id: 'w', nodes: [{ id: 'a' }], connections: [] });
      expect(issuesOf(workflow)).toMatchObject([
        { code: 'NOT_AN_OBJECT', fix: 'pass it to engine.start as it is' },
      ]);
    });

    it('refuses nodes or steps that are not lists', () => {
      expect(issuesOf({ id: 'x', nodes: 'a' })).toMatchObject([
        { code: 'INVALID_SHAPE', path: 'nodes' },
      ]);
      expect(issuesOf({ id: 'x', steps: {} })).toMatchObject([
        { code: 'INVALID_SHAPE', path: 'steps' },
      ]);
    });

    it('locates validation issues of a node in the input', () => {
      expect(
        issuesOf({ workflow_data: { nodes: [{ id: 'a', label: 'A', config: 'x' }], edges: [] } }),
      ).toMatchObject([
        { code: 'INVALID_SHAPE', path: 'workflow_data.id' },
        { code: 'INVALID_SHAPE', path: 'workflow_data.nodes[0].config' },
      ]);
    });

    it('gives a fix for every validation issue', () => {
      const issues = issuesOf({
        id: 'x',
        nodes: [
          action('a', {
            timeout: -1,
            retry: { max_attempts: 0 },
            parameters: { p: '${a.__proto__}' },
          }),
          action('a'),
          action('b', { parameters: { p: '${b.x}', q: '${a..b}' } }),
          action('c'),
        ],
        connections: [
          { source: 'a', target: 'zz' },
          { source: 'b', target: 'c' },
          { source: 'c', target: 'b' },
          { source: 'a', target: 'c', condition: 'and and' },
        ],
      });
      const fixes = new Map(issues.map((i) => [i.code, i.fix]));
      expect([...fixes.keys()].sort()).toEqual(
        [
          'BAD_CONDITION',
          'BAD_REF',
          'BAD_RETRY',
          'BAD_TIMEOUT',
          'CYCLE',
          'DANGLING_EDGE',
          'DUPLICATE_ID',
          'UNSAFE_PATH',
        ].sort(),
      );
      for (const fix of fixes.values()) expect(fix).not.toBe('see the message');
      expect(issues.some((i) => i.code === 'BAD_REF' && i.fix.includes('runs before'))).toBe(true);
      expect(issues.some((i) => i.code === 'BAD_REF' && i.fix.includes('references as'))).toBe(
        true,
      );
    });

    it('refuses a linear step whose parameter spec has no name, and a retry that is not an object', () => {
      const issues = issuesOf({
        id: 'x',
        steps: [{ id: 'a', service: 'svc', parameters: [{ type: 'string' }], retry_policy: 3 }],
      });
      expect(issues.map((i) => `${i.code} ${i.path}`)).toEqual([
        'BAD_PARAMETER steps[0].parameters[0]',
        'BAD_RETRY steps[0].retry_policy',
      ]);
    });
  });

  describe('graph and API shapes', () => {
    it('reads aliases and reports what it leaves out', () => {
      const def = {
        id: 'x',
        workflow_id: 'y',
        connections: [{ source: 'a', target: 'b', label: 'go', sourceHandle: 'yes', style: {} }],
        edges: [],
        nodes: [
          {
            id: 'a',
            title: 'A',
            label: 'Alpha',
            data: { label: 'ignored', color: 'red' },
            config: {
              service: 'svc',
              integration: 'other',
              condition: 'x',
              parameters: { to: 1 },
              to: 2,
            },
            connections: ['b'],
          },
          {
            id: 'b',
            data: 'x',
            config: { integrationId: 'svc', actionType: 'run', connection_id: 'c1' },
          },
          { id: 'c', config: { service: 'svc', extra: 1 }, connections: 'b' },
        ],
      };
      expect(codes(def).sort()).toEqual(
        [
          'FIELD_DROPPED workflow_id',
          'FIELD_DROPPED edges',
          'FIELD_DROPPED nodes[0].label',
          'FIELD_DROPPED nodes[0].data.label',
          'FIELD_DROPPED nodes[0].data.color',
          'FIELD_DROPPED nodes[0].config.integration',
          'FIELD_DROPPED nodes[0].config.condition',
          'FIELD_DROPPED nodes[0].config.to',
          'FIELD_DROPPED nodes[1].data',
          'CONFIG_AS_PARAMETER nodes[2].config.extra',
          'FIELD_DROPPED nodes[2].connections',
          'FIELD_DROPPED connections[0].label',
          'FIELD_DROPPED connections[0].sourceHandle',
          'FIELD_DROPPED connections[0].style',
        ].sort(),
      );
    });

    it('leaves extra config keys out when config.parameters is not an object', () => {
      expect(
        issuesOf({ id: 'x', nodes: [action('a', { parameters: 'x', extra: 1 })], connections: [] }),
      ).toMatchObject([{ code: 'INVALID_SHAPE', path: 'nodes[0].config.parameters' }]);
    });

    it('keeps description, position and the engine config fields', () => {
      const { workflow } = importAtomWorkflow({
        id: 'x',
        created_by: 'ada',
        nodes: [
          {
            id: 'a',
            description: 'd',
            position: { x: 1 },
            data: { label: 'A' },
            config: {
              service: 'svc',
              action: 'act',
              continue_on_error: true,
              timeout: 3,
              input_schema: { type: 'object' },
              fallback_service: 'f',
              join: 'all_done',
              integrationId: 'svc',
            },
          },
        ],
        connections: [],
      });
      expect(workflow).toMatchObject({
        created_by: 'ada',
        nodes: [{ id: 'a', title: 'A', description: 'd', position: { x: 1 } }],
      });
      expect(normalizeDefinition(workflow).nodes[0]).toMatchObject({
        service: 'svc',
        action: 'act',
        timeoutMs: 3000,
        fallbackService: 'f',
        join: 'all_done',
        continueOnError: true,
      });
    });

    it('refuses a connection id used twice and a node that is not an object', () => {
      expect(
        issuesOf({
          id: 'x',
          nodes: [action('a'), 7],
          connections: [{ id: 'c', source: 'a', target: 'a' }, 'x'],
        }).map((i) => `${i.code} ${i.path}`),
      ).toEqual(expect.arrayContaining(['INVALID_SHAPE nodes[1]', 'INVALID_SHAPE connections[1]']));
    });
  });

  describe('condition nodes', () => {
    const ui = (config: Record<string, unknown>, extraEdges: unknown[] = []): unknown => ({
      id: 'x',
      workflow_data: {
        nodes: [
          { id: 'p', label: 'P', config: { integration: 'svc' } },
          { id: 'r', type: 'condition', label: 'R', config },
          { id: 'y', label: 'Y', config: { integration: 'svc' } },
          { id: 'n', label: 'N', config: { integration: 'svc' } },
        ],
        edges: [
          { source: 'p', target: 'r' },
          { source: 'r', target: 'y', sourceHandle: 'true' },
          { source: 'r', target: 'n', label: 'No' },
          ...extraEdges,
        ],
      },
    });
    const conditions = (value: unknown): string[] =>
      ((importAtomWorkflow(value).workflow as GraphDefinition).connections ?? []).map(
        (c) => `${c.source}->${c.target} ${c.condition ?? ''}`,
      );

    it('turns an expression with bare names into conditions on the step before', () => {
      expect(conditions(ui({ condition: 'score is not None and tier in ["a"]' }))).toEqual([
        'p->y ${p.score} != None and ${p.tier} in ["a"]',
        'p->n !(${p.score} != None and ${p.tier} in ["a"])',
      ]);
    });

    it('joins structured conditions with or when logic is or', () => {
      expect(
        conditions(
          ui({
            logic: 'or',
            conditions: [
              { field: 'a', operator: 'gt', value: 1 },
              { field: 'b.c', operator: 'contains', value: 'x' },
            ],
          }),
        )[0],
      ).toBe('p->y (${p.a} > 1) || (${p.b.c}.contains("x"))');
    });

    it('translates every operator to a condition the engine accepts', () => {
      const ops = [
        ['equals', 'x'],
        ['not_equals', 1],
        ['>=', 1],
        ['<=', 1],
        ['<', 1],
        ['contains', 2],
        ['not_contains', 'x'],
        ['not_contains', 2],
        ['in', [1]],
        ['not_in', [1]],
        ['exists', null],
        ['is_empty', null],
        ['is_not_empty', null],
        [undefined, true],
      ];
      for (const [operator, value] of ops) {
        const out = conditions(ui({ conditions: [{ field: 'f', operator, value }] }));
        expect(out[0], String(operator)).toContain('${p.f}');
      }
    });

    it('combines a branch with an expression on the same connection', () => {
      expect(
        conditions(
          ui({ condition: 'ok' }, [{ source: 'r', target: 'y', condition: '${p.z} > 1' }]),
        )[2],
      ).toBe('p->y ${p.z} > 1');
    });

    it('keeps a condition node without a step before it as a trigger', () => {
      const def = {
        id: 'x',
        nodes: [{ id: 'r', type: 'condition', config: { condition: 'go == true' } }, action('y')],
        connections: [{ source: 'r', target: 'y', condition: 'yes' }],
      };
      const { workflow, warnings } = importAtomWorkflow(def);
      expect((workflow as GraphDefinition).nodes[0]).toEqual({ id: 'r', type: 'trigger' });
      expect((workflow as GraphDefinition).connections[0]?.condition).toBe('${input.go} == true');
      expect(warnings.map((w) => w.code)).toEqual([
        'ROUTING_ROOT_AS_TRIGGER',
        'CONDITION_VARIABLE_MAPPED',
      ]);
    });

    it('resolves a condition node after a condition node against the step before both', () => {
      const def = {
        id: 'x',
        nodes: [
          action('p'),
          { id: 'r1', type: 'condition', config: { condition: 'a' } },
          { id: 'r2', type: 'condition', config: { condition: 'b' } },
          action('y'),
        ],
        connections: [
          { source: 'r2', target: 'y', condition: 'yes' },
          { source: 'r1', target: 'r2', condition: 'yes' },
          { source: 'p', target: 'r1' },
        ],
      };
      expect(conditions(def)).toEqual(['p->y (${p.a}) && (${p.b})']);
    });

    it('refuses a condition node without a usable condition', () => {
      expect(issuesOf(ui({})).map((i) => i.code)).toContain('NO_CONDITION');
      expect(issuesOf(ui({ conditions: 'x', condition: 3 })).map((i) => i.code)).toContain(
        'BAD_CONDITION',
      );
      expect(issuesOf(ui({ conditions: [{ operator: 'equals' }] }))).toMatchObject([
        { code: 'BAD_CONDITION', path: 'workflow_data.nodes[1].config.conditions[0]' },
      ]);
    });

    it('warns about unknown keys of a structured condition and of the node', () => {
      expect(
        codes(ui({ conditions: [{ field: 'f', value: 1, note: 'x' }], color: 'red' })),
      ).toEqual(
        expect.arrayContaining([
          'FIELD_DROPPED workflow_data.nodes[1].config.conditions[0].note',
          'FIELD_DROPPED workflow_data.nodes[1].config.color',
        ]),
      );
    });
  });

  describe('linear dialect', () => {
    it('maps retry, timeout and fallback aliases, warning when two are given', () => {
      const def = {
        workflow_id: 'x',
        id: 'y',
        created_by: 'ada',
        steps: [
          {
            id: 'a',
            step_id: 'b',
            service: 'svc',
            step_type: 't',
            parameters: [{ name: 'p', value: 1 }],
            retry: { max_attempts: 2, max_retries: 5 },
            retry_policy: { max_retries: 1 },
            timeout: 5,
            timeout_seconds: 9,
            fallback_service: 'f',
            agent_fallback_id: 'g',
            depends_on: [],
          },
          { id: 'c', service: 'svc', depends_on: 'a' },
          { id: 'd', service: 'svc', depends_on: [{ id: 'a', condition: 'true', why: 'x' }, 3] },
          'x',
        ],
      };
      const warnings = importAtomWorkflow({ ...def, steps: def.steps.slice(0, 1) }).warnings;
      expect(warnings.map((w) => `${w.code} ${w.path}`).sort()).toEqual(
        [
          'FIELD_DROPPED workflow_id',
          'FIELD_DROPPED created_by',
          'FIELD_DROPPED steps[0].step_id',
          'FIELD_DROPPED steps[0].step_type',
          'FIELD_DROPPED steps[0].retry_policy',
          'FIELD_DROPPED steps[0].retry.max_retries',
          'FIELD_DROPPED steps[0].timeout_seconds',
          'FIELD_DROPPED steps[0].agent_fallback_id',
        ].sort(),
      );
      const out = importAtomWorkflow({ ...def, steps: def.steps.slice(0, 1) })
        .workflow as StepsDefinition;
      expect(out.steps[0]).toMatchObject({
        id: 'a',
        parameters: { p: 1 },
        timeout: 5,
        fallback_service: 'f',
        retry: { max_attempts: 2 },
      });
      expect(issuesOf(def).map((i) => `${i.code} ${i.path}`)).toEqual(
        expect.arrayContaining(['INVALID_SHAPE steps[1].depends_on', 'INVALID_SHAPE steps[3]']),
      );
    });
    it('reads timeout, fallback_service and a non-numeric max_retries as given', () => {
      const def = {
        id: 'x',
        steps: [
          {
            id: 'a',
            service: 'svc',
            timeout: 4,
            fallback_service: 'f',
            retry: { max_retries: 'x' },
          },
        ],
      };
      const issues = issuesOf(def);
      expect(issues).toMatchObject([{ code: 'BAD_RETRY', path: 'steps[0].retry.max_attempts' }]);
      const { workflow } = importAtomWorkflow({
        ...def,
        steps: [{ ...def.steps[0], retry: { exponential_base: 3 } }],
      });
      expect((workflow as StepsDefinition).steps[0]).toMatchObject({
        timeout: 4,
        fallback_service: 'f',
        retry: { backoff_rate: 3 },
      });
    });
  });

  describe('orchestrator dialect', () => {
    const step = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
      step_id: id,
      step_type: 'svc',
      ...extra,
    });
    const edges = (value: unknown): string[] =>
      ((importAtomWorkflow(value).workflow as GraphDefinition).connections ?? []).map(
        (c) => `${c.source}->${c.target} ${c.condition ?? ''}`,
      );

    it('routes if/then/else entries, or-ing branches that share a target', () => {
      const def = {
        workflow_id: 'w',
        steps: [
          step('p', { next_steps: ['r'] }),
          step('r', {
            step_type: 'conditional_logic',
            parameters: {
              conditions: [
                { if: 'a', then: 'x', else: ['y'] },
                { if: 'b', then: ['y'] },
              ],
              ai_option: true,
            },
            next_steps: ['x', 'y', 'z'],
            parallel_steps: ['x'],
          }),
          step('x'),
          step('y'),
          step('z'),
        ],
      };
      expect(edges(def)).toEqual(['p->x ${p.a}', 'p->y (!(${p.a})) || ((!(${p.a})) && (${p.b}))']);
      expect(codes(def)).toEqual(
        expect.arrayContaining([
          'EDGE_DROPPED steps[1].next_steps[2]',
          'FIELD_DROPPED steps[1].parallel_steps',
          'FIELD_DROPPED steps[1].parameters.ai_option',
        ]),
      );
    });

    it('merges a branch and a plain next step to the same target into one unconditional edge', () => {
      const def = {
        workflow_id: 'w',
        steps: [
          step('p', { next_steps: ['r', 'x'] }),
          step('r', {
            step_type: 'conditional_logic',
            parameters: { conditions: [{ if: 'a', then: ['x'] }] },
          }),
          step('x'),
        ],
      };
      expect(edges(def)).toEqual(['p->x ']);
    });

    it('maps step fields and keeps a non-object step for validation to report', () => {
      const def = {
        workflow_id: 'w',
        id: 'v',
        created_by: 'ada',
        steps: [
          step('p', {
            id: 'q',
            name: 'P',
            description: 'about p',
            service: 'real',
            action: 'act',
            continue_on_error: true,
            input_schema: { type: 'object' },
            conditions: { x: 1 },
            next_steps: ['x'],
          }),
          step('x'),
        ],
      };
      const out = importAtomWorkflow(def);
      expect((out.workflow as GraphDefinition).nodes[0]).toMatchObject({
        id: 'p',
        title: 'P',
        description: 'about p',
        config: { service: 'real', action: 'act', continue_on_error: true },
      });
      expect(out.warnings.map((w) => `${w.code} ${w.path}`)).toEqual(
        expect.arrayContaining([
          'FIELD_DROPPED id',
          'FIELD_DROPPED steps[0].id',
          'FIELD_DROPPED steps[0].step_type',
          'FIELD_DROPPED steps[0].conditions',
        ]),
      );
      expect(
        issuesOf({ workflow_id: 'w', steps: [step('p', { next_steps: ['q'] }), 5] }).map(
          (i) => i.code,
        ),
      ).toEqual(expect.arrayContaining(['INVALID_SHAPE', 'DANGLING_EDGE']));
    });

    it('refuses a router without conditions, malformed entries and an unknown start step', () => {
      const issues = issuesOf({
        workflow_id: 'w',
        start_step: 'nope',
        steps: [
          step('p', { next_steps: ['r', 's'] }),
          step('r', { step_type: 'conditional_logic' }),
          step('s', {
            step_type: 'conditional_logic',
            parameters: { conditions: [3, { if: '' }] },
          }),
        ],
      });
      expect(issues.map((i) => `${i.code} ${i.path}`)).toEqual([
        'NO_CONDITION steps[1].parameters',
        'BAD_CONDITION steps[2].parameters.conditions[0]',
        'BAD_CONDITION steps[2].parameters.conditions[1].if',
        'UNKNOWN_START_STEP start_step',
      ]);
    });
  });

  describe('runs', () => {
    it('runs an imported UI workflow whose condition reads a nested field', async () => {
      const { workflow } = importAtomWorkflow({
        id: 'x',
        workflow_data: {
          nodes: [
            { id: 'p', label: 'P', config: { integration: 'svc' } },
            {
              id: 'r',
              type: 'condition',
              config: { conditions: [{ field: 'lead.score', operator: '>', value: 5 }] },
            },
            { id: 'y', label: 'Y', config: { integration: 'svc' } },
          ],
          edges: [
            { source: 'p', target: 'r' },
            { source: 'r', target: 'y', condition: 'YES' },
          ],
        },
      });
      const { result, calls } = await runRecorded(workflow, {
        outputs: { p: { lead: { score: 9 } } },
        status: 'COMPLETED',
        steps: {},
        calls: [],
      });
      expect(result.status).toBe('COMPLETED');
      expect(calls).toEqual(['p', 'y']);
    });
  });
});

describe('bare names', () => {
  it('keeps strings, references, members, calls and keywords', () => {
    const text = `size(items) > 0 and x.y == 'a b' and \${s.t} or not input.k and "q\\"r" == True`;
    expect(bareNames(text)).toEqual(['items', 'x']);
    expect(bindBareNames(text, 's0')).toBe(
      `size(\${s0.items}) > 0 and \${s0.x}.y == 'a b' and \${s.t} or not input.k and "q\\"r" == True`,
    );
    expect(bindBareNames('a is b', 'p')).toBe('${p.a} == ${p.b}');
    expect(bindBareNames('${unterminated', 'p')).toBe('${unterminated');
  });

  it('writes JSON paths with brackets for keys that are not identifiers', () => {
    expect(joinPath('', 'a')).toBe('a');
    expect(joinPath('', 'a b')).toBe('["a b"]');
    expect(joinPath('x', 'a b')).toBe('x["a b"]');
    expect(joinPath('x', 2)).toBe('x[2]');
  });
});
