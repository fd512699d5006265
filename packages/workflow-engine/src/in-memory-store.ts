import { ConcurrentModificationError, DuplicateExecutionError } from './errors.js';
import type { EngineEvent } from './events.js';
import type { ExecutionSnapshot, ExecutionStore, SaveRequest } from './store.js';

interface Entry {
  snapshot: ExecutionSnapshot;
  events: EngineEvent[];
}

/**
 * An {@link ExecutionStore} in process memory. `create` and `save` keep the
 * records and events it is given (the store contract hands them over); `load` and `listEvents`
 * return deep copies (`structuredClone`). Writes are atomic: a `save` applies entirely or throws.
 */
export class InMemoryExecutionStore implements ExecutionStore {
  readonly #entries = new Map<string, Entry>();

  /** {@inheritDoc ExecutionStore.create} */
  create(snapshot: ExecutionSnapshot): Promise<void> {
    if (this.#entries.has(snapshot.executionId)) {
      return Promise.reject(new DuplicateExecutionError(snapshot.executionId));
    }
    this.#entries.set(snapshot.executionId, {
      // Ownership passes to the store (see ExecutionStore): no copy of the steps.
      snapshot: { ...snapshot },
      events: [],
    });
    return Promise.resolve();
  }

  /** {@inheritDoc ExecutionStore.load} */
  load(executionId: string): Promise<ExecutionSnapshot | undefined> {
    const entry = this.#entries.get(executionId);
    return Promise.resolve(entry === undefined ? undefined : structuredClone(entry.snapshot));
  }

  /** {@inheritDoc ExecutionStore.save} */
  save(request: SaveRequest, expectedVersion: number): Promise<number> {
    const entry = this.#entries.get(request.executionId);
    if (entry === undefined || entry.snapshot.version !== expectedVersion) {
      return Promise.reject(
        new ConcurrentModificationError(
          request.executionId,
          expectedVersion,
          entry?.snapshot.version,
        ),
      );
    }
    const snapshot = entry.snapshot;
    let lastSeq = snapshot.lastSeq;
    for (const event of request.events) {
      if (event.seq !== lastSeq + 1) {
        return Promise.reject(
          new TypeError(
            `Event seq must continue at ${lastSeq + 1}, received ${event.seq} for execution "${request.executionId}"`,
          ),
        );
      }
      lastSeq = event.seq;
    }
    if (request.execution !== undefined) {
      const { status, input, error, missingInputs, updatedAt } = request.execution;
      Object.assign(snapshot, { status, input, error, missingInputs, updatedAt });
    }
    for (const step of request.changedSteps) {
      snapshot.steps[step.stepId] = step;
    }
    for (const event of request.events) entry.events.push(event);
    snapshot.lastSeq = lastSeq;
    snapshot.version = expectedVersion + 1;
    return Promise.resolve(snapshot.version);
  }

  /** {@inheritDoc ExecutionStore.listEvents} */
  listEvents(executionId: string): Promise<EngineEvent[]> {
    const entry = this.#entries.get(executionId);
    return Promise.resolve(entry === undefined ? [] : structuredClone(entry.events));
  }
}
