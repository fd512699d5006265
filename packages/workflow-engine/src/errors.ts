/**
 * Base class of every error the engine throws. `code` is stable across versions: match on it,
 * not on the message.
 */
export class WorkflowEngineError extends Error {
  /** Stable machine-readable code, e.g. `WORKFLOW_CYCLE`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** True when `error` is any {@link WorkflowEngineError}. */
export function isWorkflowEngineError(error: unknown): error is WorkflowEngineError {
  return error instanceof WorkflowEngineError;
}
