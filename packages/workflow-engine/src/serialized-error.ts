/** An error as stored in a snapshot and carried by events: plain JSON. */
export interface SerializedError {
  /** The error's class name (`StepTimeoutError`, `Error`, …). */
  name: string;
  /** The message. */
  message: string;
  /** The engine's stable code when the error has one (`WORKFLOW_STEP_TIMEOUT`, …). */
  code?: string;
}

/** Turns anything thrown into a {@link SerializedError}. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string'
      ? { name: error.name, message: error.message, code }
      : { name: error.name, message: error.message };
  }
  return { name: 'Error', message: safeString(error) };
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
