-- Custom migration: updated_at is maintained by the database, so it moves on every UPDATE (ORM or
-- raw SQL), also twice inside one transaction (clock_timestamp(), not now()).
CREATE OR REPLACE FUNCTION atom_set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := clock_timestamp();
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER tenants_set_updated_at BEFORE UPDATE ON "tenants" FOR EACH ROW EXECUTE FUNCTION atom_set_updated_at();
--> statement-breakpoint
CREATE TRIGGER users_set_updated_at BEFORE UPDATE ON "users" FOR EACH ROW EXECUTE FUNCTION atom_set_updated_at();
--> statement-breakpoint
CREATE TRIGGER workspaces_set_updated_at BEFORE UPDATE ON "workspaces" FOR EACH ROW EXECUTE FUNCTION atom_set_updated_at();
--> statement-breakpoint
CREATE TRIGGER teams_set_updated_at BEFORE UPDATE ON "teams" FOR EACH ROW EXECUTE FUNCTION atom_set_updated_at();
--> statement-breakpoint
CREATE TRIGGER user_activities_set_updated_at BEFORE UPDATE ON "user_activities" FOR EACH ROW EXECUTE FUNCTION atom_set_updated_at();
--> statement-breakpoint
CREATE TRIGGER workflow_executions_set_updated_at BEFORE UPDATE ON "workflow_executions" FOR EACH ROW EXECUTE FUNCTION atom_set_updated_at();
--> statement-breakpoint
CREATE TRIGGER workflow_step_executions_set_updated_at BEFORE UPDATE ON "workflow_step_executions" FOR EACH ROW EXECUTE FUNCTION atom_set_updated_at();
