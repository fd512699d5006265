import { relations } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import type { JsonObject } from './_shared.js';
import { createdAt, idColumn } from './_shared.js';
import { agentExecutions, agentRegistry } from './agents.js';
import { canvasAction, canvasType } from './enums.js';
import { episodes } from './episodes.js';
import { users } from './identity.js';

/** Audit of every canvas action (kept: agent, execution and user are RESTRICT). */
export const canvasAudit = pgTable(
  'canvas_audit',
  {
    id: idColumn(),
    /** Workspace id without a FK (as in Atom). */
    workspaceId: text('workspace_id'),
    agentId: text('agent_id').references(() => agentRegistry.id, { onDelete: 'restrict' }),
    agentExecutionId: text('agent_execution_id').references(() => agentExecutions.id, {
      onDelete: 'restrict',
    }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    canvasId: text('canvas_id'),
    sessionId: text('session_id'),
    canvasType: canvasType('canvas_type').notNull().default('GENERIC'),
    componentType: text('component_type').notNull(),
    componentName: text('component_name'),
    action: canvasAction('action').notNull(),
    auditMetadata: jsonb('audit_metadata').$type<JsonObject>().notNull().default({}),
    governanceCheckPassed: boolean('governance_check_passed'),
    episodeId: text('episode_id').references(() => episodes.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('canvas_audit_workspace_id_created_at_idx').on(t.workspaceId, t.createdAt),
    index('canvas_audit_agent_id_idx').on(t.agentId),
    index('canvas_audit_agent_execution_id_idx').on(t.agentExecutionId),
    index('canvas_audit_user_id_idx').on(t.userId),
    index('canvas_audit_canvas_id_idx').on(t.canvasId),
    index('canvas_audit_session_id_idx').on(t.sessionId),
    index('canvas_audit_episode_id_idx').on(t.episodeId),
  ],
);

// Row types

/** A row of `canvas_audit`. */
export type CanvasAudit = typeof canvasAudit.$inferSelect;
/** An insert into `canvas_audit`. */
export type NewCanvasAudit = typeof canvasAudit.$inferInsert;

// Relations (drizzle finds them in the schema barrel; names are what `with: { … }` takes)

/** Relations of `canvas_audit`. */
export const canvasAuditRelations = relations(canvasAudit, ({ one }) => ({
  agent: one(agentRegistry, { fields: [canvasAudit.agentId], references: [agentRegistry.id] }),
  execution: one(agentExecutions, {
    fields: [canvasAudit.agentExecutionId],
    references: [agentExecutions.id],
  }),
  user: one(users, { fields: [canvasAudit.userId], references: [users.id] }),
  episode: one(episodes, { fields: [canvasAudit.episodeId], references: [episodes.id] }),
}));
