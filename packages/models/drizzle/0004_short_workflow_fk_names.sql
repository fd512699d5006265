ALTER TABLE "workflow_execution_logs" DROP CONSTRAINT "workflow_execution_logs_execution_id_workflow_executions_execution_id_fk";
--> statement-breakpoint
ALTER TABLE "workflow_snapshots" DROP CONSTRAINT "workflow_snapshots_execution_id_workflow_executions_execution_id_fk";
--> statement-breakpoint
ALTER TABLE "workflow_step_executions" DROP CONSTRAINT "workflow_step_executions_execution_id_workflow_executions_execution_id_fk";
--> statement-breakpoint
ALTER TABLE "workflow_execution_logs" ADD CONSTRAINT "workflow_execution_logs_execution_id_fk" FOREIGN KEY ("execution_id") REFERENCES "public"."workflow_executions"("execution_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_snapshots" ADD CONSTRAINT "workflow_snapshots_execution_id_fk" FOREIGN KEY ("execution_id") REFERENCES "public"."workflow_executions"("execution_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_step_executions" ADD CONSTRAINT "workflow_step_executions_execution_id_fk" FOREIGN KEY ("execution_id") REFERENCES "public"."workflow_executions"("execution_id") ON DELETE cascade ON UPDATE no action;