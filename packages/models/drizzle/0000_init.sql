CREATE TYPE "public"."data_visibility" AS ENUM('PRIVATE', 'TEAM', 'WORKSPACE');--> statement-breakpoint
CREATE TYPE "public"."membership_role" AS ENUM('OWNER', 'ADMIN', 'MEMBER', 'GUEST');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('SUPER_ADMIN', 'SECURITY_ADMIN', 'WORKSPACE_ADMIN', 'WORKFLOW_ADMIN', 'AUTOMATION_ADMIN', 'INTEGRATION_ADMIN', 'COMPLIANCE_ADMIN', 'TEAM_LEAD', 'MEMBER', 'GUEST');--> statement-breakpoint
CREATE TYPE "public"."user_state" AS ENUM('ONLINE', 'AWAY', 'OFFLINE');--> statement-breakpoint
CREATE TYPE "public"."user_status" AS ENUM('ACTIVE', 'SUSPENDED', 'PENDING', 'DELETED');--> statement-breakpoint
CREATE TYPE "public"."workspace_status" AS ENUM('ACTIVE', 'SUSPENDED', 'TRIAL', 'EXPIRED');--> statement-breakpoint
CREATE TYPE "public"."log_level" AS ENUM('DEBUG', 'INFO', 'WARNING', 'ERROR');--> statement-breakpoint
CREATE TYPE "public"."workflow_execution_status" AS ENUM('PENDING', 'RUNNING', 'PAUSED', 'COMPLETED', 'FAILED', 'CANCELLED', 'PARTIAL');--> statement-breakpoint
CREATE TYPE "public"."workflow_step_status" AS ENUM('PENDING', 'RUNNING', 'RETRYING', 'PAUSED', 'COMPLETED', 'FAILED', 'SKIPPED', 'CANCELLED');--> statement-breakpoint
CREATE TABLE "team_members" (
	"user_id" text NOT NULL,
	"team_id" text NOT NULL,
	"role" "membership_role" DEFAULT 'MEMBER' NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "team_members_pkey" PRIMARY KEY("user_id","team_id")
);
--> statement-breakpoint
CREATE TABLE "team_messages" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"team_id" text NOT NULL,
	"user_id" text NOT NULL,
	"content" text NOT NULL,
	"context_type" text,
	"context_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"workspace_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tenants" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"name" text NOT NULL,
	"subdomain" text NOT NULL,
	"plan_type" text DEFAULT 'standard' NOT NULL,
	"status" "workspace_status" DEFAULT 'ACTIVE' NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenants_subdomain_shape_check" CHECK ("tenants"."subdomain" ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$')
);
--> statement-breakpoint
CREATE TABLE "user_activities" (
	"id" text PRIMARY KEY DEFAULT 'ua_' || gen_random_uuid()::text NOT NULL,
	"user_id" text NOT NULL,
	"state" "user_state" DEFAULT 'OFFLINE' NOT NULL,
	"last_activity_at" timestamp with time zone DEFAULT now() NOT NULL,
	"manual_override" boolean DEFAULT false NOT NULL,
	"manual_override_expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_activity_sessions" (
	"id" text PRIMARY KEY DEFAULT 'us_' || gen_random_uuid()::text NOT NULL,
	"user_id" text NOT NULL,
	"activity_id" text NOT NULL,
	"session_type" text NOT NULL,
	"session_token" text NOT NULL,
	"last_heartbeat" timestamp with time zone DEFAULT now() NOT NULL,
	"user_agent" text,
	"ip_address" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"terminated_at" timestamp with time zone,
	CONSTRAINT "user_activity_sessions_terminated_at_check" CHECK ("user_activity_sessions"."terminated_at" IS NULL OR "user_activity_sessions"."terminated_at" >= "user_activity_sessions"."created_at")
);
--> statement-breakpoint
CREATE TABLE "user_workspaces" (
	"user_id" text NOT NULL,
	"workspace_id" text NOT NULL,
	"role" "membership_role" DEFAULT 'MEMBER' NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_workspaces_pkey" PRIMARY KEY("user_id","workspace_id")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"email" text NOT NULL,
	"password_hash" text,
	"first_name" text,
	"last_name" text,
	"specialty" text,
	"role" "user_role" DEFAULT 'MEMBER' NOT NULL,
	"status" "user_status" DEFAULT 'ACTIVE' NOT NULL,
	"email_verified" boolean DEFAULT false NOT NULL,
	"tenant_id" text,
	"skills" jsonb,
	"onboarding_completed" boolean DEFAULT false NOT NULL,
	"onboarding_step" text DEFAULT 'welcome' NOT NULL,
	"capacity_hours" double precision DEFAULT 40 NOT NULL,
	"hourly_cost_rate" double precision DEFAULT 0 NOT NULL,
	"metadata_json" jsonb,
	"preferences" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login" timestamp with time zone,
	"two_factor_enabled" boolean DEFAULT false NOT NULL,
	"two_factor_secret_encrypted" text,
	"two_factor_backup_codes_encrypted" text,
	CONSTRAINT "users_email_shape_check" CHECK ("users"."email" ~ '^[^@[:space:]]+@[^@[:space:]]+[.][^@[:space:]]+$' AND char_length("users"."email") <= 320),
	CONSTRAINT "users_capacity_hours_check" CHECK ("users"."capacity_hours" >= 0),
	CONSTRAINT "users_hourly_cost_rate_check" CHECK ("users"."hourly_cost_rate" >= 0),
	CONSTRAINT "users_two_factor_secret_encrypted_check" CHECK ("users"."two_factor_secret_encrypted" IS NULL OR "users"."two_factor_secret_encrypted" LIKE 'v1:%'),
	CONSTRAINT "users_two_factor_backup_codes_encrypted_check" CHECK ("users"."two_factor_backup_codes_encrypted" IS NULL OR "users"."two_factor_backup_codes_encrypted" LIKE 'v1:%')
);
--> statement-breakpoint
CREATE TABLE "workspaces" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"status" "workspace_status" DEFAULT 'ACTIVE' NOT NULL,
	"plan_tier" text DEFAULT 'standard' NOT NULL,
	"satellite_api_key_hash" text,
	"is_startup" boolean DEFAULT false NOT NULL,
	"learning_phase_completed" boolean DEFAULT false NOT NULL,
	"metadata_json" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"tenant_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspaces_satellite_api_key_hash_check" CHECK ("workspaces"."satellite_api_key_hash" IS NULL OR "workspaces"."satellite_api_key_hash" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "workflow_execution_logs" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"execution_id" text NOT NULL,
	"level" "log_level" DEFAULT 'INFO' NOT NULL,
	"message" text NOT NULL,
	"step_id" text,
	"context" jsonb,
	"timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	"seq" integer,
	"event_type" text,
	CONSTRAINT "workflow_execution_logs_seq_check" CHECK ("workflow_execution_logs"."seq" IS NULL OR "workflow_execution_logs"."seq" >= 0)
);
--> statement-breakpoint
CREATE TABLE "workflow_executions" (
	"execution_id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"workflow_id" text NOT NULL,
	"status" "workflow_execution_status" DEFAULT 'PENDING' NOT NULL,
	"input_data" jsonb,
	"steps" jsonb,
	"outputs" jsonb,
	"context" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"error" text,
	"user_id" text,
	"visibility" "data_visibility" DEFAULT 'WORKSPACE' NOT NULL,
	"owner_id" text,
	"team_id" text,
	"workspace_id" text,
	"definition" jsonb,
	"definition_hash" text,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	CONSTRAINT "workflow_executions_version_check" CHECK ("workflow_executions"."version" >= 1),
	CONSTRAINT "workflow_executions_completed_at_check" CHECK ("workflow_executions"."completed_at" IS NULL OR "workflow_executions"."started_at" IS NULL OR "workflow_executions"."completed_at" >= "workflow_executions"."started_at")
);
--> statement-breakpoint
CREATE TABLE "workflow_snapshots" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"execution_id" text NOT NULL,
	"step_id" text NOT NULL,
	"step_order" integer NOT NULL,
	"context_snapshot" jsonb NOT NULL,
	"status" "workflow_execution_status" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workflow_snapshots_step_order_check" CHECK ("workflow_snapshots"."step_order" >= 0)
);
--> statement-breakpoint
CREATE TABLE "workflow_step_executions" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"execution_id" text NOT NULL,
	"workflow_id" text NOT NULL,
	"step_id" text NOT NULL,
	"step_name" text NOT NULL,
	"step_type" text NOT NULL,
	"sequence_order" integer NOT NULL,
	"status" "workflow_step_status" DEFAULT 'PENDING' NOT NULL,
	"input_data" jsonb,
	"output_data" jsonb,
	"metadata_json" jsonb,
	"error_message" text,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"duration_ms" integer,
	"retry_count" integer DEFAULT 0 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"missing_inputs" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workflow_step_executions_sequence_order_check" CHECK ("workflow_step_executions"."sequence_order" >= 0),
	CONSTRAINT "workflow_step_executions_duration_ms_check" CHECK ("workflow_step_executions"."duration_ms" IS NULL OR "workflow_step_executions"."duration_ms" >= 0),
	CONSTRAINT "workflow_step_executions_retry_count_check" CHECK ("workflow_step_executions"."retry_count" >= 0),
	CONSTRAINT "workflow_step_executions_attempts_check" CHECK ("workflow_step_executions"."attempts" >= 0),
	CONSTRAINT "workflow_step_executions_completed_at_check" CHECK ("workflow_step_executions"."completed_at" IS NULL OR "workflow_step_executions"."started_at" IS NULL OR "workflow_step_executions"."completed_at" >= "workflow_step_executions"."started_at")
);
--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_messages" ADD CONSTRAINT "team_messages_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_messages" ADD CONSTRAINT "team_messages_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_activities" ADD CONSTRAINT "user_activities_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_activity_sessions" ADD CONSTRAINT "user_activity_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_activity_sessions" ADD CONSTRAINT "user_activity_sessions_activity_id_user_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."user_activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_workspaces" ADD CONSTRAINT "user_workspaces_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_workspaces" ADD CONSTRAINT "user_workspaces_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_execution_logs" ADD CONSTRAINT "workflow_execution_logs_execution_id_workflow_executions_execution_id_fk" FOREIGN KEY ("execution_id") REFERENCES "public"."workflow_executions"("execution_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_executions" ADD CONSTRAINT "workflow_executions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_executions" ADD CONSTRAINT "workflow_executions_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_executions" ADD CONSTRAINT "workflow_executions_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_executions" ADD CONSTRAINT "workflow_executions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_snapshots" ADD CONSTRAINT "workflow_snapshots_execution_id_workflow_executions_execution_id_fk" FOREIGN KEY ("execution_id") REFERENCES "public"."workflow_executions"("execution_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_step_executions" ADD CONSTRAINT "workflow_step_executions_execution_id_workflow_executions_execution_id_fk" FOREIGN KEY ("execution_id") REFERENCES "public"."workflow_executions"("execution_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "team_members_team_id_idx" ON "team_members" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "team_messages_team_id_created_at_idx" ON "team_messages" USING btree ("team_id","created_at");--> statement-breakpoint
CREATE INDEX "team_messages_user_id_idx" ON "team_messages" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "teams_workspace_id_name_unique" ON "teams" USING btree ("workspace_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "tenants_subdomain_unique" ON "tenants" USING btree ("subdomain");--> statement-breakpoint
CREATE UNIQUE INDEX "user_activities_user_id_unique" ON "user_activities" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "user_activities_state_updated_at_idx" ON "user_activities" USING btree ("state","updated_at");--> statement-breakpoint
CREATE INDEX "user_activities_last_activity_at_idx" ON "user_activities" USING btree ("last_activity_at");--> statement-breakpoint
CREATE UNIQUE INDEX "user_activity_sessions_session_token_unique" ON "user_activity_sessions" USING btree ("session_token");--> statement-breakpoint
CREATE INDEX "user_activity_sessions_user_id_idx" ON "user_activity_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "user_activity_sessions_activity_id_idx" ON "user_activity_sessions" USING btree ("activity_id");--> statement-breakpoint
CREATE INDEX "user_activity_sessions_last_heartbeat_idx" ON "user_activity_sessions" USING btree ("last_heartbeat");--> statement-breakpoint
CREATE INDEX "user_workspaces_workspace_id_idx" ON "user_workspaces" USING btree ("workspace_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_lower_unique" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "users_tenant_id_idx" ON "users" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "workspaces_satellite_api_key_hash_unique" ON "workspaces" USING btree ("satellite_api_key_hash");--> statement-breakpoint
CREATE INDEX "workspaces_tenant_id_idx" ON "workspaces" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_execution_logs_execution_id_seq_unique" ON "workflow_execution_logs" USING btree ("execution_id","seq");--> statement-breakpoint
CREATE INDEX "workflow_execution_logs_timestamp_idx" ON "workflow_execution_logs" USING btree ("timestamp");--> statement-breakpoint
CREATE INDEX "workflow_executions_workflow_id_idx" ON "workflow_executions" USING btree ("workflow_id");--> statement-breakpoint
CREATE INDEX "workflow_executions_status_idx" ON "workflow_executions" USING btree ("status");--> statement-breakpoint
CREATE INDEX "workflow_executions_user_id_idx" ON "workflow_executions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "workflow_executions_owner_id_idx" ON "workflow_executions" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "workflow_executions_team_id_idx" ON "workflow_executions" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "workflow_executions_workspace_id_created_at_idx" ON "workflow_executions" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_snapshots_execution_id_step_order_unique" ON "workflow_snapshots" USING btree ("execution_id","step_order");--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_step_executions_execution_id_sequence_order_unique" ON "workflow_step_executions" USING btree ("execution_id","sequence_order");--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_step_executions_execution_id_step_id_unique" ON "workflow_step_executions" USING btree ("execution_id","step_id");