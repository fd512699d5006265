// One pglite database for the whole core suite (migrated once; every test rolls back).
import { agreementSuite } from './agreement.suite.js';
import { constraintsSuite } from './constraints.suite.js';
import { usePglite } from './harness.js';
import { relationsSuite } from './relations.suite.js';
import { schemaSuite } from './schema.suite.js';
import { validationSuite } from './validation.suite.js';
import { workflowsSuite } from './workflows.suite.js';

const harness = usePglite();
schemaSuite(harness);
constraintsSuite(harness);
relationsSuite(harness);
workflowsSuite(harness);
validationSuite(harness);
agreementSuite(harness);
