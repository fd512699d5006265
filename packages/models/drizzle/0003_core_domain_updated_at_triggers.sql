-- Custom migration: the updated_at trigger (function from 0001) on the core-domain tables.
CREATE TRIGGER agent_registry_set_updated_at BEFORE UPDATE ON "agent_registry" FOR EACH ROW EXECUTE FUNCTION atom_set_updated_at();
--> statement-breakpoint
CREATE TRIGGER supervised_execution_queue_set_updated_at BEFORE UPDATE ON "supervised_execution_queue" FOR EACH ROW EXECUTE FUNCTION atom_set_updated_at();
--> statement-breakpoint
CREATE TRIGGER agent_proposals_set_updated_at BEFORE UPDATE ON "agent_proposals" FOR EACH ROW EXECUTE FUNCTION atom_set_updated_at();
--> statement-breakpoint
CREATE TRIGGER supervision_sessions_set_updated_at BEFORE UPDATE ON "supervision_sessions" FOR EACH ROW EXECUTE FUNCTION atom_set_updated_at();
--> statement-breakpoint
CREATE TRIGGER training_sessions_set_updated_at BEFORE UPDATE ON "training_sessions" FOR EACH ROW EXECUTE FUNCTION atom_set_updated_at();
--> statement-breakpoint
CREATE TRIGGER episodes_set_updated_at BEFORE UPDATE ON "episodes" FOR EACH ROW EXECUTE FUNCTION atom_set_updated_at();
--> statement-breakpoint
CREATE TRIGGER business_product_services_set_updated_at BEFORE UPDATE ON "business_product_services" FOR EACH ROW EXECUTE FUNCTION atom_set_updated_at();
--> statement-breakpoint
CREATE TRIGGER graph_nodes_set_updated_at BEFORE UPDATE ON "graph_nodes" FOR EACH ROW EXECUTE FUNCTION atom_set_updated_at();
--> statement-breakpoint
CREATE TRIGGER graph_communities_set_updated_at BEFORE UPDATE ON "graph_communities" FOR EACH ROW EXECUTE FUNCTION atom_set_updated_at();
