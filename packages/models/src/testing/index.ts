export { createTestDatabase } from './create-test-database.js';
export type { TestDatabase } from './create-test-database.js';
export {
  createTeam,
  createTenant,
  createUser,
  createWorkflowExecution,
  createWorkflowExecutionLog,
  createWorkflowSnapshot,
  createWorkflowStepExecution,
  createWorkspace,
  uniqueSuffix,
} from './factories.js';
