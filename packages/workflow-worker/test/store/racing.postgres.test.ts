// Server only: PGlite has a single connection, so two writers cannot race there.
import type { EngineEvent, StepRecord } from '@atom/workflow-engine';
import { ConcurrentModificationError } from '@atom/workflow-engine';
import { describe, expect, it } from 'vitest';
import { DrizzleExecutionStore } from '../../src/index.js';
import { dagDefinition, snapshotOf } from './store.suite.js';
import { useTwoServerConnections } from '../db/harness.js';

describe('DrizzleExecutionStore racing engines (postgres)', () => {
  const race = useTwoServerConnections();

  it('two stores on two connections: exactly one wins each transition, the loser writes nothing', async () => {
    const a = new DrizzleExecutionStore(race.db());
    const b = new DrizzleExecutionStore(race.other());
    const id = 'race-1';
    const snapshot = snapshotOf(id, dagDefinition('wf', [[], []]));
    await a.create(snapshot);
    let version = 1;
    let seq = 0;
    for (let round = 0; round < 20; round++) {
      const move = (writer: string): { steps: StepRecord[]; events: EngineEvent[] } => ({
        steps: [
          {
            ...snapshot.steps.s0!,
            attempts: round + 1,
            updatedAt: round,
            error: { name: 'E', message: writer },
          },
        ],
        events: [{ type: 'execution.started', executionId: id, seq: seq + 1, at: round }],
      });
      const ma = move('A');
      const mb = move('B');
      const results = await Promise.allSettled([
        a.save({ executionId: id, changedSteps: ma.steps, events: ma.events }, version),
        b.save({ executionId: id, changedSteps: mb.steps, events: mb.events }, version),
      ]);
      const won = results.findIndex((r) => r.status === 'fulfilled');
      const lost = results.find((r) => r.status === 'rejected');
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(lost?.reason).toBeInstanceOf(ConcurrentModificationError);
      version += 1;
      seq += 1;
      const stored = await a.load(id);
      expect(stored?.version).toBe(version);
      expect(stored?.steps.s0?.error?.message).toBe(won === 0 ? 'A' : 'B');
      expect(await b.listEvents(id)).toHaveLength(seq);
    }
  });
});
