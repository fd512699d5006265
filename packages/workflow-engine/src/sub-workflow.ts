import type { Engine } from './engine.js';
import {
  ExecutionAbortedError,
  InvalidOptionError,
  NonRetryableError,
  SubWorkflowDepthError,
} from './errors.js';
import type { Executor, ExecutorContext } from './options.js';

/** Options of {@link createSubWorkflowExecutor}. */
export interface SubWorkflowExecutorOptions {
  /** The engine that runs children (a getter: executors are given to `createEngine` before it exists). */
  engine: () => Engine;
  /**
   * Finds the child definition for a step's params. Default: `params.workflow` (an inline
   * definition). Atom passes `params.workflow_id`: look it up here.
   */
  resolve?: (params: Record<string, unknown>, ctx: ExecutorContext) => unknown;
  /** Deepest allowed nesting (a top-level run is depth 0, its children depth 1). Default 10. */
  maxDepth?: number;
}

/**
 * The executor of Atom's `service: "workflow"` steps: runs a child definition through the same
 * engine with `params.input_data` (or `params.input`) as input and returns the child's outputs.
 * The child is cancelled when the step's signal aborts. A COMPLETED or PARTIAL child succeeds; a
 * FAILED child fails the step (retryable); a CANCELLED child fails it with `ExecutionAbortedError`;
 * a PAUSED child is cancelled and fails the step with a `NonRetryableError`.
 *
 * @throws {@link InvalidOptionError} for a bad `maxDepth`.
 */
export function createSubWorkflowExecutor(options: SubWorkflowExecutorOptions): Executor {
  const maxDepth = options.maxDepth ?? 10;
  if (!Number.isInteger(maxDepth) || maxDepth < 0) {
    throw new InvalidOptionError('maxDepth', 'an integer ≥ 0', maxDepth);
  }
  if (typeof options.engine !== 'function') {
    throw new InvalidOptionError('engine', 'a function returning the engine', options.engine);
  }
  const resolve = options.resolve ?? ((params: Record<string, unknown>) => params.workflow);
  return async (ctx: ExecutorContext): Promise<unknown> => {
    const depth = ctx.depth + 1;
    if (depth > maxDepth) throw new SubWorkflowDepthError(depth, maxDepth);
    const definition = await resolve(ctx.params, ctx);
    const rawInput = ctx.params.input_data ?? ctx.params.input ?? {};
    const input =
      typeof rawInput === 'object' && rawInput !== null && !Array.isArray(rawInput)
        ? (rawInput as Record<string, unknown>)
        : {};
    const engine = options.engine();
    const executionId = `${ctx.executionId}/${ctx.step.id}/${ctx.fallback ? 'f' : ''}${ctx.attempt}`;
    const run = engine.start(definition, { input, signal: ctx.signal, executionId, depth });
    const result = await run.result;
    switch (result.status) {
      case 'COMPLETED':
      case 'PARTIAL':
        return result.outputs;
      case 'FAILED':
        throw new Error(`Sub-workflow ${executionId} failed: ${result.error.message}`);
      case 'CANCELLED':
        throw new ExecutionAbortedError(executionId, 'cancelled', result.reason);
      default:
        await engine.cancel(executionId, 'sub-workflow paused');
        throw new NonRetryableError(
          `Sub-workflow ${executionId} paused on missing input: ${result.missingInputs.join(', ')}`,
        );
    }
  };
}
