/**
 * Makes an unhandled rejection or uncaught exception a failure of the execution that caused it:
 * listens on `process` while `fn` runs (and for two macrotask turns after, which is when Node
 * reports a rejection nobody handled), and returns what was caught as problems.
 */
export async function withUncaughtGuard(fn: () => Promise<string[]>): Promise<string[]> {
  const problems: string[] = [];
  const onRejection = (reason: unknown): void => {
    problems.push(`unhandled rejection: ${describeError(reason)}`);
  };
  const onException = (error: unknown): void => {
    problems.push(`uncaught exception: ${describeError(error)}`);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  try {
    problems.push(...(await fn()));
    await macrotask();
    await macrotask();
  } catch (error) {
    problems.push(`threw: ${describeError(error)}`);
  } finally {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  }
  return problems;
}

/** Lets every pending promise callback run (one macrotask turn). */
export const macrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** `Name: message` of an error, or the thrown value as text. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
