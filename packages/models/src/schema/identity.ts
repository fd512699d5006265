import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  doublePrecision,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { JsonObject } from './_shared.js';
import { membershipRole, userRole, userState, userStatus, workspaceStatus } from './enums.js';
import { createdAt, idColumn, timestamptz, updatedAt } from './_shared.js';

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
    check('tenants_subdomain_shape_check', sql`${t.subdomain} ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$'`),
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
    check(
      'users_email_shape_check',
      sql`${t.email} ~ '^[^@[:space:]]+@[^@[:space:]]+[.][^@[:space:]]+$' AND char_length(${t.email}) <= 320`,
    ),
    check('users_capacity_hours_check', sql`${t.capacityHours} >= 0`),
    check('users_hourly_cost_rate_check', sql`${t.hourlyCostRate} >= 0`),
    check(
      'users_two_factor_secret_encrypted_check',
      sql`${t.twoFactorSecretEncrypted} IS NULL OR ${t.twoFactorSecretEncrypted} LIKE 'v1:%'`,
    ),
    check(
      'users_two_factor_backup_codes_encrypted_check',
      sql`${t.twoFactorBackupCodesEncrypted} IS NULL OR ${t.twoFactorBackupCodesEncrypted} LIKE 'v1:%'`,
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
    check(
      'workspaces_satellite_api_key_hash_check',
      sql`${t.satelliteApiKeyHash} IS NULL OR ${t.satelliteApiKeyHash} ~ '^[0-9a-f]{64}$'`,
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
    check(
      'user_activity_sessions_terminated_at_check',
      sql`${t.terminatedAt} IS NULL OR ${t.terminatedAt} >= ${t.createdAt}`,
    ),
  ],
);
