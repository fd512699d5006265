export { DrizzleExecutionStore } from './drizzle-execution-store.js';
export type { DrizzleExecutionStoreOptions } from './drizzle-execution-store.js';
export { createWorkflowClient } from './client.js';
export type {
  ResultOptions,
  SubmitOptions,
  WorkflowClient,
  WorkflowClientOptions,
} from './client.js';
export { createWorker } from './worker.js';
export type { Worker } from './worker.js';
export { resolveWorkerOptions } from './worker-options.js';
export type {
  ResolvedWorkerOptions,
  WorkerEngineOptions,
  WorkerEvent,
  WorkerOptions,
} from './worker-options.js';
export { setupWorkerDatabase } from './setup-database.js';
export {
  ExecutionLeasedError,
  ExecutionNotFoundError,
  InvalidWorkerOptionError,
  LeaseLostError,
  ResultTimeoutError,
  WorkerClosedError,
  WorkflowWorkerError,
  isExecutionLeasedError,
  isExecutionNotFoundError,
  isInvalidWorkerOptionError,
  isLeaseLostError,
  isResultTimeoutError,
  isWorkerClosedError,
  isWorkflowWorkerError,
} from './errors.js';
