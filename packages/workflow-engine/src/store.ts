/**
 * The persistence port of the engine (spec §8). The engine owns no storage: it writes every
 * transition through an {@link ExecutionStore} before acting on it. `InMemoryExecutionStore` ships
 * with this package; a PostgreSQL implementation lives in `@atom/models`.
 *
 * Everything in a snapshot is plain JSON (numbers are milliseconds), so a store may keep it in
 * `jsonb` columns or split it into tables.
 *
 * @module
 */
import type { EngineEvent, SkipReason } from './events.js';
import type { SerializedError } from './serialized-error.js';
import type { ExecutionStatus, StepStatus } from './statuses.js';
import type { Workflow } from './types.js';

/** The persisted state of one step. Replaced as a whole by `save` (see {@link SaveRequest.changedSteps}). */
export interface StepRecord {
  /** The step (node) id; unique within the execution. */
  stepId: string;
  /** Current status. Terminal statuses (COMPLETED, FAILED, SKIPPED, CANCELLED) never change again. */
  status: StepStatus;
  /**
   * Attempt number of the current service, from 1 (0 before the executor was ever called). Restarts
   * at 1 when the fallback service takes over.
   */
  attempt: number;
  /** Executor calls made so far for this step, primary and fallback together. */
  attempts: number;
  /** True while (and after) the fallback service runs instead of the primary one. */
  fallback: boolean;
  /** True when the stored output was produced by the fallback service. */
  fallbackUsed: boolean;
  /**
   * The executor's return value (JSON; `undefined` was stored as `null`). Present iff `status` is
   * COMPLETED — a stored `null` is an output, an absent key is none.
   */
  output?: unknown;
  /** The last error (FAILED steps, and the failed attempt of a RETRYING step). */
  error?: SerializedError;
  /** Why the step was SKIPPED. */
  skipReason?: SkipReason;
  /** Missing reference paths while the step is PAUSED (and the last ones after it resumed). */
  missingInputs?: string[];
  /** Time of the last change, from the engine's clock (ms). */
  updatedAt: number;
}

/** The execution-level fields of a snapshot. Replaced as a whole by `save` when present. */
export interface ExecutionState {
  /** Current status. Terminal statuses (COMPLETED, FAILED, CANCELLED, PARTIAL) never change again. */
  status: ExecutionStatus;
  /** The execution input; `resume(id, { input })` merges new keys into it shallowly. */
  input: Record<string, unknown>;
  /** Why the execution FAILED (or the reason it was cancelled); `null` otherwise. */
  error: SerializedError | null;
  /** Every missing reference path while PAUSED, sorted; `[]` otherwise. */
  missingInputs: string[];
  /** Time of the last change, from the engine's clock (ms). */
  updatedAt: number;
}

/**
 * Everything the engine needs to continue an execution from its id alone (`resume`, `recover`,
 * `get`).
 */
export interface ExecutionSnapshot extends ExecutionState {
  /** Unique id of the execution (a UUID unless the caller chose one). */
  executionId: string;
  /** `definition.id`, duplicated for indexing. */
  workflowId: string;
  /** The normalised definition the execution runs. Never changes after `create`. */
  definition: Workflow;
  /** SHA-256 (hex) of the canonical JSON of `definition`. */
  definitionHash: string;
  /** Creation time, from the engine's clock (ms). */
  createdAt: number;
  /** One record per node of `definition`, keyed by step id. */
  steps: Record<string, StepRecord>;
  /**
   * Compare-and-set version: 1 at `create`, +1 per successful `save`. Strictly increasing.
   */
  version: number;
  /** `seq` of the last event saved (0 before any). The next event has `lastSeq + 1`. */
  lastSeq: number;
}

/**
 * One atomic write (spec §8): the changed execution fields, the changed steps and the new events of
 * one or more transitions that happened in the same tick.
 */
export interface SaveRequest {
  /** The execution to write. */
  executionId: string;
  /** New execution-level fields, replacing the stored ones; absent when they did not change. */
  execution?: ExecutionState;
  /** Whole step records replacing the stored records of the same `stepId`. */
  changedSteps: StepRecord[];
  /**
   * The events of these transitions, in order. Their `seq` values continue the stored
   * `lastSeq` without gaps; a store may reject (throw) a duplicate `seq`.
   */
  events: EngineEvent[];
}

/**
 * Persistence port. Implementations must be safe to share between engine instances (and
 * processes): isolation comes from the compare-and-set `version`, not from locks in the engine.
 *
 * Ownership: `create` and `save` take ownership of their arguments (the engine never mutates a
 * request, a step record or an event after passing it in), so a store may keep them as they are;
 * `load` and `listEvents` must return copies the caller may mutate.
 */
export interface ExecutionStore {
  /**
   * Stores a new execution. `snapshot.version` is 1 and `snapshot.lastSeq` is 0.
   *
   * @throws `DuplicateExecutionError` when `snapshot.executionId` exists already.
   */
  create(snapshot: ExecutionSnapshot): Promise<void>;
  /** The stored snapshot, or `undefined` for an unknown id. */
  load(executionId: string): Promise<ExecutionSnapshot | undefined>;
  /**
   * Applies `request` as ONE atomic compare-and-set write: if the stored version equals
   * `expectedVersion`, replaces the execution fields (when given) and the changed step records,
   * appends the events, sets `lastSeq` to the last event's `seq` and the version to
   * `expectedVersion + 1`, which it returns. Otherwise writes nothing at all.
   *
   * @returns the new version (`expectedVersion + 1`).
   * @throws `ConcurrentModificationError` when the stored version differs (or the id is unknown).
   */
  save(request: SaveRequest, expectedVersion: number): Promise<number>;
  /** The saved events of an execution in `seq` order (`[]` for an unknown id). */
  listEvents(executionId: string): Promise<EngineEvent[]>;
}
