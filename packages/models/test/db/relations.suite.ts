import { eq, sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import type { AtomDatabase } from '../../src/index.js';
import { executeRows } from '../../src/index.js';
import {
  agentExecutions,
  agentRegistry,
  episodes,
  teams,
  users,
  workflowExecutions,
  workspaces,
} from '../../src/schema/index.js';
import * as f from '../../src/testing/factories.js';
import type { DbHarness } from './harness.js';
import { isolated, violation } from './harness.js';

/** A connected set of rows touching every relationship. */
async function buildWorld(tx: AtomDatabase) {
  const tenant = await f.createTenant(tx);
  const user = await f.createUser(tx, { tenantId: tenant.id });
  const supervisor = await f.createUser(tx);
  const workspace = await f.createWorkspace(tx, { tenantId: tenant.id });
  const team = await f.createTeam(tx, { workspaceId: workspace.id });
  await f.createTeamMember(tx, { userId: user.id, teamId: team.id, role: 'ADMIN' });
  await f.createUserWorkspace(tx, { userId: user.id, workspaceId: workspace.id, role: 'OWNER' });
  const message = await f.createTeamMessage(tx, { teamId: team.id, userId: user.id });
  const activity = await f.createUserActivity(tx, { userId: user.id });
  const session = await f.createUserActivitySession(tx, {
    userId: user.id,
    activityId: activity.id,
  });
  const agent = await f.createAgent(tx, { userId: user.id });
  const execution = await f.createAgentExecution(tx, { agentId: agent.id });
  const trace = await f.createAgentTraceStep(tx, { executionId: execution.id });
  const proposal = await f.createAgentProposal(tx, {
    agentId: agent.id,
    approvedBy: supervisor.id,
    proposalType: 'TRAINING',
  });
  const trigger = await f.createBlockedTrigger(tx, { agentId: agent.id, proposalId: proposal.id });
  const supervision = await f.createSupervisionSession(tx, {
    agentId: agent.id,
    triggerId: trigger.id,
    workspaceId: workspace.id,
    supervisorId: supervisor.id,
  });
  const training = await f.createTrainingSession(tx, {
    agentId: agent.id,
    proposalId: proposal.id,
    supervisorId: supervisor.id,
  });
  const parentEpisode = await f.createEpisode(tx, { agentId: agent.id, workspaceId: workspace.id });
  const episode = await f.createEpisode(tx, {
    agentId: agent.id,
    workspaceId: workspace.id,
    userId: user.id,
    supervisorId: supervisor.id,
    proposalId: proposal.id,
    consolidatedInto: parentEpisode.id,
  });
  const segment = await f.createEpisodeSegment(tx, { episodeId: episode.id });
  const access = await f.createEpisodeAccessLog(tx, {
    episodeId: episode.id,
    accessedBy: user.id,
    accessedByAgent: agent.id,
  });
  const feedback = await f.createAgentFeedback(tx, {
    agentId: agent.id,
    userId: user.id,
    agentExecutionId: execution.id,
    episodeId: episode.id,
  });
  const queued = await f.createSupervisedExecution(tx, {
    agentId: agent.id,
    userId: user.id,
    executionId: execution.id,
  });
  const canvas = await f.createCanvasAudit(tx, {
    agentId: agent.id,
    agentExecutionId: execution.id,
    userId: user.id,
    episodeId: episode.id,
  });
  const product = await f.createBusinessProductService(tx, { workspaceId: workspace.id });
  const node = await f.createGraphNode(tx, { workspaceId: workspace.id });
  const community = await f.createGraphCommunity(tx, { workspaceId: workspace.id });
  const run = await f.createWorkflowExecution(tx, {
    userId: user.id,
    ownerId: supervisor.id,
    teamId: team.id,
    workspaceId: workspace.id,
  });
  const step = await f.createWorkflowStepExecution(tx, { executionId: run.executionId });
  const log = await f.createWorkflowExecutionLog(tx, { executionId: run.executionId });
  const snapshot = await f.createWorkflowSnapshot(tx, { executionId: run.executionId });
  return {
    tenant,
    user,
    supervisor,
    workspace,
    team,
    message,
    activity,
    session,
    agent,
    execution,
    trace,
    proposal,
    trigger,
    supervision,
    training,
    parentEpisode,
    episode,
    segment,
    access,
    feedback,
    queued,
    canvas,
    product,
    node,
    community,
    run,
    step,
    log,
    snapshot,
  };
}

/** ON DELETE RESTRICT: 23503 on the PostgreSQL 15 server, 23001 restrict_violation on PGlite. */
const RESTRICTED = ['23503', '23001'];

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

/** Expected `ON DELETE` of every FK: `a` NO ACTION, `r` RESTRICT, `c` CASCADE, `n` SET NULL. */
const ON_DELETE: Record<string, 'r' | 'c' | 'n'> = {
  'users.tenant_id': 'n',
  'workspaces.tenant_id': 'n',
  'teams.workspace_id': 'c',
  'team_members.user_id': 'c',
  'team_members.team_id': 'c',
  'user_workspaces.user_id': 'c',
  'user_workspaces.workspace_id': 'c',
  'team_messages.team_id': 'c',
  'team_messages.user_id': 'c',
  'user_activities.user_id': 'c',
  'user_activity_sessions.user_id': 'c',
  'user_activity_sessions.activity_id': 'c',
  'agent_registry.user_id': 'n',
  'agent_executions.agent_id': 'r',
  'agent_trace_steps.execution_id': 'c',
  'agent_feedback.agent_id': 'r',
  'agent_feedback.agent_execution_id': 'r',
  'agent_feedback.user_id': 'r',
  'agent_feedback.episode_id': 'n',
  'supervised_execution_queue.agent_id': 'c',
  'supervised_execution_queue.user_id': 'c',
  'supervised_execution_queue.execution_id': 'n',
  'blocked_triggers.agent_id': 'r',
  'blocked_triggers.proposal_id': 'n',
  'agent_proposals.agent_id': 'r',
  'agent_proposals.approved_by': 'r',
  'supervision_sessions.agent_id': 'r',
  'supervision_sessions.trigger_id': 'n',
  'supervision_sessions.workspace_id': 'c',
  'supervision_sessions.supervisor_id': 'r',
  'training_sessions.proposal_id': 'c',
  'training_sessions.agent_id': 'r',
  'training_sessions.supervisor_id': 'r',
  'episodes.agent_id': 'c',
  'episodes.user_id': 'n',
  'episodes.workspace_id': 'c',
  'episodes.supervisor_id': 'n',
  'episodes.proposal_id': 'n',
  'episodes.consolidated_into': 'n',
  'episode_segments.episode_id': 'c',
  'episode_access_logs.episode_id': 'c',
  'episode_access_logs.accessed_by': 'r',
  'episode_access_logs.accessed_by_agent': 'r',
  'workflow_executions.user_id': 'n',
  'workflow_executions.owner_id': 'n',
  'workflow_executions.team_id': 'n',
  'workflow_executions.workspace_id': 'n',
  'workflow_step_executions.execution_id': 'c',
  'workflow_execution_logs.execution_id': 'c',
  'workflow_snapshots.execution_id': 'c',
  'canvas_audit.agent_id': 'r',
  'canvas_audit.agent_execution_id': 'r',
  'canvas_audit.user_id': 'r',
  'canvas_audit.episode_id': 'n',
  'business_product_services.workspace_id': 'c',
  'graph_nodes.workspace_id': 'c',
  'graph_communities.workspace_id': 'c',
};

/** Relationships (both sides, many-to-many with role) and ON DELETE behaviour. */
export function relationsSuite(h: DbHarness): void {
  describe(`relations (${h.driver})`, () => {
    isolated(h, 'identity: both sides, memberships with their role', async (tx) => {
      const w = await buildWorld(tx);
      const user = await tx.query.users.findFirst({
        where: eq(users.id, w.user.id),
        with: {
          tenant: true,
          teamMemberships: { with: { team: true } },
          workspaceMemberships: { with: { workspace: true } },
          messages: true,
          activity: true,
          activitySessions: true,
          workflowExecutions: true,
          ownedAgents: true,
          submittedFeedback: true,
          canvasAudits: true,
          episodes: true,
          episodeAccesses: true,
          queuedExecutions: true,
        },
      });
      expect(user?.tenant?.id).toBe(w.tenant.id);
      expect(user?.teamMemberships.map((m) => [m.team.id, m.role])).toEqual([[w.team.id, 'ADMIN']]);
      expect(user?.workspaceMemberships.map((m) => [m.workspace.id, m.role])).toEqual([
        [w.workspace.id, 'OWNER'],
      ]);
      expect(ids(user!.messages)).toEqual([w.message.id]);
      expect(user?.activity?.id).toBe(w.activity.id);
      expect(ids(user!.activitySessions)).toEqual([w.session.id]);
      expect(user?.workflowExecutions.map((e) => e.executionId)).toEqual([w.run.executionId]);
      expect(ids(user!.ownedAgents)).toEqual([w.agent.id]);
      expect(ids(user!.submittedFeedback)).toEqual([w.feedback.id]);
      expect(ids(user!.canvasAudits)).toEqual([w.canvas.id]);
      expect(ids(user!.episodes)).toEqual([w.episode.id]);
      expect(ids(user!.episodeAccesses)).toEqual([w.access.id]);
      expect(ids(user!.queuedExecutions)).toEqual([w.queued.id]);

      const supervisor = await tx.query.users.findFirst({
        where: eq(users.id, w.supervisor.id),
        with: {
          ownedWorkflowExecutions: true,
          approvedProposals: true,
          supervisedSessions: true,
          trainingSessionsSupervised: true,
          supervisedEpisodes: true,
        },
      });
      expect(supervisor?.ownedWorkflowExecutions).toHaveLength(1);
      expect(ids(supervisor!.approvedProposals)).toEqual([w.proposal.id]);
      expect(ids(supervisor!.supervisedSessions)).toEqual([w.supervision.id]);
      expect(ids(supervisor!.trainingSessionsSupervised)).toEqual([w.training.id]);
      expect(ids(supervisor!.supervisedEpisodes)).toEqual([w.episode.id]);

      const ws = await tx.query.workspaces.findFirst({
        where: eq(workspaces.id, w.workspace.id),
        with: {
          tenant: { with: { users: true, workspaces: true } },
          memberships: { with: { user: true } },
          teams: {
            with: { memberships: { with: { user: true } }, messages: { with: { sender: true } } },
          },
          workflowExecutions: true,
          episodes: true,
          supervisionSessions: true,
          productsServices: { with: { workspace: true } },
          graphNodes: { with: { workspace: true } },
          graphCommunities: { with: { workspace: true } },
        },
      });
      expect(ids(ws!.tenant!.users)).toEqual([w.user.id]);
      expect(ids(ws!.tenant!.workspaces)).toEqual([w.workspace.id]);
      expect(ws?.memberships.map((m) => [m.user.id, m.role])).toEqual([[w.user.id, 'OWNER']]);
      expect(ws?.teams[0]?.memberships.map((m) => [m.user.id, m.role])).toEqual([
        [w.user.id, 'ADMIN'],
      ]);
      expect(ws?.teams[0]?.messages[0]?.sender.id).toBe(w.user.id);
      expect(ws?.workflowExecutions).toHaveLength(1);
      expect(ids(ws!.episodes).sort()).toEqual([w.parentEpisode.id, w.episode.id].sort());
      expect(ids(ws!.supervisionSessions)).toEqual([w.supervision.id]);
      expect(ws?.productsServices[0]?.workspace.id).toBe(w.workspace.id);
      expect(ws?.graphNodes[0]?.workspace.id).toBe(w.workspace.id);
      expect(ws?.graphCommunities[0]?.workspace.id).toBe(w.workspace.id);

      const team = await tx.query.teams.findFirst({
        where: eq(teams.id, w.team.id),
        with: { workspace: true, workflowExecutions: true },
      });
      expect(team?.workspace.id).toBe(w.workspace.id);
      expect(team?.workflowExecutions).toHaveLength(1);

      const activity = await tx.query.userActivities.findFirst({
        where: (a, o) => o.eq(a.id, w.activity.id),
        with: { user: true, sessions: { with: { user: true, activity: true } } },
      });
      expect(activity?.user.id).toBe(w.user.id);
      expect(activity?.sessions[0]?.activity.id).toBe(w.activity.id);
      expect(activity?.sessions[0]?.user.id).toBe(w.user.id);
    });

    isolated(h, 'agents, governance, episodes, canvas: both sides', async (tx) => {
      const w = await buildWorld(tx);
      const agent = await tx.query.agentRegistry.findFirst({
        where: eq(agentRegistry.id, w.agent.id),
        with: {
          owner: true,
          executions: true,
          feedbackHistory: true,
          canvasAudits: true,
          blockedTriggers: true,
          proposals: true,
          supervisionSessions: true,
          trainingSessions: true,
          episodes: true,
          episodeAccesses: true,
          queuedExecutions: true,
        },
      });
      expect(agent?.owner?.id).toBe(w.user.id);
      expect(ids(agent!.executions)).toEqual([w.execution.id]);
      expect(ids(agent!.feedbackHistory)).toEqual([w.feedback.id]);
      expect(ids(agent!.canvasAudits)).toEqual([w.canvas.id]);
      expect(ids(agent!.blockedTriggers)).toEqual([w.trigger.id]);
      expect(ids(agent!.proposals)).toEqual([w.proposal.id]);
      expect(ids(agent!.supervisionSessions)).toEqual([w.supervision.id]);
      expect(ids(agent!.trainingSessions)).toEqual([w.training.id]);
      expect(agent?.episodes).toHaveLength(2);
      expect(ids(agent!.episodeAccesses)).toEqual([w.access.id]);
      expect(ids(agent!.queuedExecutions)).toEqual([w.queued.id]);

      const execution = await tx.query.agentExecutions.findFirst({
        where: eq(agentExecutions.id, w.execution.id),
        with: {
          agent: true,
          feedback: { with: { agent: true, execution: true, user: true, episode: true } },
          canvasAudits: { with: { agent: true, execution: true, user: true, episode: true } },
          traceSteps: { with: { execution: true } },
          queueEntries: { with: { agent: true, user: true, execution: true } },
        },
      });
      expect(execution?.agent.id).toBe(w.agent.id);
      const fb = execution!.feedback[0]!;
      expect([fb.agent.id, fb.execution?.id, fb.user.id, fb.episode?.id]).toEqual([
        w.agent.id,
        w.execution.id,
        w.user.id,
        w.episode.id,
      ]);
      const ca = execution!.canvasAudits[0]!;
      expect([ca.agent?.id, ca.execution?.id, ca.user.id, ca.episode?.id]).toEqual([
        w.agent.id,
        w.execution.id,
        w.user.id,
        w.episode.id,
      ]);
      expect(execution?.traceSteps[0]?.execution.id).toBe(w.execution.id);
      const q = execution!.queueEntries[0]!;
      expect([q.agent.id, q.user.id, q.execution?.id]).toEqual([
        w.agent.id,
        w.user.id,
        w.execution.id,
      ]);

      const proposal = await tx.query.agentProposals.findFirst({
        where: (p, o) => o.eq(p.id, w.proposal.id),
        with: {
          agent: true,
          approver: true,
          blockedTriggers: { with: { agent: true, proposal: true, supervisionSessions: true } },
          trainingSession: { with: { proposal: true, agent: true, supervisor: true } },
          episodes: true,
        },
      });
      expect(proposal?.agent.id).toBe(w.agent.id);
      expect(proposal?.approver?.id).toBe(w.supervisor.id);
      expect(proposal?.blockedTriggers[0]?.proposal?.id).toBe(w.proposal.id);
      expect(ids(proposal!.blockedTriggers[0]!.supervisionSessions)).toEqual([w.supervision.id]);
      expect(proposal?.trainingSession?.id).toBe(w.training.id);
      expect(proposal?.trainingSession?.supervisor.id).toBe(w.supervisor.id);
      expect(ids(proposal!.episodes)).toEqual([w.episode.id]);

      const sup = await tx.query.supervisionSessions.findFirst({
        where: (s, o) => o.eq(s.id, w.supervision.id),
        with: { agent: true, trigger: true, workspace: true, supervisor: true },
      });
      expect([sup?.agent.id, sup?.trigger?.id, sup?.workspace.id, sup?.supervisor.id]).toEqual([
        w.agent.id,
        w.trigger.id,
        w.workspace.id,
        w.supervisor.id,
      ]);

      const episode = await tx.query.episodes.findFirst({
        where: eq(episodes.id, w.episode.id),
        with: {
          agent: true,
          user: true,
          workspace: true,
          supervisor: true,
          proposal: true,
          consolidatedInto: { with: { consolidatedChildren: true } },
          segments: { with: { episode: true } },
          accessLogs: { with: { episode: true, user: true, agent: true } },
          canvasReferences: true,
          feedback: true,
        },
      });
      expect(episode?.agent.id).toBe(w.agent.id);
      expect(episode?.user?.id).toBe(w.user.id);
      expect(episode?.workspace.id).toBe(w.workspace.id);
      expect(episode?.supervisor?.id).toBe(w.supervisor.id);
      expect(episode?.proposal?.id).toBe(w.proposal.id);
      expect(episode?.consolidatedInto?.id).toBe(w.parentEpisode.id);
      expect(ids(episode!.consolidatedInto!.consolidatedChildren)).toEqual([w.episode.id]);
      expect(episode?.segments[0]?.episode.id).toBe(w.episode.id);
      const log = episode!.accessLogs[0]!;
      expect([log.episode.id, log.user?.id, log.agent?.id]).toEqual([
        w.episode.id,
        w.user.id,
        w.agent.id,
      ]);
      expect(ids(episode!.canvasReferences)).toEqual([w.canvas.id]);
      expect(ids(episode!.feedback)).toEqual([w.feedback.id]);

      const run = await tx.query.workflowExecutions.findFirst({
        where: eq(workflowExecutions.executionId, w.run.executionId),
        with: {
          stepExecutions: { with: { execution: true } },
          logs: { with: { execution: true } },
          snapshots: { with: { execution: true } },
        },
      });
      expect(run?.stepExecutions[0]?.execution.executionId).toBe(w.run.executionId);
      expect(run?.logs[0]?.execution.executionId).toBe(w.run.executionId);
      expect(run?.snapshots[0]?.execution.executionId).toBe(w.run.executionId);
    });

    isolated(h, 'a heartbeat session given only its activity belongs to that user', async (tx) => {
      const activity = await f.createUserActivity(tx);
      const session = await f.createUserActivitySession(tx, { activityId: activity.id });
      expect(session.userId).toBe(activity.userId);
      const err = await violation(tx, (sp) =>
        f.createUserActivitySession(sp, { activityId: 'missing' }),
      );
      expect(err.sqlstate).toBe('23503');
    });

    describe('ON DELETE', () => {
      isolated(h, 'every foreign key has the documented behaviour', async (tx) => {
        const rows = await executeRows<{ fk: string; action: string }>(
          tx,
          sql`SELECT conrelid::regclass::text || '.' || a.attname AS fk, confdeltype AS action
              FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
              WHERE c.contype = 'f' ORDER BY 1`,
        );
        expect(Object.fromEntries(rows.map((r) => [r.fk, r.action]))).toEqual(ON_DELETE);
      });

      isolated(h, 'deleting a workspace cascades to everything it owns', async (tx) => {
        const w = await buildWorld(tx);
        // the agent audit trail restricts: clear it so the workspace can go
        await tx.execute(sql`DELETE FROM canvas_audit`);
        await tx.execute(sql`DELETE FROM agent_feedback`);
        await tx.delete(workspaces).where(eq(workspaces.id, w.workspace.id));
        const [counts] = await executeRows<Record<string, number>>(
          tx,
          sql`SELECT (SELECT count(*)::int FROM teams) AS teams, (SELECT count(*)::int FROM team_members) AS members,
                     (SELECT count(*)::int FROM team_messages) AS messages, (SELECT count(*)::int FROM episodes) AS episodes,
                     (SELECT count(*)::int FROM episode_segments) AS segments, (SELECT count(*)::int FROM graph_nodes) AS nodes,
                     (SELECT count(*)::int FROM supervision_sessions) AS sessions, (SELECT count(*)::int FROM user_workspaces) AS uw`,
        );
        expect(counts).toEqual({
          teams: 0,
          members: 0,
          messages: 0,
          episodes: 0,
          segments: 0,
          nodes: 0,
          sessions: 0,
          uw: 0,
        });
        const [run] = await tx
          .select()
          .from(workflowExecutions)
          .where(eq(workflowExecutions.executionId, w.run.executionId));
        expect(run?.workspaceId).toBeNull();
        expect(run?.teamId).toBeNull();
      });

      isolated(
        h,
        'deleting a workflow execution cascades to steps, logs and snapshots',
        async (tx) => {
          const w = await buildWorld(tx);
          await tx
            .delete(workflowExecutions)
            .where(eq(workflowExecutions.executionId, w.run.executionId));
          const [c] = await executeRows<{ n: number }>(
            tx,
            sql`SELECT (SELECT count(*) FROM workflow_step_executions) + (SELECT count(*) FROM workflow_execution_logs) + (SELECT count(*) FROM workflow_snapshots) AS n`,
          );
          expect(Number(c?.n)).toBe(0);
        },
      );

      isolated(
        h,
        'deleting an agent with audit rows is restricted (deprecate it instead)',
        async (tx) => {
          const w = await buildWorld(tx);
          const err = await violation(tx, (sp) =>
            sp.delete(agentRegistry).where(eq(agentRegistry.id, w.agent.id)),
          );
          expect(RESTRICTED).toContain(err.sqlstate);
          expect(err.table).toBeDefined();
        },
      );

      isolated(
        h,
        'deleting a user referenced by audit rows is restricted (set DELETED instead)',
        async (tx) => {
          const w = await buildWorld(tx);
          const err = await violation(tx, (sp) => sp.delete(users).where(eq(users.id, w.user.id)));
          expect(RESTRICTED).toContain(err.sqlstate);
          const [u] = await tx
            .update(users)
            .set({ status: 'DELETED' })
            .where(eq(users.id, w.user.id))
            .returning();
          expect(u?.status).toBe('DELETED');
          const dup = await violation(tx, (sp) => f.createUser(sp, { email: w.user.email }));
          expect(dup.sqlstate).toBe('23505');
        },
      );

      isolated(
        h,
        'deleting a user who only owns an agent sets agent.user_id to NULL',
        async (tx) => {
          const owner = await f.createUser(tx);
          const agent = await f.createAgent(tx, { userId: owner.id });
          await f.createUserActivitySession(tx, { userId: owner.id });
          await f.createTeamMember(tx, { userId: owner.id });
          await tx.delete(users).where(eq(users.id, owner.id));
          const [a] = await tx.select().from(agentRegistry).where(eq(agentRegistry.id, agent.id));
          expect(a?.userId).toBeNull();
          const [c] = await executeRows<{ n: number }>(
            tx,
            sql`SELECT (SELECT count(*) FROM user_activities WHERE user_id = ${owner.id}) + (SELECT count(*) FROM team_members WHERE user_id = ${owner.id}) AS n`,
          );
          expect(Number(c?.n)).toBe(0);
        },
      );

      isolated(
        h,
        'deleting an episode cascades segments and access logs, nulls references',
        async (tx) => {
          const w = await buildWorld(tx);
          await tx.delete(episodes).where(eq(episodes.id, w.parentEpisode.id));
          const [child] = await tx.select().from(episodes).where(eq(episodes.id, w.episode.id));
          expect(child?.consolidatedInto).toBeNull();
          await tx.delete(episodes).where(eq(episodes.id, w.episode.id));
          const [c] = await executeRows<{
            seg: number;
            acc: number;
            fb: string | null;
            ca: string | null;
          }>(
            tx,
            sql`SELECT (SELECT count(*)::int FROM episode_segments) AS seg, (SELECT count(*)::int FROM episode_access_logs) AS acc,
                     (SELECT episode_id FROM agent_feedback WHERE id = ${w.feedback.id}) AS fb,
                     (SELECT episode_id FROM canvas_audit WHERE id = ${w.canvas.id}) AS ca`,
          );
          expect(c).toEqual({ seg: 0, acc: 0, fb: null, ca: null });
        },
      );

      isolated(h, 'deleting an agent run cascades its trace steps', async (tx) => {
        const step = await f.createAgentTraceStep(tx);
        const q = await f.createSupervisedExecution(tx, { executionId: step.executionId });
        await tx.delete(agentExecutions).where(eq(agentExecutions.id, step.executionId));
        const [c] = await executeRows<{ n: number; e: string | null }>(
          tx,
          sql`SELECT (SELECT count(*)::int FROM agent_trace_steps WHERE id = ${step.id}) AS n, (SELECT execution_id FROM supervised_execution_queue WHERE id = ${q.id}) AS e`,
        );
        expect(c).toEqual({ n: 0, e: null });
      });

      isolated(
        h,
        'deleting a proposal cascades its training session and nulls trigger links',
        async (tx) => {
          const w = await buildWorld(tx);
          await tx.execute(sql`DELETE FROM agent_proposals WHERE id = ${w.proposal.id}`);
          const [c] = await executeRows<{ n: number; p: string | null; e: string | null }>(
            tx,
            sql`SELECT (SELECT count(*)::int FROM training_sessions) AS n, (SELECT proposal_id FROM blocked_triggers WHERE id = ${w.trigger.id}) AS p,
                     (SELECT proposal_id FROM episodes WHERE id = ${w.episode.id}) AS e`,
          );
          expect(c).toEqual({ n: 0, p: null, e: null });
          await tx.execute(sql`DELETE FROM blocked_triggers WHERE id = ${w.trigger.id}`);
          const [s] = await executeRows<{ t: string | null }>(
            tx,
            sql`SELECT trigger_id AS t FROM supervision_sessions WHERE id = ${w.supervision.id}`,
          );
          expect(s?.t).toBeNull();
        },
      );

      isolated(h, 'deleting a tenant detaches its users and workspaces', async (tx) => {
        const w = await buildWorld(tx);
        await tx.execute(sql`DELETE FROM tenants WHERE id = ${w.tenant.id}`);
        const [c] = await executeRows<{ u: string | null; ws: string | null }>(
          tx,
          sql`SELECT (SELECT tenant_id FROM users WHERE id = ${w.user.id}) AS u, (SELECT tenant_id FROM workspaces WHERE id = ${w.workspace.id}) AS ws`,
        );
        expect(c).toEqual({ u: null, ws: null });
      });
    });
  });
}
