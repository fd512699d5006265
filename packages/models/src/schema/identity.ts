import { relations, sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { JsonObject } from './_shared.js';
import { checkWith, atLeast, matches, notBefore } from './check-rules.js';
import { membershipRole, userRole, userState, userStatus, workspaceStatus } from './enums.js';
import { createdAt, idColumn, timestamptz, updatedAt } from './_shared.js';
import { agentFeedback, agentRegistry, supervisedExecutionQueue } from './agents.js';
import { episodeAccessLogs, episodes } from './episodes.js';
import { agentProposals, supervisionSessions, trainingSessions } from './governance.js';
import { canvasAudit } from './canvas.js';
import { businessProductServices, graphCommunities, graphNodes } from './knowledge.js';
import { workflowExecutions } from './workflows.js';

/**
 * The e-mail shape enforced by `users_email_shape_check` and by the zod schemas (one `@`, a dot in
 * the domain, no whitespace, at most 320 characters).
 */
export const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Tenants (organisations); workspaces and users belong to one. */
export const tenants = pgTable(
  'tenants',
  {
    id: idColumn(),
    name: text('name').notNull(),
    subdomain: text('subdomain').notNull(),
    planType: text('plan_type').notNull().default('standard'),
    status: workspaceStatus('status').notNull().default('ACTIVE'),
    settings: jsonb('settings').$type<JsonObject>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('tenants_subdomain_unique').on(t.subdomain),
    checkWith(
      'tenants_subdomain_shape_check',
      sql`${t.subdomain} ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$'`,
      { fields: { subdomain: matches(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/) } },
    ),
  ],
);

/** User accounts. */
export const users = pgTable(
  'users',
  {
    id: idColumn(),
    email: text('email').notNull(),
    passwordHash: text('password_hash'),
    firstName: text('first_name'),
    lastName: text('last_name'),
    specialty: text('specialty'),
    role: userRole('role').notNull().default('MEMBER'),
    status: userStatus('status').notNull().default('ACTIVE'),
    emailVerified: boolean('email_verified').notNull().default(false),
    tenantId: text('tenant_id').references(() => tenants.id, { onDelete: 'set null' }),
    skills: jsonb('skills').$type<string[]>(),
    onboardingCompleted: boolean('onboarding_completed').notNull().default(false),
    onboardingStep: text('onboarding_step').notNull().default('welcome'),
    capacityHours: doublePrecision('capacity_hours').notNull().default(40),
    hourlyCostRate: doublePrecision('hourly_cost_rate').notNull().default(0),
    metadataJson: jsonb('metadata_json').$type<JsonObject>(),
    preferences: jsonb('preferences').$type<JsonObject>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    lastLogin: timestamptz('last_login'),
    twoFactorEnabled: boolean('two_factor_enabled').notNull().default(false),
    /** AES-256-GCM `v1:<keyId>:<iv>:<tag>:<ct>` (Atom `two_factor_secret`, plaintext there). */
    twoFactorSecretEncrypted: text('two_factor_secret_encrypted'),
    /** AES-256-GCM of the JSON array of codes (Atom `two_factor_backup_codes`, plaintext json). */
    twoFactorBackupCodesEncrypted: text('two_factor_backup_codes_encrypted'),
  },
  (t) => [
    uniqueIndex('users_email_lower_unique').on(sql`lower(${t.email})`),
    index('users_tenant_id_idx').on(t.tenantId),
    checkWith(
      'users_email_shape_check',
      sql`${t.email} ~ '^[^@[:space:]]+@[^@[:space:]]+[.][^@[:space:]]+$' AND char_length(${t.email}) <= 320`,
      { fields: { email: matches(EMAIL_PATTERN, 320) } },
    ),
    checkWith('users_capacity_hours_check', sql`${t.capacityHours} >= 0`, {
      fields: { capacityHours: atLeast(0) },
    }),
    checkWith('users_hourly_cost_rate_check', sql`${t.hourlyCostRate} >= 0`, {
      fields: { hourlyCostRate: atLeast(0) },
    }),
    checkWith(
      'users_two_factor_secret_encrypted_check',
      sql`${t.twoFactorSecretEncrypted} IS NULL OR ${t.twoFactorSecretEncrypted} LIKE 'v1:%'`,
      { fields: { twoFactorSecretEncrypted: matches(/^v1:/) } },
    ),
    checkWith(
      'users_two_factor_backup_codes_encrypted_check',
      sql`${t.twoFactorBackupCodesEncrypted} IS NULL OR ${t.twoFactorBackupCodesEncrypted} LIKE 'v1:%'`,
      { fields: { twoFactorBackupCodesEncrypted: matches(/^v1:/) } },
    ),
  ],
);

/** Workspaces; most domain rows are owned by one. */
export const workspaces = pgTable(
  'workspaces',
  {
    id: idColumn(),
    name: text('name').notNull(),
    description: text('description'),
    status: workspaceStatus('status').notNull().default('ACTIVE'),
    planTier: text('plan_tier').notNull().default('standard'),
    /** SHA-256 hex of the satellite API key (Atom `satellite_api_key`, plaintext there). */
    satelliteApiKeyHash: text('satellite_api_key_hash'),
    isStartup: boolean('is_startup').notNull().default(false),
    learningPhaseCompleted: boolean('learning_phase_completed').notNull().default(false),
    metadataJson: jsonb('metadata_json').$type<JsonObject>().notNull().default({}),
    tenantId: text('tenant_id').references(() => tenants.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('workspaces_satellite_api_key_hash_unique').on(t.satelliteApiKeyHash),
    index('workspaces_tenant_id_idx').on(t.tenantId),
    checkWith(
      'workspaces_satellite_api_key_hash_check',
      sql`${t.satelliteApiKeyHash} IS NULL OR ${t.satelliteApiKeyHash} ~ '^[0-9a-f]{64}$'`,
      { fields: { satelliteApiKeyHash: matches(/^[0-9a-f]{64}$/) } },
    ),
  ],
);

/** Teams inside a workspace; the name is unique per workspace. */
export const teams = pgTable(
  'teams',
  {
    id: idColumn(),
    name: text('name').notNull(),
    description: text('description'),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('teams_workspace_id_name_unique').on(t.workspaceId, t.name)],
);

/** Membership of a user in a team, with its role. */
export const teamMembers = pgTable(
  'team_members',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    role: membershipRole('role').notNull().default('MEMBER'),
    joinedAt: timestamptz('joined_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'team_members_pkey', columns: [t.userId, t.teamId] }),
    index('team_members_team_id_idx').on(t.teamId),
  ],
);

/** Membership of a user in a workspace, with its role. */
export const userWorkspaces = pgTable(
  'user_workspaces',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    role: membershipRole('role').notNull().default('MEMBER'),
    joinedAt: timestamptz('joined_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'user_workspaces_pkey', columns: [t.userId, t.workspaceId] }),
    index('user_workspaces_workspace_id_idx').on(t.workspaceId),
  ],
);

/** Messages posted in a team; `context_type`/`context_id` is a polymorphic pointer (no FK). */
export const teamMessages = pgTable(
  'team_messages',
  {
    id: idColumn(),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    content: text('content').notNull(),
    contextType: text('context_type'),
    contextId: text('context_id'),
    createdAt: createdAt(),
  },
  (t) => [
    index('team_messages_team_id_created_at_idx').on(t.teamId, t.createdAt),
    index('team_messages_user_id_idx').on(t.userId),
  ],
);

/** Presence of a user (one row per user), used for supervision routing. */
export const userActivities = pgTable(
  'user_activities',
  {
    id: idColumn('id', 'ua_'),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    state: userState('state').notNull().default('OFFLINE'),
    lastActivityAt: timestamptz('last_activity_at').notNull().defaultNow(),
    manualOverride: boolean('manual_override').notNull().default(false),
    manualOverrideExpiresAt: timestamptz('manual_override_expires_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('user_activities_user_id_unique').on(t.userId),
    index('user_activities_state_updated_at_idx').on(t.state, t.updatedAt),
    index('user_activities_last_activity_at_idx').on(t.lastActivityAt),
  ],
);

/** Heartbeat sessions of a user's presence (web, desktop). */
export const userActivitySessions = pgTable(
  'user_activity_sessions',
  {
    id: idColumn('id', 'us_'),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    activityId: text('activity_id')
      .notNull()
      .references(() => userActivities.id, { onDelete: 'cascade' }),
    sessionType: text('session_type').notNull(),
    sessionToken: text('session_token').notNull(),
    lastHeartbeat: timestamptz('last_heartbeat').notNull().defaultNow(),
    userAgent: text('user_agent'),
    ipAddress: text('ip_address'),
    createdAt: createdAt(),
    terminatedAt: timestamptz('terminated_at'),
  },
  (t) => [
    uniqueIndex('user_activity_sessions_session_token_unique').on(t.sessionToken),
    index('user_activity_sessions_user_id_idx').on(t.userId),
    index('user_activity_sessions_activity_id_idx').on(t.activityId),
    index('user_activity_sessions_last_heartbeat_idx').on(t.lastHeartbeat),
    checkWith(
      'user_activity_sessions_terminated_at_check',
      sql`${t.terminatedAt} IS NULL OR ${t.terminatedAt} >= ${t.createdAt}`,
      notBefore('terminatedAt', 'createdAt'),
    ),
  ],
);

// Row types

/** A row of `tenants`. */
export type Tenant = typeof tenants.$inferSelect;
/** An insert into `tenants`. */
export type NewTenant = typeof tenants.$inferInsert;
/** A row of `users`. */
export type User = typeof users.$inferSelect;
/** An insert into `users`. */
export type NewUser = typeof users.$inferInsert;
/** A row of `workspaces`. */
export type Workspace = typeof workspaces.$inferSelect;
/** An insert into `workspaces`. */
export type NewWorkspace = typeof workspaces.$inferInsert;
/** A row of `teams`. */
export type Team = typeof teams.$inferSelect;
/** An insert into `teams`. */
export type NewTeam = typeof teams.$inferInsert;
/** A row of `team_members`. */
export type TeamMember = typeof teamMembers.$inferSelect;
/** An insert into `team_members`. */
export type NewTeamMember = typeof teamMembers.$inferInsert;
/** A row of `user_workspaces`. */
export type UserWorkspace = typeof userWorkspaces.$inferSelect;
/** An insert into `user_workspaces`. */
export type NewUserWorkspace = typeof userWorkspaces.$inferInsert;
/** A row of `team_messages`. */
export type TeamMessage = typeof teamMessages.$inferSelect;
/** An insert into `team_messages`. */
export type NewTeamMessage = typeof teamMessages.$inferInsert;
/** A row of `user_activities`. */
export type UserActivity = typeof userActivities.$inferSelect;
/** An insert into `user_activities`. */
export type NewUserActivity = typeof userActivities.$inferInsert;
/** A row of `user_activity_sessions`. */
export type UserActivitySession = typeof userActivitySessions.$inferSelect;
/** An insert into `user_activity_sessions`. */
export type NewUserActivitySession = typeof userActivitySessions.$inferInsert;

// Relations (drizzle finds them in the schema barrel; names are what `with: { … }` takes)

/** Relations of `tenants`. */
export const tenantsRelations = relations(tenants, ({ many }) => ({
  users: many(users),
  workspaces: many(workspaces),
}));

/** Relations of `users` (many-to-many through `team_members` / `user_workspaces`). */
export const usersRelations = relations(users, ({ one, many }) => ({
  tenant: one(tenants, { fields: [users.tenantId], references: [tenants.id] }),
  teamMemberships: many(teamMembers),
  workspaceMemberships: many(userWorkspaces),
  messages: many(teamMessages),
  activity: one(userActivities),
  activitySessions: many(userActivitySessions),
  workflowExecutions: many(workflowExecutions, { relationName: 'workflow_execution_user' }),
  ownedWorkflowExecutions: many(workflowExecutions, { relationName: 'workflow_execution_owner' }),
  ownedAgents: many(agentRegistry),
  submittedFeedback: many(agentFeedback),
  canvasAudits: many(canvasAudit),
  approvedProposals: many(agentProposals),
  supervisedSessions: many(supervisionSessions),
  trainingSessionsSupervised: many(trainingSessions),
  episodes: many(episodes, { relationName: 'episode_user' }),
  supervisedEpisodes: many(episodes, { relationName: 'episode_supervisor' }),
  episodeAccesses: many(episodeAccessLogs),
  queuedExecutions: many(supervisedExecutionQueue),
}));

/** Relations of `workspaces`. */
export const workspacesRelations = relations(workspaces, ({ one, many }) => ({
  tenant: one(tenants, { fields: [workspaces.tenantId], references: [tenants.id] }),
  memberships: many(userWorkspaces),
  teams: many(teams),
  workflowExecutions: many(workflowExecutions),
  episodes: many(episodes),
  supervisionSessions: many(supervisionSessions),
  productsServices: many(businessProductServices),
  graphNodes: many(graphNodes),
  graphCommunities: many(graphCommunities),
}));

/** Relations of `teams`. */
export const teamsRelations = relations(teams, ({ one, many }) => ({
  workspace: one(workspaces, { fields: [teams.workspaceId], references: [workspaces.id] }),
  memberships: many(teamMembers),
  messages: many(teamMessages),
  workflowExecutions: many(workflowExecutions),
}));

/** Relations of `team_members` (the membership row, with its `role`). */
export const teamMembersRelations = relations(teamMembers, ({ one }) => ({
  user: one(users, { fields: [teamMembers.userId], references: [users.id] }),
  team: one(teams, { fields: [teamMembers.teamId], references: [teams.id] }),
}));

/** Relations of `user_workspaces` (the membership row, with its `role`). */
export const userWorkspacesRelations = relations(userWorkspaces, ({ one }) => ({
  user: one(users, { fields: [userWorkspaces.userId], references: [users.id] }),
  workspace: one(workspaces, { fields: [userWorkspaces.workspaceId], references: [workspaces.id] }),
}));

/** Relations of `team_messages`. */
export const teamMessagesRelations = relations(teamMessages, ({ one }) => ({
  team: one(teams, { fields: [teamMessages.teamId], references: [teams.id] }),
  sender: one(users, { fields: [teamMessages.userId], references: [users.id] }),
}));

/** Relations of `user_activities`. */
export const userActivitiesRelations = relations(userActivities, ({ one, many }) => ({
  user: one(users, { fields: [userActivities.userId], references: [users.id] }),
  sessions: many(userActivitySessions),
}));

/** Relations of `user_activity_sessions`. */
export const userActivitySessionsRelations = relations(userActivitySessions, ({ one }) => ({
  user: one(users, { fields: [userActivitySessions.userId], references: [users.id] }),
  activity: one(userActivities, {
    fields: [userActivitySessions.activityId],
    references: [userActivities.id],
  }),
}));
