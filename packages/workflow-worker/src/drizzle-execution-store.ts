import { sql } from 'drizzle-orm';
import type {
  EngineEvent,
  ExecutionSnapshot,
  ExecutionStore,
  SaveRequest,
  SerializedError,
  StepRecord,
  Workflow,
} from '@atom/workflow-engine';
import { ConcurrentModificationError, DuplicateExecutionError } from '@atom/workflow-engine';
import type { AtomDatabase } from '@atom/models';
import { DatabaseConstraintError, executeRows, normalizeDbError } from '@atom/models';
import { LeaseLostError } from './errors.js';
import { LEASES_TABLE } from './schema-sql.js';

/** Engine state kept in `workflow_executions.context` (jsonb) that has no column of its own. */
interface ExecutionContext {
  createdAt: number;
  updatedAt: number;
  lastSeq: number;
  error: SerializedError | null;
  missingInputs: string[];
}

/** Engine state kept in `workflow_step_executions.metadata_json` (jsonb). */
interface StepMetadata {
  attempt: number;
  fallback: boolean;
  fallbackUsed: boolean;
  updatedAt: number;
  error?: SerializedError;
  skipReason?: StepRecord['skipReason'];
}

const TERMINAL_STEP = `('COMPLETED','FAILED','SKIPPED','CANCELLED')`;
const TERMINAL_EXECUTION = `('COMPLETED','FAILED','CANCELLED','PARTIAL')`;

function stepMetadata(step: StepRecord): StepMetadata {
  const meta: StepMetadata = {
    attempt: step.attempt,
    fallback: step.fallback,
    fallbackUsed: step.fallbackUsed,
    updatedAt: step.updatedAt,
  };
  if (step.error !== undefined) meta.error = step.error;
  if (step.skipReason !== undefined) meta.skipReason = step.skipReason;
  return meta;
}

/** One row of the `jsonb_to_recordset` input of the step update. */
function stepPayload(step: StepRecord): Record<string, unknown> {
  return {
    step_id: step.stepId,
    status: step.status,
    has_output: 'output' in step,
    output_data: step.output ?? null,
    metadata_json: stepMetadata(step),
    error_message: step.error?.message ?? null,
    attempts: step.attempts,
    missing_inputs: step.missingInputs ?? null,
  };
}

function eventLevel(event: EngineEvent): 'INFO' | 'WARNING' | 'ERROR' {
  if (event.type === 'step.failed' || event.type === 'execution.failed') return 'ERROR';
  if (event.type === 'step.retrying' || event.type === 'execution.cancelled') return 'WARNING';
  return 'INFO';
}

function eventPayload(event: EngineEvent): Record<string, unknown> {
  return {
    seq: event.seq,
    event_type: event.type,
    level: eventLevel(event),
    message: 'stepId' in event ? `${event.type} ${event.stepId}` : event.type,
    step_id: 'stepId' in event ? event.stepId : null,
    context: event,
  };
}

function json(value: unknown): string {
  return JSON.stringify(value);
}

interface ExecutionRow extends Record<string, unknown> {
  execution_id: string;
  workflow_id: string;
  status: ExecutionSnapshot['status'];
  /** Always written by this store (the column is nullable for Atom's rows). */
  input_data: Record<string, unknown>;
  definition: Workflow;
  definition_hash: string;
  version: number;
  context: ExecutionContext;
  steps_json: StepRow[] | null;
}

interface StepRow {
  step_id: string;
  status: StepRecord['status'];
  output_data: unknown;
  metadata_json: StepMetadata;
  attempts: number;
  missing_inputs: string[] | null;
}

function toStepRecord(row: StepRow): StepRecord {
  const meta = row.metadata_json;
  const record: StepRecord = {
    stepId: row.step_id,
    status: row.status,
    attempt: meta.attempt,
    attempts: row.attempts,
    fallback: meta.fallback,
    fallbackUsed: meta.fallbackUsed,
    updatedAt: meta.updatedAt,
  };
  if (row.status === 'COMPLETED') record.output = row.output_data;
  if (meta.error !== undefined) record.error = meta.error;
  if (meta.skipReason !== undefined) record.skipReason = meta.skipReason;
  if (row.missing_inputs !== null) record.missingInputs = row.missing_inputs;
  return record;
}

/** Options of {@link DrizzleExecutionStore}. */
export interface DrizzleExecutionStoreOptions {
  /** Fence every `save` on the live lease of this worker id (default: no fence). */
  leaseOwner?: string;
}

/**
 * `@atom/workflow-engine`'s {@link ExecutionStore} on PostgreSQL (spec models §6): one
 * `workflow_executions` row per execution, one `workflow_step_executions` row per step and one
 * `workflow_execution_logs` row per event (`seq`, `event_type`, the event as `context`).
 *
 * Every `create` and every `save` is ONE SQL statement (data-modifying CTEs), hence one round trip
 * and one implicit transaction: `save` compare-and-sets `version`
 * (`UPDATE … WHERE execution_id = $1 AND version = $2 RETURNING version`) and writes the changed
 * steps and the events only when that update matched, so a conflict writes nothing. Works on both
 * drivers (`createDb` and `createEmbeddedDb` of `@atom/models`) and may be shared by several engines and
 * processes.
 *
 * Column mapping: the normalised definition and its hash, the input and the status have columns;
 * `error` holds the error message (the full serialised error, `missingInputs`, the engine's clock
 * times and `lastSeq` live in `context`); `outputs` holds the outputs of the completed steps by step
 * id. Steps keep `attempts`, `retry_count`, `output_data`, `error_message`, `missing_inputs` and
 * database timings (`started_at` at the first RUNNING, `completed_at`/`duration_ms` at the terminal
 * status); the rest of the step record is in `metadata_json`.
 *
 * @example
 * const db = await createEmbeddedDb({ dataDir: './atom-data' });
 * await migrate(db);
 * const engine = createEngine({ executors, store: new DrizzleExecutionStore(db) });
 */
export class DrizzleExecutionStore implements ExecutionStore {
  readonly #db: AtomDatabase;
  readonly #leaseOwner: string | undefined;

  /**
   * @param db - a migrated database (`createDb`, `createEmbeddedDb` of `@atom/models`) or a
   *   transaction.
   * @param options - `leaseOwner`: fence every `save` on the live lease of this worker id (see
   *   `createWorker`): a save after the lease expired or moved writes nothing and throws
   *   {@link LeaseLostError}. Needs the worker tables (`setupWorkerDatabase`).
   */
  constructor(db: AtomDatabase, options: DrizzleExecutionStoreOptions = {}) {
    this.#db = db;
    this.#leaseOwner = options.leaseOwner;
  }

  /** {@inheritDoc @atom/workflow-engine#ExecutionStore.create} */
  async create(snapshot: ExecutionSnapshot): Promise<void> {
    const context: ExecutionContext = {
      createdAt: snapshot.createdAt,
      updatedAt: snapshot.updatedAt,
      lastSeq: snapshot.lastSeq,
      error: snapshot.error,
      missingInputs: snapshot.missingInputs,
    };
    const steps = snapshot.definition.nodes.map((node) => {
      const step = snapshot.steps[node.id];
      /* istanbul ignore next -- the engine creates one record per node */
      if (step === undefined) throw new TypeError(`Snapshot has no step record for "${node.id}"`);
      return {
        ...stepPayload(step),
        step_name: node.title ?? node.id,
        step_type: node.type,
        sequence_order: node.index,
      };
    });
    try {
      await this.#db.execute(sql`
        WITH e AS (
          INSERT INTO workflow_executions
            (execution_id, workflow_id, status, input_data, definition, definition_hash, version,
             context, error, outputs)
          VALUES (${snapshot.executionId}, ${snapshot.workflowId},
            ${snapshot.status}::workflow_execution_status, ${json(snapshot.input)}::jsonb,
            ${json(snapshot.definition)}::jsonb, ${snapshot.definitionHash}, ${snapshot.version},
            ${json(context)}::jsonb, ${snapshot.error?.message ?? null}, '{}'::jsonb)
          RETURNING execution_id
        )
        INSERT INTO workflow_step_executions
          (execution_id, workflow_id, step_id, step_name, step_type, sequence_order, status,
           output_data, metadata_json, error_message, attempts, retry_count, missing_inputs)
        SELECT e.execution_id, ${snapshot.workflowId}, v.step_id, v.step_name, v.step_type,
          v.sequence_order, v.status::workflow_step_status,
          CASE WHEN v.has_output THEN v.output_data END, v.metadata_json, v.error_message,
          v.attempts, greatest(v.attempts - 1, 0), v.missing_inputs
        FROM e, jsonb_to_recordset(${json(steps)}::jsonb) AS v(
          step_id text, step_name text, step_type text, sequence_order integer, status text,
          has_output boolean, output_data jsonb, metadata_json jsonb, error_message text,
          attempts integer, missing_inputs jsonb)
      `);
    } catch (e) {
      const error = normalizeDbError(e);
      if (
        error instanceof DatabaseConstraintError &&
        error.sqlstate === '23505' &&
        error.table === 'workflow_executions'
      ) {
        throw new DuplicateExecutionError(snapshot.executionId, { cause: error });
      }
      throw error;
    }
  }

  /** {@inheritDoc @atom/workflow-engine#ExecutionStore.load} */
  async load(executionId: string): Promise<ExecutionSnapshot | undefined> {
    const rows = await executeRows<ExecutionRow>(
      this.#db,
      sql`
        SELECT e.execution_id, e.workflow_id, e.status, e.input_data, e.definition,
          e.definition_hash, e.version, e.context,
          (SELECT json_agg(json_build_object(
              'step_id', s.step_id, 'status', s.status, 'output_data', s.output_data,
              'metadata_json', s.metadata_json, 'attempts', s.attempts,
              'missing_inputs', s.missing_inputs) ORDER BY s.sequence_order)
           FROM workflow_step_executions s WHERE s.execution_id = e.execution_id) AS steps_json
        FROM workflow_executions e WHERE e.execution_id = ${executionId}
      `,
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    const steps: Record<string, StepRecord> = {};
    for (const step of row.steps_json ?? []) steps[step.step_id] = toStepRecord(step);
    return {
      executionId: row.execution_id,
      workflowId: row.workflow_id,
      definition: row.definition,
      definitionHash: row.definition_hash,
      createdAt: row.context.createdAt,
      status: row.status,
      input: row.input_data,
      error: row.context.error,
      missingInputs: row.context.missingInputs,
      updatedAt: row.context.updatedAt,
      steps,
      version: row.version,
      lastSeq: row.context.lastSeq,
    };
  }

  /** {@inheritDoc @atom/workflow-engine#ExecutionStore.save} */
  async save(request: SaveRequest, expectedVersion: number): Promise<number> {
    const { executionId, execution, changedSteps, events } = request;
    const firstSeq = events[0]?.seq;
    let lastSeq: number | undefined;
    for (const event of events) {
      if (lastSeq !== undefined && event.seq !== lastSeq + 1) {
        throw new TypeError(
          `Event seq must continue at ${lastSeq + 1}, received ${event.seq} for execution "${executionId}"`,
        );
      }
      lastSeq = event.seq;
    }
    const outputs: Record<string, unknown> = {};
    for (const step of changedSteps) {
      if (step.status === 'COMPLETED' && 'output' in step)
        outputs[step.stepId] = step.output ?? null;
    }
    let context = sql`context`;
    if (execution !== undefined) {
      const patch = {
        updatedAt: execution.updatedAt,
        error: execution.error,
        missingInputs: execution.missingInputs,
      };
      context = sql`(${context} || ${json(patch)}::jsonb)`;
    }
    if (lastSeq !== undefined) {
      context = sql`jsonb_set(${context}, '{lastSeq}', ${String(lastSeq)}::jsonb)`;
    }
    const executionSet =
      execution === undefined
        ? sql``
        : sql`, status = ${execution.status}::workflow_execution_status,
            input_data = ${json(execution.input)}::jsonb,
            error = ${execution.error?.message ?? null},
            started_at = CASE WHEN ${execution.status} = 'RUNNING'
              THEN coalesce(started_at, now()) ELSE started_at END,
            completed_at = CASE WHEN ${execution.status} IN ${sql.raw(TERMINAL_EXECUTION)}
              THEN greatest(now(), started_at) ELSE completed_at END`;
    const seqCheck =
      firstSeq === undefined ? sql`` : sql` AND (context->>'lastSeq')::int = ${firstSeq - 1}`;
    const owner = this.#leaseOwner;
    // FOR SHARE: a takeover (an UPDATE of the lease row) waits for this save, or this save sees it.
    const fence =
      owner === undefined
        ? sql``
        : sql` AND EXISTS (SELECT 1 FROM ${sql.raw(LEASES_TABLE)} l
            WHERE l.execution_id = ${executionId} AND l.owner = ${owner} AND l.expires_at > now()
            FOR SHARE)`;
    let rows: { version: number | null }[];
    try {
      rows = await executeRows<{ version: number | null }>(
        this.#db,
        sql`
        WITH cas AS (
          UPDATE workflow_executions
          SET version = version + 1,
            outputs = coalesce(outputs, '{}'::jsonb) || ${json(outputs)}::jsonb,
            context = ${context}
            ${executionSet}
          WHERE execution_id = ${executionId} AND version = ${expectedVersion}${seqCheck}${fence}
          RETURNING version
        ),
        steps AS (
          UPDATE workflow_step_executions AS s
          SET status = v.status::workflow_step_status,
            output_data = CASE WHEN v.has_output THEN v.output_data END,
            metadata_json = v.metadata_json,
            error_message = v.error_message,
            attempts = v.attempts,
            retry_count = greatest(v.attempts - 1, 0),
            missing_inputs = v.missing_inputs,
            started_at = CASE WHEN v.status = 'RUNNING' THEN coalesce(s.started_at, now())
              ELSE s.started_at END,
            completed_at = CASE WHEN v.status IN ${sql.raw(TERMINAL_STEP)}
              THEN greatest(now(), s.started_at) ELSE s.completed_at END,
            duration_ms = CASE WHEN v.status IN ${sql.raw(TERMINAL_STEP)} AND s.started_at IS NOT NULL
              THEN greatest(0, floor(extract(epoch FROM (now() - s.started_at)) * 1000))::integer
              ELSE s.duration_ms END
          FROM jsonb_to_recordset(${json(changedSteps.map(stepPayload))}::jsonb) AS v(
            step_id text, status text, has_output boolean, output_data jsonb, metadata_json jsonb,
            error_message text, attempts integer, missing_inputs jsonb)
          WHERE EXISTS (SELECT 1 FROM cas) AND s.execution_id = ${executionId}
            AND s.step_id = v.step_id
          RETURNING 1
        ),
        logs AS (
          INSERT INTO workflow_execution_logs
            (execution_id, level, message, step_id, context, seq, event_type)
          SELECT ${executionId}, v.level::log_level, v.message, v.step_id, v.context, v.seq,
            v.event_type
          FROM jsonb_to_recordset(${json(events.map(eventPayload))}::jsonb) AS v(
            seq integer, event_type text, level text, message text, step_id text, context jsonb)
          WHERE EXISTS (SELECT 1 FROM cas)
          ORDER BY v.seq
          RETURNING 1
        )
        SELECT (SELECT version FROM cas) AS version,
          (SELECT count(*) FROM steps)::integer AS steps,
          (SELECT count(*) FROM logs)::integer AS events
      `,
      );
    } catch (e) {
      throw normalizeDbError(e);
    }
    const version = rows[0]?.version ?? null;
    if (version !== null) return version;
    return this.#conflict(executionId, expectedVersion, firstSeq);
  }

  /** Explains a `save` that matched no row (a second query, on the failure path only). */
  async #conflict(
    executionId: string,
    expectedVersion: number,
    firstSeq: number | undefined,
  ): Promise<never> {
    const rows = await executeRows<{ version: number; last_seq: number }>(
      this.#db,
      sql`SELECT version, (context->>'lastSeq')::int AS last_seq
          FROM workflow_executions WHERE execution_id = ${executionId}`,
    );
    const row = rows[0];
    if (row !== undefined && row.version === expectedVersion) {
      if (firstSeq !== undefined && row.last_seq !== firstSeq - 1) {
        throw new TypeError(
          `Event seq must continue at ${row.last_seq + 1}, received ${firstSeq} for execution "${executionId}"`,
        );
      }
      if (this.#leaseOwner !== undefined) throw new LeaseLostError(executionId, this.#leaseOwner);
    }
    throw new ConcurrentModificationError(executionId, expectedVersion, row?.version);
  }

  /** {@inheritDoc @atom/workflow-engine#ExecutionStore.listEvents} */
  async listEvents(executionId: string): Promise<EngineEvent[]> {
    const rows = await executeRows<{ context: EngineEvent }>(
      this.#db,
      sql`SELECT context FROM workflow_execution_logs
          WHERE execution_id = ${executionId} AND seq IS NOT NULL ORDER BY seq`,
    );
    return rows.map((row) => row.context);
  }
}
