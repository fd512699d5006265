/**
 * The schema registry: every table, its relations, its row types and the Postgres enums, listed
 * once. Use it the drizzle way, `import * as schema from './schema/index.js'`; `drizzle({ schema })`,
 * the validation schemas ({@link ../validation.ts}) and drizzle-kit all read it. A new table goes in
 * a file of its own (table, row types, relations, `checkWith` rules) plus one line here.
 */
export * from './enums.js';
export * from './identity.js';
export * from './agents.js';
export * from './governance.js';
export * from './episodes.js';
export * from './workflows.js';
export * from './canvas.js';
export * from './knowledge.js';
