/** The orchestrator dialect read directly: exact definitions, origins, warnings and issues. */
import { describe, expect, it } from 'vitest';
import { ImportContext } from '../../src/import/import-context.js';
import { importOrchestrator } from '../../src/import/orchestrator-dialect.js';
import { withoutPrefix } from './helpers.js';

function read(src: Record<string, unknown>) {
  const ctx = new ImportContext();
  const r = importOrchestrator(src, '', ctx);
  return {
    def: r.def,
    n: r.nodeOrigins,
    e: r.edgeOrigins,
    w: withoutPrefix(ctx.warnings),
    i: withoutPrefix(ctx.issues),
  };
}

describe('importOrchestrator', () => {
  it('maps every step field, parallel groups, start_step reachability and joins', () => {
    expect(
      read({
        id: 'w0',
        workflow_id: 'w',
        name: 'N',
        created_by: 'u',
        start_step: 'a',
        extra: 1,
        steps: [
          {
            step_id: 'a',
            id: 'a0',
            name: 'A',
            description: 'DA',
            service: 's',
            step_type: 't',
            action: 'go',
            parameters: { p: 1 },
            continue_on_error: true,
            timeout_seconds: 5,
            agent_fallback_id: 'h',
            retry_policy: { max_retries: 2 },
            input_schema: { type: 'object' },
            output_schema: true,
            confidence_threshold: 0.5,
            conditions: { x: 1 },
            junk: 1,
            parallel_steps: ['b', 'c'],
            next_steps: ['d'],
          },
          { step_id: 'b', description: 'only desc', step_type: 'email', next_steps: 'd' },
          { step_id: 'c', step_type: 'email', conditions: {} },
          { step_id: 'd', step_type: 'email' },
          { step_id: 'lost', step_type: 'email' },
          7,
        ],
      }),
    ).toStrictEqual({
      def: {
        id: 'w',
        name: 'N',
        created_by: 'u',
        nodes: [
          {
            id: 'a',
            type: 'action',
            title: 'A',
            description: 'DA',
            config: {
              service: 's',
              action: 'go',
              parameters: { p: 1 },
              continue_on_error: true,
              timeout: 5,
              fallback_service: 'h',
              retry: { max_attempts: 3 },
              input_schema: { type: 'object' },
              output_schema: true,
            },
          },
          { id: 'b', type: 'action', title: 'only desc', config: { service: 'email' } },
          { id: 'c', type: 'action', config: { service: 'email' } },
          { id: 'd', type: 'action', config: { service: 'email' } },
        ],
        connections: [
          { id: 'a->b', source: 'a', target: 'b' },
          { id: 'a->c', source: 'a', target: 'c' },
          { id: 'b->d', source: 'b', target: 'd' },
          { id: 'c->d', source: 'c', target: 'd', condition: '"a" in steps' },
        ],
      },
      n: ['steps[0]', 'steps[1]', 'steps[2]', 'steps[3]'],
      e: [
        'steps[0].parallel_steps[0]',
        'steps[0].parallel_steps[1]',
        'steps[0].next_steps[0]',
        'steps[0].next_steps[0]',
      ],
      w: [
        ['FIELD_DROPPED', 'steps[0].id', 'step_id is given too'],
        ['FIELD_DROPPED', 'steps[0].step_type', 'service is given too'],
        [
          'AGENT_FALLBACK_MAPPED',
          'steps[0].agent_fallback_id',
          'agent "h" becomes the fallback service "h": register an executor under that name',
        ],
        [
          'RETRY_MAPPED',
          'steps[0].retry_policy.max_retries',
          'max_retries 2 read as max_attempts 3 (the first attempt counts)',
        ],
        [
          'FIELD_DROPPED',
          'steps[0].confidence_threshold',
          'the engine does not score NLU confidence; left out',
        ],
        [
          'FIELD_DROPPED',
          'steps[0].conditions',
          'step-level conditions are not read by the orchestrator either; left out',
        ],
        ['FIELD_DROPPED', 'steps[0].junk', 'not used by the engine; left out'],
        [
          'UNREACHABLE_STEP_DROPPED',
          'steps[4]',
          'start_step "a" never leads here, so Atom never runs it',
        ],
        [
          'UNREACHABLE_STEP_DROPPED',
          'steps[5]',
          'start_step "a" never leads here, so Atom never runs it',
        ],
        [
          'JOIN_ANY_PREDECESSOR',
          'steps[3]',
          'reached from "b", "c": runs once, when the paths that reach it are settled and one of them is taken; Atom runs it once per arriving path',
        ],
        ['FIELD_DROPPED', 'id', 'workflow_id is given too'],
        ['FIELD_DROPPED', 'extra', 'not used by the engine; left out'],
      ],
      i: [],
    });
  });
  it('turns conditional_logic branches into first-match-wins conditions of the step before', () => {
    expect(
      read({
        workflow_id: 'w',
        start_step: 'p',
        steps: [
          { step_id: 'p', step_type: 's', next_steps: ['r'] },
          {
            step_id: 'r',
            step_type: 'conditional_logic',
            name: 'route',
            next_steps: ['x', 'zz'],
            parallel_steps: ['q'],
            parameters: {
              ai_option: true,
              ai_prompt: 'p',
              mode: 'm',
              conditions: [
                { if: "priority == 'urgent'", then: ['x'], note: 1 },
                { if: 'score > 5', then: 'y', else: ['z'] },
                5,
                { if: '  ' },
                { if: 'x2', then: ['x'] },
                { else: 'w2' },
              ],
            },
          },
          { step_id: 'x', step_type: 's' },
          { step_id: 'y', step_type: 's' },
          { step_id: 'z', step_type: 's' },
          { step_id: 'w2', step_type: 's' },
          { step_id: 'q', step_type: 's' },
        ],
      }),
    ).toStrictEqual({
      def: {
        id: 'w',
        nodes: [
          { id: 'p', type: 'action', config: { service: 's' } },
          { id: 'x', type: 'action', config: { service: 's' } },
          { id: 'y', type: 'action', config: { service: 's' } },
          { id: 'z', type: 'action', config: { service: 's' } },
          { id: 'w2', type: 'action', config: { service: 's' } },
        ],
        connections: [
          {
            id: 'p->x',
            source: 'p',
            target: 'x',
            condition:
              "(${p.priority} == 'urgent') || (((!(${p.priority} == 'urgent')) && (!(${p.score} > 5))) && (${p.x2}))",
          },
          {
            id: 'p->y',
            source: 'p',
            target: 'y',
            condition: "(!(${p.priority} == 'urgent')) && (${p.score} > 5)",
          },
          {
            id: 'p->z',
            source: 'p',
            target: 'z',
            condition: "(!(${p.priority} == 'urgent')) && (!(${p.score} > 5))",
          },
          {
            id: 'p->w2',
            source: 'p',
            target: 'w2',
            condition: "(!(${p.priority} == 'urgent')) && (!(${p.score} > 5)) && (!(${p.x2}))",
          },
        ],
      },
      n: ['steps[0]', 'steps[2]', 'steps[3]', 'steps[4]', 'steps[5]'],
      e: [
        'steps[1].parameters.conditions[0].if',
        'steps[1].parameters.conditions[1].if',
        'steps[1].parameters.conditions[1].else',
        'steps[1].parameters.conditions[5].else',
      ],
      w: [
        [
          'FIELD_DROPPED',
          'steps[1].parameters.conditions[0].note',
          'not used by the engine; left out',
        ],
        [
          'FIELD_DROPPED',
          'steps[1].parameters.ai_option',
          'routing chosen by an AI model is not supported; the if/then conditions route',
        ],
        [
          'FIELD_DROPPED',
          'steps[1].parameters.ai_prompt',
          'routing chosen by an AI model is not supported; the if/then conditions route',
        ],
        [
          'FIELD_DROPPED',
          'steps[1].parameters.mode',
          'a conditional_logic step only routes; left out',
        ],
        [
          'EDGE_DROPPED',
          'steps[1].next_steps[1]',
          '"zz" is in no branch of the conditions: Atom only follows the branch taken',
        ],
        [
          'FIELD_DROPPED',
          'steps[1].parallel_steps',
          'a conditional_logic step only routes; left out',
        ],
        [
          'UNREACHABLE_STEP_DROPPED',
          'steps[6]',
          'start_step "p" never leads here, so Atom never runs it',
        ],
        [
          'ROUTING_INLINED',
          'steps[1]',
          'condition "r" is not a step in the engine: its branches are conditions on the edges from "p"',
        ],
        [
          'CONDITION_VARIABLE_MAPPED',
          'steps[1].parameters.conditions',
          'its names priority, score, x2 read the output of "p"',
        ],
      ],
      i: [
        [
          'BAD_CONDITION',
          'steps[1].parameters.conditions[2]',
          'expected { if, then } or { else }. Fix: write { "if": "<expression>", "then": ["<step>"] }',
        ],
        [
          'BAD_CONDITION',
          'steps[1].parameters.conditions[3].if',
          'expected an expression. Fix: write the condition as text, e.g. "priority == \'urgent\'"',
        ],
      ],
    });
  });
  it('refuses an unknown start_step and a conditional_logic step without conditions', () => {
    expect(
      read({
        workflow_id: 'w',
        start_step: 'nope',
        steps: [
          { step_id: 'r', step_type: 'conditional_logic', next_steps: ['a'] },
          { step_id: 'a', step_type: 's' },
        ],
      }),
    ).toStrictEqual({
      def: {
        id: 'w',
        nodes: [
          { id: 'r', type: 'trigger' },
          { id: 'a', type: 'action', config: { service: 's' } },
        ],
        connections: [],
      },
      n: ['steps[0]', 'steps[1]'],
      e: [],
      w: [
        [
          'EDGE_DROPPED',
          'steps[0].next_steps[0]',
          '"a" is in no branch of the conditions: Atom only follows the branch taken',
        ],
        [
          'ROUTING_ROOT_AS_TRIGGER',
          'steps[0]',
          'a condition with no step before it: kept as a trigger that completes with the execution input; its branches are conditions on its edges',
        ],
      ],
      i: [
        [
          'NO_CONDITION',
          'steps[0].parameters',
          'a conditional_logic step without parameters.conditions. Fix: add parameters.conditions: [{ "if": "<expression>", "then": ["<step>"] }, { "else": ["<step>"] }]',
        ],
        [
          'UNKNOWN_START_STEP',
          'start_step',
          'start_step "nope" is not a step. Fix: name the step_id of the first step',
        ],
      ],
    });
  });
  it('an else without an if before it is taken unconditionally', () => {
    expect(
      read({
        workflow_id: 'w',
        steps: [
          {
            step_id: 'r',
            step_type: 'conditional_logic',
            parameters: { conditions: [{ else: ['a'] }] },
          },
          { step_id: 'a', step_type: 's' },
        ],
      }),
    ).toStrictEqual({
      def: {
        id: 'w',
        nodes: [
          { id: 'r', type: 'trigger' },
          { id: 'a', type: 'action', config: { service: 's' } },
        ],
        connections: [{ id: 'r->a', source: 'r', target: 'a' }],
      },
      n: ['steps[0]', 'steps[1]'],
      e: ['steps[0].parameters.conditions[0].else'],
      w: [
        [
          'ROUTING_ROOT_AS_TRIGGER',
          'steps[0]',
          'a condition with no step before it: kept as a trigger that completes with the execution input; its branches are conditions on its edges',
        ],
      ],
      i: [],
    });
  });
});

describe('importOrchestrator: further cases', () => {
  const step = (step_id: string, extra: Record<string, unknown> = {}) => ({
    step_id,
    step_type: 's',
    ...extra,
  });

  it('links next_steps at their origin, keeps a non-object step for validation, says nothing of equal ids', () => {
    const r = read({
      workflow_id: 'w',
      id: 'w',
      steps: [step('a', { id: 'a', next_steps: ['b'] }), step('b'), 7],
    });
    expect(r.def.connections).toStrictEqual([{ id: 'a->b', source: 'a', target: 'b' }]);
    expect(r.e).toEqual(['steps[0].next_steps[0]']);
    expect(r.def.nodes[2]).toBe(7);
    expect(r.w).toEqual([]);
  });

  it('drops every step the start step never leads to, with its edges', () => {
    const r = read({
      workflow_id: 'w',
      start_step: 'a',
      steps: [
        step('a', { next_steps: ['b'] }),
        step('b'),
        step('c', { next_steps: ['d'] }),
        step('d'),
      ],
    });
    expect(r.def.nodes.map((n) => n.id)).toEqual(['a', 'b']);
    expect(r.def.connections).toStrictEqual([{ id: 'a->b', source: 'a', target: 'b' }]);
    expect(r.w.map(([code, path]) => `${code} ${path}`)).toEqual([
      'UNREACHABLE_STEP_DROPPED steps[2]',
      'UNREACHABLE_STEP_DROPPED steps[3]',
    ]);
  });

  it('warns about a join reached from a parallel group and from elsewhere', () => {
    const r = read({
      workflow_id: 'w',
      steps: [
        step('a', { parallel_steps: ['b', 'c'], next_steps: ['d'] }),
        step('b'),
        step('c'),
        step('d'),
        step('e', { next_steps: ['d'] }),
      ],
    });
    expect(r.w.map(([code, path]) => `${code} ${path}`)).toEqual(['JOIN_ANY_PREDECESSOR steps[3]']);
    const grouped = read({
      workflow_id: 'w',
      steps: [
        step('a', { parallel_steps: ['b', 'c'], next_steps: ['d'] }),
        step('b'),
        step('c'),
        step('d'),
      ],
    });
    expect(grouped.w).toEqual([]);
  });

  it('refuses a non-string if, and names a variable once across branches', () => {
    const r = read({
      workflow_id: 'w',
      steps: [
        step('p', { next_steps: ['r'] }),
        {
          step_id: 'r',
          step_type: 'conditional_logic',
          parameters: {
            conditions: [
              { if: 5, then: ['x'] },
              { if: 'n > 1', then: ['x'] },
              { if: 'n > 2', then: ['y'] },
            ],
          },
        },
        step('x'),
        step('y'),
      ],
    });
    expect(r.i).toEqual([
      [
        'BAD_CONDITION',
        'steps[1].parameters.conditions[0].if',
        'expected an expression. Fix: write the condition as text, e.g. "priority == \'urgent\'"',
      ],
    ]);
    expect(r.w.find(([code]) => code === 'CONDITION_VARIABLE_MAPPED')).toEqual([
      'CONDITION_VARIABLE_MAPPED',
      'steps[1].parameters.conditions',
      'its names n read the output of "p"',
    ]);
  });
});
