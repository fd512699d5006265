CREATE TYPE "public"."access_type" AS ENUM('TEMPORAL', 'SEMANTIC', 'SEQUENTIAL', 'CONTEXTUAL');--> statement-breakpoint
CREATE TYPE "public"."agent_execution_status" AS ENUM('RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "public"."agent_lifecycle" AS ENUM('ACTIVE', 'PAUSED', 'DEPRECATED');--> statement-breakpoint
CREATE TYPE "public"."agent_maturity" AS ENUM('STUDENT', 'INTERN', 'SUPERVISED', 'AUTONOMOUS');--> statement-breakpoint
CREATE TYPE "public"."canvas_action" AS ENUM('PRESENT', 'CLOSE', 'SUBMIT', 'UPDATE');--> statement-breakpoint
CREATE TYPE "public"."canvas_type" AS ENUM('GENERIC', 'DOCS', 'EMAIL', 'SHEETS', 'ORCHESTRATION', 'TERMINAL', 'CODING');--> statement-breakpoint
CREATE TYPE "public"."episode_status" AS ENUM('ACTIVE', 'COMPLETED', 'ARCHIVED', 'CONSOLIDATED');--> statement-breakpoint
CREATE TYPE "public"."execution_trigger" AS ENUM('MANUAL', 'SCHEDULE', 'WEBSOCKET', 'EVENT');--> statement-breakpoint
CREATE TYPE "public"."feedback_status" AS ENUM('PENDING', 'ACCEPTED', 'REJECTED');--> statement-breakpoint
CREATE TYPE "public"."feedback_type" AS ENUM('CORRECTION', 'RATING', 'APPROVAL', 'COMMENT');--> statement-breakpoint
CREATE TYPE "public"."proposal_status" AS ENUM('PROPOSED', 'APPROVED', 'REJECTED', 'EXECUTED', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "public"."proposal_type" AS ENUM('TRAINING', 'ACTION', 'ANALYSIS');--> statement-breakpoint
CREATE TYPE "public"."queue_status" AS ENUM('PENDING', 'EXECUTING', 'COMPLETED', 'FAILED', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "public"."routing_decision" AS ENUM('TRAINING', 'PROPOSAL', 'SUPERVISION', 'EXECUTION');--> statement-breakpoint
CREATE TYPE "public"."segment_source" AS ENUM('CHAT_MESSAGE', 'AGENT_EXECUTION', 'MANUAL');--> statement-breakpoint
CREATE TYPE "public"."segment_type" AS ENUM('CONVERSATION', 'EXECUTION', 'REFLECTION');--> statement-breakpoint
CREATE TYPE "public"."supervision_status" AS ENUM('RUNNING', 'COMPLETED', 'INTERRUPTED', 'FAILED');--> statement-breakpoint
CREATE TYPE "public"."training_status" AS ENUM('SCHEDULED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED', 'FAILED');--> statement-breakpoint
CREATE TYPE "public"."trigger_source" AS ENUM('MANUAL', 'DATA_SYNC', 'WORKFLOW_ENGINE', 'AI_COORDINATOR');--> statement-breakpoint
CREATE TABLE "agent_executions" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"agent_id" text NOT NULL,
	"workspace_id" text,
	"status" "agent_execution_status" DEFAULT 'RUNNING' NOT NULL,
	"input_summary" text,
	"output_summary" text,
	"result_summary" text,
	"error_message" text,
	"triggered_by" "execution_trigger" DEFAULT 'MANUAL' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"duration_seconds" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "agent_executions_duration_seconds_check" CHECK ("agent_executions"."duration_seconds" >= 0),
	CONSTRAINT "agent_executions_completed_at_check" CHECK ("agent_executions"."completed_at" IS NULL OR "agent_executions"."completed_at" >= "agent_executions"."started_at")
);
--> statement-breakpoint
CREATE TABLE "agent_feedback" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"agent_id" text NOT NULL,
	"agent_execution_id" text,
	"user_id" text NOT NULL,
	"episode_id" text,
	"input_context" text,
	"original_output" text NOT NULL,
	"user_correction" text NOT NULL,
	"feedback_type" "feedback_type",
	"thumbs_up_down" boolean,
	"rating" integer,
	"status" "feedback_status" DEFAULT 'PENDING' NOT NULL,
	"ai_reasoning" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"adjudicated_at" timestamp with time zone,
	CONSTRAINT "agent_feedback_rating_check" CHECK ("agent_feedback"."rating" IS NULL OR "agent_feedback"."rating" BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE TABLE "agent_registry" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"category" text NOT NULL,
	"module_path" text NOT NULL,
	"class_name" text NOT NULL,
	"user_id" text,
	"status" "agent_maturity" DEFAULT 'STUDENT' NOT NULL,
	"lifecycle" "agent_lifecycle" DEFAULT 'ACTIVE' NOT NULL,
	"confidence_score" double precision DEFAULT 0.5 NOT NULL,
	"required_role_for_autonomy" "user_role" DEFAULT 'TEAM_LEAD' NOT NULL,
	"version" text DEFAULT '1.0.0' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"configuration" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"schedule_config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "agent_registry_confidence_score_check" CHECK ("agent_registry"."confidence_score" >= 0 AND "agent_registry"."confidence_score" <= 1)
);
--> statement-breakpoint
CREATE TABLE "agent_trace_steps" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"execution_id" text NOT NULL,
	"step_number" integer NOT NULL,
	"thought" text,
	"action" jsonb,
	"observation" text,
	"final_answer" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agent_trace_steps_step_number_check" CHECK ("agent_trace_steps"."step_number" >= 0)
);
--> statement-breakpoint
CREATE TABLE "supervised_execution_queue" (
	"id" text PRIMARY KEY DEFAULT 'queue_' || gen_random_uuid()::text NOT NULL,
	"agent_id" text NOT NULL,
	"user_id" text NOT NULL,
	"trigger_type" text NOT NULL,
	"execution_context" jsonb NOT NULL,
	"status" "queue_status" DEFAULT 'PENDING' NOT NULL,
	"supervisor_type" text NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 3 NOT NULL,
	"attempt_count" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"execution_id" text,
	"error_message" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "supervised_execution_queue_max_attempts_check" CHECK ("supervised_execution_queue"."max_attempts" >= 1),
	CONSTRAINT "supervised_execution_queue_attempt_count_check" CHECK ("supervised_execution_queue"."attempt_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "canvas_audit" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"workspace_id" text,
	"agent_id" text,
	"agent_execution_id" text,
	"user_id" text NOT NULL,
	"canvas_id" text,
	"session_id" text,
	"canvas_type" "canvas_type" DEFAULT 'GENERIC' NOT NULL,
	"component_type" text NOT NULL,
	"component_name" text,
	"action" "canvas_action" NOT NULL,
	"audit_metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"governance_check_passed" boolean,
	"episode_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "episode_access_logs" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"episode_id" text NOT NULL,
	"accessed_by" text,
	"accessed_by_agent" text,
	"access_type" "access_type" NOT NULL,
	"retrieval_query" text,
	"retrieval_mode" text,
	"governance_check_passed" boolean DEFAULT true NOT NULL,
	"agent_maturity_at_access" "agent_maturity",
	"results_count" integer DEFAULT 0 NOT NULL,
	"access_duration_ms" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "episode_access_logs_actor_check" CHECK ("episode_access_logs"."accessed_by" IS NOT NULL OR "episode_access_logs"."accessed_by_agent" IS NOT NULL),
	CONSTRAINT "episode_access_logs_counters_check" CHECK ("episode_access_logs"."results_count" >= 0 AND ("episode_access_logs"."access_duration_ms" IS NULL OR "episode_access_logs"."access_duration_ms" >= 0))
);
--> statement-breakpoint
CREATE TABLE "episode_segments" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"episode_id" text NOT NULL,
	"segment_type" "segment_type" NOT NULL,
	"sequence_order" integer NOT NULL,
	"content" text NOT NULL,
	"content_summary" text,
	"source_type" "segment_source" NOT NULL,
	"source_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "episode_segments_sequence_order_check" CHECK ("episode_segments"."sequence_order" >= 0)
);
--> statement-breakpoint
CREATE TABLE "episodes" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"summary" text,
	"agent_id" text NOT NULL,
	"user_id" text,
	"workspace_id" text NOT NULL,
	"session_id" text,
	"execution_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"canvas_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"feedback_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"canvas_action_count" integer DEFAULT 0 NOT NULL,
	"aggregate_feedback_score" double precision,
	"supervisor_id" text,
	"supervisor_rating" integer,
	"supervision_feedback" text,
	"intervention_count" integer DEFAULT 0 NOT NULL,
	"intervention_types" jsonb,
	"proposal_id" text,
	"proposal_outcome" text,
	"rejection_reason" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	"duration_seconds" integer,
	"status" "episode_status" DEFAULT 'ACTIVE' NOT NULL,
	"topics" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"entities" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"importance_score" double precision DEFAULT 0.5 NOT NULL,
	"maturity_at_time" "agent_maturity" NOT NULL,
	"human_intervention_count" integer DEFAULT 0 NOT NULL,
	"human_edits" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"constitutional_score" double precision,
	"world_model_state" text,
	"decay_score" double precision DEFAULT 1 NOT NULL,
	"access_count" integer DEFAULT 0 NOT NULL,
	"consolidated_into" text,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "episodes_scores_check" CHECK ("episodes"."importance_score" >= 0 AND "episodes"."importance_score" <= 1 AND "episodes"."decay_score" >= 0 AND "episodes"."decay_score" <= 1),
	CONSTRAINT "episodes_aggregate_feedback_score_check" CHECK ("episodes"."aggregate_feedback_score" IS NULL OR ("episodes"."aggregate_feedback_score" >= -1 AND "episodes"."aggregate_feedback_score" <= 1)),
	CONSTRAINT "episodes_supervisor_rating_check" CHECK ("episodes"."supervisor_rating" IS NULL OR "episodes"."supervisor_rating" BETWEEN 1 AND 5),
	CONSTRAINT "episodes_counters_check" CHECK ("episodes"."canvas_action_count" >= 0 AND "episodes"."intervention_count" >= 0 AND "episodes"."human_intervention_count" >= 0 AND "episodes"."access_count" >= 0 AND ("episodes"."duration_seconds" IS NULL OR "episodes"."duration_seconds" >= 0)),
	CONSTRAINT "episodes_ended_at_check" CHECK ("episodes"."ended_at" IS NULL OR "episodes"."ended_at" >= "episodes"."started_at")
);
--> statement-breakpoint
CREATE TABLE "agent_proposals" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"agent_id" text NOT NULL,
	"agent_name" text NOT NULL,
	"proposal_type" "proposal_type" NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"proposed_action" jsonb,
	"reasoning" text,
	"learning_objectives" jsonb,
	"capability_gaps" jsonb,
	"training_scenario_template" text,
	"estimated_duration_hours" double precision,
	"duration_estimation_confidence" double precision,
	"duration_estimation_reasoning" text,
	"user_override_duration_hours" double precision,
	"training_start_date" timestamp with time zone,
	"training_end_date" timestamp with time zone,
	"hours_per_day_limit" double precision,
	"status" "proposal_status" DEFAULT 'PROPOSED' NOT NULL,
	"proposed_by" text NOT NULL,
	"approved_by" text,
	"approved_at" timestamp with time zone,
	"modifications" jsonb,
	"execution_result" jsonb,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agent_proposals_duration_estimation_confidence_check" CHECK ("agent_proposals"."duration_estimation_confidence" IS NULL OR ("agent_proposals"."duration_estimation_confidence" >= 0 AND "agent_proposals"."duration_estimation_confidence" <= 1)),
	CONSTRAINT "agent_proposals_hours_check" CHECK (("agent_proposals"."estimated_duration_hours" IS NULL OR "agent_proposals"."estimated_duration_hours" >= 0) AND ("agent_proposals"."user_override_duration_hours" IS NULL OR "agent_proposals"."user_override_duration_hours" >= 0) AND ("agent_proposals"."hours_per_day_limit" IS NULL OR ("agent_proposals"."hours_per_day_limit" >= 0 AND "agent_proposals"."hours_per_day_limit" <= 24))),
	CONSTRAINT "agent_proposals_training_dates_check" CHECK ("agent_proposals"."training_end_date" IS NULL OR "agent_proposals"."training_start_date" IS NULL OR "agent_proposals"."training_end_date" >= "agent_proposals"."training_start_date")
);
--> statement-breakpoint
CREATE TABLE "blocked_triggers" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"agent_id" text NOT NULL,
	"agent_name" text NOT NULL,
	"agent_maturity_at_block" "agent_maturity" NOT NULL,
	"confidence_score_at_block" double precision NOT NULL,
	"trigger_source" "trigger_source" NOT NULL,
	"trigger_type" text NOT NULL,
	"trigger_context" jsonb NOT NULL,
	"routing_decision" "routing_decision" NOT NULL,
	"block_reason" text NOT NULL,
	"proposal_id" text,
	"resolved" boolean DEFAULT false NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolution_outcome" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "blocked_triggers_confidence_score_at_block_check" CHECK ("blocked_triggers"."confidence_score_at_block" >= 0 AND "blocked_triggers"."confidence_score_at_block" <= 1)
);
--> statement-breakpoint
CREATE TABLE "supervision_sessions" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"agent_id" text NOT NULL,
	"agent_name" text NOT NULL,
	"trigger_id" text,
	"workspace_id" text NOT NULL,
	"trigger_context" jsonb NOT NULL,
	"status" "supervision_status" DEFAULT 'RUNNING' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"duration_seconds" integer,
	"supervisor_id" text NOT NULL,
	"intervention_count" integer DEFAULT 0 NOT NULL,
	"interventions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"agent_actions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"outcomes" jsonb,
	"supervisor_rating" integer,
	"supervisor_feedback" text,
	"confidence_boost" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "supervision_sessions_supervisor_rating_check" CHECK ("supervision_sessions"."supervisor_rating" IS NULL OR "supervision_sessions"."supervisor_rating" BETWEEN 1 AND 5),
	CONSTRAINT "supervision_sessions_counters_check" CHECK ("supervision_sessions"."intervention_count" >= 0 AND ("supervision_sessions"."duration_seconds" IS NULL OR "supervision_sessions"."duration_seconds" >= 0)),
	CONSTRAINT "supervision_sessions_completed_at_check" CHECK ("supervision_sessions"."completed_at" IS NULL OR "supervision_sessions"."completed_at" >= "supervision_sessions"."started_at")
);
--> statement-breakpoint
CREATE TABLE "training_sessions" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"proposal_id" text NOT NULL,
	"agent_id" text NOT NULL,
	"agent_name" text NOT NULL,
	"status" "training_status" DEFAULT 'SCHEDULED' NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"duration_seconds" integer,
	"supervisor_id" text NOT NULL,
	"supervisor_guidance" jsonb,
	"tasks_completed" integer DEFAULT 0 NOT NULL,
	"total_tasks" integer,
	"errors_count" integer DEFAULT 0 NOT NULL,
	"outcomes" jsonb,
	"performance_score" double precision,
	"supervisor_feedback" text,
	"capabilities_developed" jsonb,
	"capability_gaps_remaining" jsonb,
	"confidence_boost" double precision,
	"promoted_to_intern" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_sessions_counters_check" CHECK ("training_sessions"."tasks_completed" >= 0 AND "training_sessions"."errors_count" >= 0 AND ("training_sessions"."total_tasks" IS NULL OR "training_sessions"."total_tasks" >= 0) AND ("training_sessions"."duration_seconds" IS NULL OR "training_sessions"."duration_seconds" >= 0)),
	CONSTRAINT "training_sessions_performance_score_check" CHECK ("training_sessions"."performance_score" IS NULL OR ("training_sessions"."performance_score" >= 0 AND "training_sessions"."performance_score" <= 1)),
	CONSTRAINT "training_sessions_completed_at_check" CHECK ("training_sessions"."completed_at" IS NULL OR "training_sessions"."started_at" IS NULL OR "training_sessions"."completed_at" >= "training_sessions"."started_at")
);
--> statement-breakpoint
CREATE TABLE "business_product_services" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"workspace_id" text NOT NULL,
	"external_id" text,
	"name" text NOT NULL,
	"type" text DEFAULT 'service' NOT NULL,
	"description" text,
	"base_price" numeric(14, 4) DEFAULT 0 NOT NULL,
	"unit_cost" numeric(14, 4) DEFAULT 0 NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"stock_quantity" integer DEFAULT 0 NOT NULL,
	"metadata_json" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "business_product_services_amounts_check" CHECK ("business_product_services"."base_price" >= 0 AND "business_product_services"."unit_cost" >= 0 AND "business_product_services"."stock_quantity" >= 0),
	CONSTRAINT "business_product_services_currency_check" CHECK ("business_product_services"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "graph_communities" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"workspace_id" text NOT NULL,
	"name" text,
	"summary" text,
	"keywords" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"level" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "graph_communities_level_check" CHECK ("graph_communities"."level" >= 0)
);
--> statement-breakpoint
CREATE TABLE "graph_nodes" (
	"id" text PRIMARY KEY DEFAULT gen_random_uuid()::text NOT NULL,
	"workspace_id" text NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"description" text,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agent_executions" ADD CONSTRAINT "agent_executions_agent_id_agent_registry_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agent_registry"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_feedback" ADD CONSTRAINT "agent_feedback_agent_id_agent_registry_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agent_registry"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_feedback" ADD CONSTRAINT "agent_feedback_agent_execution_id_agent_executions_id_fk" FOREIGN KEY ("agent_execution_id") REFERENCES "public"."agent_executions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_feedback" ADD CONSTRAINT "agent_feedback_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_feedback" ADD CONSTRAINT "agent_feedback_episode_id_episodes_id_fk" FOREIGN KEY ("episode_id") REFERENCES "public"."episodes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_registry" ADD CONSTRAINT "agent_registry_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_trace_steps" ADD CONSTRAINT "agent_trace_steps_execution_id_agent_executions_id_fk" FOREIGN KEY ("execution_id") REFERENCES "public"."agent_executions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervised_execution_queue" ADD CONSTRAINT "supervised_execution_queue_agent_id_agent_registry_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agent_registry"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervised_execution_queue" ADD CONSTRAINT "supervised_execution_queue_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervised_execution_queue" ADD CONSTRAINT "supervised_execution_queue_execution_id_agent_executions_id_fk" FOREIGN KEY ("execution_id") REFERENCES "public"."agent_executions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canvas_audit" ADD CONSTRAINT "canvas_audit_agent_id_agent_registry_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agent_registry"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canvas_audit" ADD CONSTRAINT "canvas_audit_agent_execution_id_agent_executions_id_fk" FOREIGN KEY ("agent_execution_id") REFERENCES "public"."agent_executions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canvas_audit" ADD CONSTRAINT "canvas_audit_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canvas_audit" ADD CONSTRAINT "canvas_audit_episode_id_episodes_id_fk" FOREIGN KEY ("episode_id") REFERENCES "public"."episodes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "episode_access_logs" ADD CONSTRAINT "episode_access_logs_episode_id_episodes_id_fk" FOREIGN KEY ("episode_id") REFERENCES "public"."episodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "episode_access_logs" ADD CONSTRAINT "episode_access_logs_accessed_by_users_id_fk" FOREIGN KEY ("accessed_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "episode_access_logs" ADD CONSTRAINT "episode_access_logs_accessed_by_agent_agent_registry_id_fk" FOREIGN KEY ("accessed_by_agent") REFERENCES "public"."agent_registry"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "episode_segments" ADD CONSTRAINT "episode_segments_episode_id_episodes_id_fk" FOREIGN KEY ("episode_id") REFERENCES "public"."episodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "episodes" ADD CONSTRAINT "episodes_agent_id_agent_registry_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agent_registry"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "episodes" ADD CONSTRAINT "episodes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "episodes" ADD CONSTRAINT "episodes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "episodes" ADD CONSTRAINT "episodes_supervisor_id_users_id_fk" FOREIGN KEY ("supervisor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "episodes" ADD CONSTRAINT "episodes_proposal_id_agent_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."agent_proposals"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "episodes" ADD CONSTRAINT "episodes_consolidated_into_episodes_id_fk" FOREIGN KEY ("consolidated_into") REFERENCES "public"."episodes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_proposals" ADD CONSTRAINT "agent_proposals_agent_id_agent_registry_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agent_registry"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_proposals" ADD CONSTRAINT "agent_proposals_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blocked_triggers" ADD CONSTRAINT "blocked_triggers_agent_id_agent_registry_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agent_registry"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blocked_triggers" ADD CONSTRAINT "blocked_triggers_proposal_id_agent_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."agent_proposals"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_sessions" ADD CONSTRAINT "supervision_sessions_agent_id_agent_registry_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agent_registry"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_sessions" ADD CONSTRAINT "supervision_sessions_trigger_id_blocked_triggers_id_fk" FOREIGN KEY ("trigger_id") REFERENCES "public"."blocked_triggers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_sessions" ADD CONSTRAINT "supervision_sessions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_sessions" ADD CONSTRAINT "supervision_sessions_supervisor_id_users_id_fk" FOREIGN KEY ("supervisor_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "training_sessions_proposal_id_agent_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."agent_proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "training_sessions_agent_id_agent_registry_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agent_registry"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_sessions" ADD CONSTRAINT "training_sessions_supervisor_id_users_id_fk" FOREIGN KEY ("supervisor_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "business_product_services" ADD CONSTRAINT "business_product_services_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "graph_communities" ADD CONSTRAINT "graph_communities_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "graph_nodes" ADD CONSTRAINT "graph_nodes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agent_executions_agent_id_started_at_idx" ON "agent_executions" USING btree ("agent_id","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "agent_executions_workspace_id_idx" ON "agent_executions" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "agent_feedback_agent_id_idx" ON "agent_feedback" USING btree ("agent_id");--> statement-breakpoint
CREATE INDEX "agent_feedback_agent_execution_id_idx" ON "agent_feedback" USING btree ("agent_execution_id");--> statement-breakpoint
CREATE INDEX "agent_feedback_user_id_idx" ON "agent_feedback" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "agent_feedback_episode_id_idx" ON "agent_feedback" USING btree ("episode_id");--> statement-breakpoint
CREATE INDEX "agent_registry_user_id_idx" ON "agent_registry" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "agent_registry_status_idx" ON "agent_registry" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "agent_trace_steps_execution_id_step_number_unique" ON "agent_trace_steps" USING btree ("execution_id","step_number");--> statement-breakpoint
CREATE INDEX "supervised_execution_queue_agent_id_idx" ON "supervised_execution_queue" USING btree ("agent_id");--> statement-breakpoint
CREATE INDEX "supervised_execution_queue_user_id_status_idx" ON "supervised_execution_queue" USING btree ("user_id","status");--> statement-breakpoint
CREATE INDEX "supervised_execution_queue_priority_created_at_idx" ON "supervised_execution_queue" USING btree ("priority","created_at");--> statement-breakpoint
CREATE INDEX "supervised_execution_queue_status_idx" ON "supervised_execution_queue" USING btree ("status");--> statement-breakpoint
CREATE INDEX "supervised_execution_queue_expires_at_idx" ON "supervised_execution_queue" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "supervised_execution_queue_execution_id_idx" ON "supervised_execution_queue" USING btree ("execution_id");--> statement-breakpoint
CREATE INDEX "canvas_audit_workspace_id_created_at_idx" ON "canvas_audit" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "canvas_audit_agent_id_idx" ON "canvas_audit" USING btree ("agent_id");--> statement-breakpoint
CREATE INDEX "canvas_audit_agent_execution_id_idx" ON "canvas_audit" USING btree ("agent_execution_id");--> statement-breakpoint
CREATE INDEX "canvas_audit_user_id_idx" ON "canvas_audit" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "canvas_audit_canvas_id_idx" ON "canvas_audit" USING btree ("canvas_id");--> statement-breakpoint
CREATE INDEX "canvas_audit_session_id_idx" ON "canvas_audit" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "canvas_audit_episode_id_idx" ON "canvas_audit" USING btree ("episode_id");--> statement-breakpoint
CREATE INDEX "episode_access_logs_episode_id_created_at_idx" ON "episode_access_logs" USING btree ("episode_id","created_at");--> statement-breakpoint
CREATE INDEX "episode_access_logs_accessed_by_idx" ON "episode_access_logs" USING btree ("accessed_by");--> statement-breakpoint
CREATE INDEX "episode_access_logs_accessed_by_agent_idx" ON "episode_access_logs" USING btree ("accessed_by_agent");--> statement-breakpoint
CREATE UNIQUE INDEX "episode_segments_episode_id_sequence_order_unique" ON "episode_segments" USING btree ("episode_id","sequence_order");--> statement-breakpoint
CREATE INDEX "episode_segments_source_id_idx" ON "episode_segments" USING btree ("source_id");--> statement-breakpoint
CREATE INDEX "episodes_agent_id_started_at_idx" ON "episodes" USING btree ("agent_id","started_at");--> statement-breakpoint
CREATE INDEX "episodes_user_id_idx" ON "episodes" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "episodes_workspace_id_created_at_idx" ON "episodes" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "episodes_session_id_idx" ON "episodes" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "episodes_supervisor_id_idx" ON "episodes" USING btree ("supervisor_id");--> statement-breakpoint
CREATE INDEX "episodes_proposal_id_idx" ON "episodes" USING btree ("proposal_id");--> statement-breakpoint
CREATE INDEX "episodes_consolidated_into_idx" ON "episodes" USING btree ("consolidated_into");--> statement-breakpoint
CREATE INDEX "episodes_status_idx" ON "episodes" USING btree ("status");--> statement-breakpoint
CREATE INDEX "episodes_importance_score_idx" ON "episodes" USING btree ("importance_score");--> statement-breakpoint
CREATE INDEX "agent_proposals_agent_id_created_at_idx" ON "agent_proposals" USING btree ("agent_id","created_at");--> statement-breakpoint
CREATE INDEX "agent_proposals_approved_by_idx" ON "agent_proposals" USING btree ("approved_by");--> statement-breakpoint
CREATE INDEX "agent_proposals_status_idx" ON "agent_proposals" USING btree ("status");--> statement-breakpoint
CREATE INDEX "blocked_triggers_agent_id_created_at_idx" ON "blocked_triggers" USING btree ("agent_id","created_at");--> statement-breakpoint
CREATE INDEX "blocked_triggers_proposal_id_idx" ON "blocked_triggers" USING btree ("proposal_id");--> statement-breakpoint
CREATE INDEX "supervision_sessions_agent_id_idx" ON "supervision_sessions" USING btree ("agent_id");--> statement-breakpoint
CREATE INDEX "supervision_sessions_trigger_id_idx" ON "supervision_sessions" USING btree ("trigger_id");--> statement-breakpoint
CREATE INDEX "supervision_sessions_workspace_id_idx" ON "supervision_sessions" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "supervision_sessions_supervisor_id_idx" ON "supervision_sessions" USING btree ("supervisor_id");--> statement-breakpoint
CREATE INDEX "supervision_sessions_status_idx" ON "supervision_sessions" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "training_sessions_proposal_id_unique" ON "training_sessions" USING btree ("proposal_id");--> statement-breakpoint
CREATE INDEX "training_sessions_agent_id_idx" ON "training_sessions" USING btree ("agent_id");--> statement-breakpoint
CREATE INDEX "training_sessions_supervisor_id_idx" ON "training_sessions" USING btree ("supervisor_id");--> statement-breakpoint
CREATE INDEX "business_product_services_workspace_id_idx" ON "business_product_services" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "business_product_services_external_id_idx" ON "business_product_services" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "graph_communities_workspace_id_idx" ON "graph_communities" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "graph_nodes_workspace_id_name_idx" ON "graph_nodes" USING btree ("workspace_id","name");