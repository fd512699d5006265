import { usePglite } from './harness.js';
import { workflowsSuite } from './workflows.suite.js';

workflowsSuite(usePglite());
