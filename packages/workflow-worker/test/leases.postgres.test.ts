// Leases against a model: for any sequence of acquire / release / renew / expire by two owners, the
// stored lease is what the model says, a live lease of another owner is never taken, and a release
// announces itself (RELEASED:<id>) only when it removed a lease.
import { fc, it as propIt } from '@fast-check/vitest';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Listener } from '../src/listener.js';
import { createListener } from '../src/listener.js';
import { acquireLease, readLease, releaseLease, renewLeases } from '../src/leases.js';
import { quietLogger } from '../src/logger.js';
import { STATUS_CHANNEL } from '../src/schema-sql.js';
import { usePostgres } from './db/harness.js';
import { until } from './helpers.js';

type Owner = 'A' | 'B';
type Op =
  | { kind: 'acquire'; owner: Owner }
  | { kind: 'release'; owner: Owner }
  | { kind: 'renew'; owner: Owner }
  | { kind: 'expire' };

const owner = fc.constantFrom<Owner>('A', 'B');
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('acquire' as const), owner }),
  fc.record({ kind: fc.constant('release' as const), owner }),
  fc.record({ kind: fc.constant('renew' as const), owner }),
  fc.record({ kind: fc.constant('expire' as const) }),
);

describe('leases (postgres)', () => {
  const h = usePostgres({ worker: true });
  let listener: Listener;
  const notices: string[] = [];
  let run = 0;
  beforeAll(async () => {
    listener = await createListener(h.url(), [STATUS_CHANNEL]);
    listener.on(STATUS_CHANNEL, (payload) => notices.push(payload));
  });
  afterAll(() => listener.close());

  propIt.prop([fc.array(op, { minLength: 1, maxLength: 12 })], { numRuns: 25 })(
    'follow the model: one owner at a time, a live lease of another is never taken',
    async (ops) => {
      const id = `lease-${++run}`;
      const prefix = `w${run}-`;
      let model: { owner: Owner; live: boolean } | undefined;
      let releases = 0;
      for (const o of ops) {
        if (o.kind === 'acquire') {
          const ok = await acquireLease(h.db(), id, prefix + o.owner, 60_000);
          const expected = model === undefined || !model.live || model.owner === o.owner;
          expect(ok).toBe(expected);
          if (expected) model = { owner: o.owner, live: true };
        } else if (o.kind === 'release') {
          await releaseLease(h.db(), id, prefix + o.owner);
          if (model?.owner === o.owner) {
            model = undefined;
            releases++;
          }
        } else if (o.kind === 'renew') {
          const renewed = await renewLeases(h.db(), prefix + o.owner, 60_000);
          const expected = model?.owner === o.owner && model.live;
          expect([...renewed]).toEqual(expected ? [id] : []);
        } else {
          await h
            .db()
            .execute(
              sql`UPDATE atom_worker_leases SET expires_at = now() - interval '1 second' WHERE execution_id = ${id}`,
            );
          if (model !== undefined) model.live = false;
        }
        const stored = await readLease(h.db(), id);
        expect(
          stored === undefined ? undefined : { owner: stored.owner, live: stored.live },
        ).toEqual(
          model === undefined ? undefined : { owner: prefix + model.owner, live: model.live },
        );
      }
      // Exactly one RELEASED notice per lease a release removed (a marker bounds the wait).
      await h.db().execute(sql`SELECT pg_notify(${STATUS_CHANNEL}, ${`END:${id}`})`);
      await until(() => notices.includes(`END:${id}`));
      expect(notices.filter((n) => n === `RELEASED:${id}`)).toHaveLength(releases);
    },
  );

  it('renewLeases registers the worker row and reports only its own live leases', async () => {
    await acquireLease(h.db(), 'r1', 'renewer', 60_000);
    await acquireLease(h.db(), 'r2', 'renewer', 60_000);
    await acquireLease(h.db(), 'r3', 'other', 60_000);
    await h
      .db()
      .execute(
        sql`UPDATE atom_worker_leases SET expires_at = now() - interval '1 second' WHERE execution_id = 'r2'`,
      );
    expect([...(await renewLeases(h.db(), 'renewer', 5000))]).toEqual(['r1']);
    const lease = await readLease(h.db(), 'r1');
    expect(lease?.live).toBe(true);
    expect(lease!.expiresAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(await readLease(h.db(), 'nothing')).toBeUndefined();
  });

  it('a renewal never shortens a lease (one taken while the renewal waited on a lock, say)', async () => {
    await acquireLease(h.db(), 'long', 'renewer2', 60_000);
    const before = (await readLease(h.db(), 'long'))!.expiresAt.getTime();
    expect([...(await renewLeases(h.db(), 'renewer2', 1000))]).toEqual(['long']);
    expect((await readLease(h.db(), 'long'))!.expiresAt.getTime()).toBe(before);
    await h
      .db()
      .execute(
        sql`UPDATE atom_worker_leases SET expires_at = now() + interval '10 milliseconds' WHERE execution_id = 'long'`,
      );
    await renewLeases(h.db(), 'renewer2', 60_000);
    expect((await readLease(h.db(), 'long'))!.expiresAt.getTime()).toBeGreaterThan(before - 5000);
  });
});

describe('listener (postgres)', () => {
  const h = usePostgres();

  it('dispatches each channel to its handlers in order, until they are removed', async () => {
    const listener = await createListener(h.url(), ['chan_a', 'chan_b', 'chan_none']);
    const a1: string[] = [];
    const a2: string[] = [];
    const b: string[] = [];
    const offA1 = listener.on('chan_a', (p) => a1.push(p));
    listener.on('chan_a', (p) => a2.push(p));
    listener.on('chan_b', (p) => b.push(p));
    try {
      for (const [channel, payload] of [
        ['chan_none', 'nobody listens'],
        ['chan_a', '1'],
        ['chan_b', 'x'],
        ['chan_a', '2'],
      ] as const) {
        await h.db().execute(sql`SELECT pg_notify(${channel}, ${payload})`);
      }
      await until(() => a2.length === 2 && b.length === 1);
      offA1();
      await h.db().execute(sql`SELECT pg_notify('chan_a', '3')`);
      await h.db().execute(sql`SELECT pg_notify('chan_a', '')`);
      await until(() => a2.length === 4);
      expect(a1).toEqual(['1', '2']);
      expect(a2).toEqual(['1', '2', '3', '']);
      expect(b).toEqual(['x']);
    } finally {
      await listener.close();
    }
  });

  it('a connection dropped by the server does not crash the process', async () => {
    const listener = await createListener(h.url(), ['chan_drop']);
    const errors: unknown[] = [];
    const onError = (e: unknown) => errors.push(e);
    process.on('uncaughtException', onError);
    try {
      const killed = await h.db().execute(
        sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = current_database() AND query = 'LISTEN chan_drop'`,
      );
      expect(killed).toHaveLength(1);
      // The next notification is not delivered (the connection is gone), and nothing throws.
      const got: string[] = [];
      listener.on('chan_drop', (p) => got.push(p));
      await h.db().execute(sql`SELECT pg_notify('chan_drop', 'lost')`);
      await new Promise((r) => setTimeout(r, 100));
      expect(got).toEqual([]);
      expect(errors).toEqual([]);
      await listener.close();
    } finally {
      process.off('uncaughtException', onError);
    }
  });
});

describe('quietLogger', () => {
  it('prints graphile-worker errors to stderr and nothing else', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      quietLogger.info('started');
      quietLogger.warn('slow');
      quietLogger.debug('tick');
      expect(spy).not.toHaveBeenCalled();
      quietLogger.error('job failed');
      expect(spy).toHaveBeenCalledWith('[graphile-worker] job failed');
    } finally {
      spy.mockRestore();
    }
  });
});
