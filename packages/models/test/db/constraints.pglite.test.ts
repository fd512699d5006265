import { usePglite } from './harness.js';
import { constraintsSuite } from './constraints.suite.js';

constraintsSuite(usePglite());
