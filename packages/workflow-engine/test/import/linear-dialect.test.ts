/** The linear dialect read directly: every step field, parameter specs, exact warnings and issues. */
import { describe, expect, it } from 'vitest';
import { ImportContext } from '../../src/import/import-context.js';
import { importLinear } from '../../src/import/linear-dialect.js';

const B = 'workflow_data';
const S0 = `${B}.steps[0]`;
const warning = (code: string, path: string, text: string) => ({
  code,
  path,
  message: `${path}: ${text}`,
});

function read(src: Record<string, unknown>) {
  const ctx = new ImportContext();
  const r = importLinear(src, B, ctx);
  return { ...r, warnings: ctx.warnings, issues: ctx.issues };
}

describe('importLinear', () => {
  it('maps every field of a generator-written step', () => {
    const schema = { type: 'object' };
    const src = {
      workflow_id: 'w',
      name: 'N',
      steps: [
        {
          step_id: 's1',
          id: 's1',
          name: 'one',
          sequence_order: 1,
          type: 'action',
          step_type: 'email',
          action: 'send',
          parameters: [
            { name: 'to', value: 'a@b' },
            { name: 'ch', default_value: '#ops', label: 'L' },
            { name: 'opt', is_optional: true },
            { name: 'req', is_optional: false },
          ],
          condition: 'x > 1',
          continue_on_error: true,
          timeout_seconds: 5,
          agent_fallback_id: 'helper',
          connection_id: 'c',
          input_schema: schema,
          output_schema: schema,
          join: 'all_done',
          retry_config: { max_retries: 1 },
          ui: 1,
          note: null,
        },
      ],
    };
    const r = read(src);
    expect(r.def).toStrictEqual({
      id: 'w',
      name: 'N',
      steps: [
        {
          id: 's1',
          name: 'one',
          sequence_order: 1,
          type: 'action',
          service: 'email',
          action: 'send',
          parameters: { to: 'a@b', ch: '#ops', req: '${input.req}' },
          condition: 'x > 1',
          continue_on_error: true,
          timeout: 5,
          fallback_service: 'helper',
          connection_id: 'c',
          input_schema: schema,
          output_schema: schema,
          join: 'all_done',
          retry: { max_attempts: 2 },
        },
      ],
    });
    // Copies: the result shares nothing with the input.
    const step = (r.def.steps[0] ?? {}) as unknown as Record<string, unknown>;
    expect(step.input_schema).not.toBe(schema);
    expect(r.nodeOrigins).toEqual([S0]);
    expect(r.edgeOrigins).toEqual([]);
    expect(r.issues).toEqual([]);
    expect(r.warnings).toEqual([
      warning(
        'SERVICE_FROM_STEP_TYPE',
        `${S0}.step_type`,
        'no service: the executor registered as "email" runs this step',
      ),
      warning(
        'PARAMETER_SPEC_MAPPED',
        `${S0}.parameters[1].default_value`,
        'parameters.ch is its default_value; to take it from the run write "${input.ch}"',
      ),
      warning(
        'FIELD_DROPPED',
        `${S0}.parameters[1].label`,
        'a form hint (type, label, show_when, …); the engine does not read it',
      ),
      warning(
        'PARAMETER_SPEC_MAPPED',
        `${S0}.parameters[2]`,
        'optional parameter "opt" without a default: left out',
      ),
      warning(
        'PARAMETER_SPEC_MAPPED',
        `${S0}.parameters[3]`,
        'parameters.req reads ${input.req} (the run pauses for it when the input lacks it)',
      ),
      warning(
        'AGENT_FALLBACK_MAPPED',
        `${S0}.agent_fallback_id`,
        'agent "helper" becomes the fallback service "helper": register an executor under that name',
      ),
      warning(
        'RETRY_MAPPED',
        `${S0}.retry_config.max_retries`,
        'max_retries 1 read as max_attempts 2 (the first attempt counts)',
      ),
      warning('FIELD_DROPPED', `${S0}.ui`, 'not used by the engine; left out'),
    ]);
  });

  it('prefers id, service and the value of a spec, warning about what it passes over', () => {
    const r = read({
      id: 'w2',
      workflow_id: 'w',
      inputs: [1],
      input_schema: {},
      extra: 1,
      steps: [
        {
          id: 's2',
          step_id: 'other',
          service: 'svc',
          step_type: 't',
          parameters: [{ name: 'v', value: 0, default_value: 9 }],
          depends_on: [{ step_id: 's1', condition: 'true', why: 1 }, { id: 's0' }, 's9'],
        },
        { id: 's3', parameters: { a: 1 }, depends_on: 's2', timeout: 3 },
        7,
      ],
    });
    expect(r.def).toStrictEqual({
      id: 'w2',
      steps: [
        {
          id: 's2',
          service: 'svc',
          parameters: { v: 0 },
          depends_on: [{ id: 's1', condition: 'true' }, { id: 's0' }, 's9'],
        },
        { id: 's3', parameters: { a: 1 }, depends_on: 's2', timeout: 3 },
        7,
      ],
    });
    expect(r.nodeOrigins).toEqual([`${B}.steps[0]`, `${B}.steps[1]`, `${B}.steps[2]`]);
    const inputs =
      'workflow inputs are not declared to the engine: pass them as the execution input, engine.start(def, { input })';
    expect(r.warnings).toEqual([
      warning('FIELD_DROPPED', `${S0}.step_id`, 'id is given too'),
      warning('FIELD_DROPPED', `${S0}.step_type`, 'service is given too'),
      warning('FIELD_DROPPED', `${S0}.depends_on[0].why`, 'not used by the engine; left out'),
      warning('FIELD_DROPPED', `${B}.workflow_id`, 'id is given too'),
      warning('FIELD_DROPPED', `${B}.inputs`, inputs),
      warning('FIELD_DROPPED', `${B}.input_schema`, inputs),
      warning('FIELD_DROPPED', `${B}.extra`, 'not used by the engine; left out'),
    ]);
  });

  it('takes the other spelling when only one is given, silently', () => {
    const r = read({ workflow_id: 'w', steps: [{ step_id: 'a' }, { id: 'b', step_id: 'b' }] });
    expect(r.def).toStrictEqual({ id: 'w', steps: [{ id: 'a' }, { id: 'b' }] });
    expect(read({ id: 'w', workflow_id: 'w', steps: [] }).warnings).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  it('refuses a parameter spec without a name, naming the entry', () => {
    const fix = 'give each entry a name, e.g. { "name": "channel", "default_value": "#ops" }';
    for (const spec of [{ value: 1 }, { name: '' }, { name: 3 }, 'x']) {
      const r = read({ id: 'w', steps: [{ id: 'a', parameters: [spec] }] });
      expect(r.def.steps[0]).toStrictEqual({ id: 'a', parameters: {} });
      expect(r.issues).toEqual([
        {
          code: 'BAD_PARAMETER',
          path: `${S0}.parameters[0]`,
          message: `${S0}.parameters[0]: a parameter spec needs a "name". Fix: ${fix}`,
          fix,
        },
      ]);
    }
  });
});
