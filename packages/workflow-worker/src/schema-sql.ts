/**
 * The worker's own tables, trigger and queue names (created by `setupWorkerDatabase`).
 *
 * @module
 */

/** One row per execution a worker holds: owner and expiry (database time). */
export const LEASES_TABLE = 'atom_worker_leases';
/** One row per live worker process: its heartbeat expiry and its queue (graphile-worker) worker ids. */
export const WORKERS_TABLE = 'atom_worker_workers';
/** NOTIFY channel of status changes of `workflow_executions` (payload `<status>:<executionId>`). */
export const STATUS_CHANNEL = 'atom_worker_status';
/** NOTIFY channel of control messages (cancel) to the owning worker (payload JSON). */
export const CONTROL_CHANNEL = 'atom_worker_control';
/** graphile-worker task that drives (starts, continues, resumes) one execution. */
export const DRIVE_TASK = 'atom_workflow_drive';
/** graphile-worker task that checks one worker's liveness and unlocks the queue jobs it held when dead. */
export const WATCH_TASK = 'atom_workflow_watch';
/** Session advisory lock key serialising concurrent setups. */
export const SETUP_LOCK_KEY = 7_310_472_551;

/** Idempotent DDL of the worker tables and the status trigger. */
export const WORKER_DDL: string = `
CREATE TABLE IF NOT EXISTS ${LEASES_TABLE} (
  execution_id text PRIMARY KEY,
  owner text NOT NULL,
  expires_at timestamptz NOT NULL,
  acquired_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS ${LEASES_TABLE}_owner_idx ON ${LEASES_TABLE} (owner, expires_at);
CREATE INDEX IF NOT EXISTS ${LEASES_TABLE}_expires_idx ON ${LEASES_TABLE} (expires_at);
CREATE TABLE IF NOT EXISTS ${WORKERS_TABLE} (
  owner text PRIMARY KEY,
  expires_at timestamptz NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  lease_ms integer NOT NULL,
  queue_ids text[] NOT NULL DEFAULT '{}'
);
CREATE OR REPLACE FUNCTION atom_worker_notify_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status THEN
    PERFORM pg_notify('${STATUS_CHANNEL}', NEW.status::text || ':' || NEW.execution_id);
  END IF;
  RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS atom_worker_status ON workflow_executions;
CREATE TRIGGER atom_worker_status AFTER UPDATE OF status ON workflow_executions
  FOR EACH ROW EXECUTE FUNCTION atom_worker_notify_status();
`;
