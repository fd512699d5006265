import { usePostgres } from './harness.js';
import { workflowsSuite } from './workflows.suite.js';

workflowsSuite(usePostgres());
