import { usePostgres } from './harness.js';
import { constraintsSuite } from './constraints.suite.js';

constraintsSuite(usePostgres());
