import { usePglite } from './harness.js';
import { schemaSuite } from './schema.suite.js';

schemaSuite(usePglite());
