import { Validator } from '@cfworker/json-schema';
import type { JsonSchema } from './types.js';

const validators = new WeakMap<object, Validator>();

/**
 * Checks `instance` against a JSON Schema (draft 2020-12 by default, interpreted by
 * `@cfworker/json-schema`: no code generation). Validators are cached per schema object.
 *
 * @returns the error messages (`<instance location>: <message>`), empty when valid.
 */
export function checkJsonSchema(schema: JsonSchema, instance: unknown): string[] {
  if (schema === true) return [];
  if (schema === false) return ['#: the schema `false` accepts nothing'];
  let validator = validators.get(schema);
  if (validator === undefined) {
    validator = new Validator(schema, '2020-12', false);
    validators.set(schema, validator);
  }
  const result = validator.validate(instance);
  return result.valid ? [] : result.errors.map((e) => `${e.instanceLocation}: ${e.error}`);
}
