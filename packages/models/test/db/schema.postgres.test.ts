import { usePostgres } from './harness.js';
import { schemaSuite } from './schema.suite.js';

schemaSuite(usePostgres());
