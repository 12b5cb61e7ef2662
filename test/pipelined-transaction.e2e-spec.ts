import { jest } from '@jest/globals';
import net from 'node:net';
import pg from 'pg';
import { DataSource, type EntitySubscriberInterface } from 'typeorm';
import { dataSourceOptions, pipelinedTransaction } from '@app/core';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const INSERT = 'INSERT INTO pipelined_probe (id, note) VALUES ($1, $2)';
const BUMP = 'UPDATE pipelined_probe SET hits = hits + 1 WHERE id = $1';
const originalSubmit = pg.Query.prototype.submit;

/**
 * The runner's transaction: BEGIN with the first statement, COMMIT behind the writes still in
 * flight, and the same outcome as TypeORM's transaction whatever fails where.
 */
describe('pipelinedTransaction', () => {
  let db: TestDatabase;
  let source: DataSource;
  const heard: string[] = [];

  const rows = async () =>
    ((await source.query('SELECT id, note, hits FROM pipelined_probe ORDER BY id')) as { id: number; note: string; hits: number }[]).map(
      (r) => `${r.id}:${r.note}:${r.hits}`,
    );

  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
    // One connection: a transaction that left it unclean, or unreleased, would stop the next test.
    const options = dataSourceOptions(db.url, []);
    source = new DataSource({ ...options, extra: { ...options.extra, max: 1 } });
    await source.initialize();
    const subscriber: EntitySubscriberInterface = {
      afterTransactionStart: () => void heard.push('start'),
      afterTransactionCommit: () => void heard.push('commit'),
      afterTransactionRollback: () => void heard.push('rollback'),
    };
    (source.subscribers as EntitySubscriberInterface[]).push(subscriber);
  });

  beforeEach(async () => {
    await source.query('DROP TABLE IF EXISTS pipelined_probe');
    await source.query('CREATE TABLE pipelined_probe (id int PRIMARY KEY, note text NOT NULL, hits int NOT NULL DEFAULT 0)');
    await source.query(`INSERT INTO pipelined_probe (id, note) VALUES (1, 'seed')`);
    heard.length = 0;
  });

  afterAll(async () => {
    await source.destroy();
    await db.drop();
  });

  it('commits what the work wrote and what it sent, together', async () => {
    const answer = await pipelinedTransaction(source, async (tx, pipeline) => {
      const [{ note }] = await tx.query('SELECT note FROM pipelined_probe WHERE id = 1 FOR UPDATE');
      pipeline.send(BUMP, [1]);
      await tx.query(INSERT, [2, note]);
      pipeline.send(INSERT, [3, 'sent']);
      return 'done';
    });
    expect(answer).toBe('done');
    expect(await rows()).toEqual(['1:seed:1', '2:seed:0', '3:sent:0']);
    expect(heard).toEqual(['start', 'commit']);
  });

  it('runs inside one transaction: nothing is visible to others before COMMIT', async () => {
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    try {
      await pipelinedTransaction(source, async (tx, pipeline) => {
        pipeline.send(INSERT, [2, 'sent']);
        await tx.query(INSERT, [3, 'awaited']);
        expect((await other.query('SELECT count(*)::int AS n FROM pipelined_probe')).rows).toEqual([{ n: 1 }]);
      });
      expect((await other.query('SELECT count(*)::int AS n FROM pipelined_probe')).rows).toEqual([{ n: 3 }]);
    } finally {
      await other.end();
    }
  });

  it('sends COMMIT behind a write that is still waiting for its answer', async () => {
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    const sent: string[] = [];
    // What goes on the wire, and when: a query is submitted when it is written to the socket.
    const submit = jest.spyOn(pg.Query.prototype, 'submit');
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM pipelined_probe WHERE id = 1 FOR UPDATE');
      submit.mockImplementation(function (this: pg.Query & { text: string }, ...args: unknown[]) {
        sent.push(this.text);
        return (originalSubmit as (...a: unknown[]) => unknown).apply(this, args);
      });
      // The bump waits for the holder's row lock; the work returns without its answer.
      const step = pipelinedTransaction(source, async (_tx, pipeline) => pipeline.send(BUMP, [1]));
      await waitFor(async () => sent.includes('COMMIT'));
      expect(sent).toEqual(['BEGIN', BUMP, 'COMMIT']);
      // And the bump is still waiting for the lock: COMMIT went out before its answer.
      await waitFor(async () => (await waitingOnLock(holder, BUMP)) === 1);
      await holder.query('COMMIT');
      await step;
    } finally {
      submit.mockRestore();
      await holder.end();
    }
    expect(await rows()).toEqual(['1:seed:1']);
  });

  it('writes BEGIN with the first statement, and COMMIT with the write before it: two system calls', async () => {
    const socket = net.Socket.prototype as unknown as Record<'_write' | '_writev', (...args: unknown[]) => unknown>;
    const write = jest.spyOn(socket, '_write');
    const writev = jest.spyOn(socket, '_writev');
    try {
      await pipelinedTransaction(source, async (tx, pipeline) => {
        await tx.query('SELECT note FROM pipelined_probe WHERE id = 1 FOR UPDATE');
        pipeline.send(BUMP, [1]);
      });
      expect(write.mock.calls.length + writev.mock.calls.length).toBe(2);
    } finally {
      write.mockRestore();
      writev.mockRestore();
    }
    expect(await rows()).toEqual(['1:seed:1']);
  });

  it('rolls back when a sent write fails, and throws that write’s error, not the echo after it', async () => {
    const failed = pipelinedTransaction(source, async (tx, pipeline) => {
      pipeline.send(BUMP, [1]);
      pipeline.send(INSERT, [1, 'duplicate']);
      // Runs after the failure: PostgreSQL refuses it as "current transaction is aborted" (25P02).
      await tx.query(INSERT, [2, 'after']);
    });
    await expect(failed).rejects.toMatchObject({ code: '23505' });
    expect(await rows()).toEqual(['1:seed:0']);
    expect(heard).toEqual(['start', 'rollback']);
  });

  it('rolls back when a sent write fails with nothing after it: COMMIT is answered with ROLLBACK', async () => {
    await expect(
      pipelinedTransaction(source, async (_tx, pipeline) => {
        pipeline.send(BUMP, [1]);
        pipeline.send(INSERT, [1, 'duplicate']);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await rows()).toEqual(['1:seed:0']);
    expect(heard).toEqual(['start', 'rollback']);
  });

  it('rolls back when the work refuses, after writes awaited and sent', async () => {
    await expect(
      pipelinedTransaction(source, async (tx, pipeline) => {
        await tx.query(INSERT, [2, 'awaited']);
        pipeline.send(BUMP, [1]);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await rows()).toEqual(['1:seed:0']);
    expect(heard).toEqual(['start', 'rollback']);
    // The connection went back to the pool outside any transaction.
    await expect(source.query('SAVEPOINT probe')).rejects.toThrow('can only be used in transaction blocks');
  });

  it('fails, and does not hang, when the connection dies with writes in flight; the pool goes on', async () => {
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM pipelined_probe WHERE id = 1 FOR UPDATE');
      const step = pipelinedTransaction(source, async (_tx, pipeline) => {
        pipeline.send(BUMP, [1]);
        pipeline.send(INSERT, [2, 'behind']);
      });
      step.catch(() => undefined);
      await waitFor(async () => (await waitingOnLock(holder, BUMP)) === 1);
      await holder.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query = $1`, [BUMP]);
      await expect(step).rejects.toThrow();
      await holder.query('COMMIT');
    } finally {
      await holder.end();
    }
    expect(heard).toEqual(['start', 'rollback']);
    expect(await rows()).toEqual(['1:seed:0']);
  });

  it('takes a savepoint for a transaction nested in the work', async () => {
    await pipelinedTransaction(source, async (tx, pipeline) => {
      pipeline.send(BUMP, [1]);
      await expect(
        tx.transaction(async (inner) => {
          await inner.query(INSERT, [2, 'inner']);
          throw new Error('inner refused');
        }),
      ).rejects.toThrow('inner refused');
      await tx.query(INSERT, [3, 'outer']);
    });
    expect(await rows()).toEqual(['1:seed:1', '3:outer:0']);
    expect(heard.at(-1)).toBe('commit');
  });
});

/** Backends waiting for a lock in `statement`; the snapshot is cleared, as `client` may be inside a transaction. */
async function waitingOnLock(client: pg.Client, statement: string): Promise<number> {
  await client.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await client.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query = $1`, [statement]);
  return rows[0].n as number;
}

async function waitFor(condition: () => Promise<boolean>, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
