import type { Writable } from 'node:stream';
import type { PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { preparedQuery, preparedStatement } from './prepared.js';

/** A pipelined transaction's way to send a write whose answer nothing in the work reads. */
export interface Pipeline {
  /**
   * Sends `text` (a prepared statement) now, on the transaction's connection, and goes on without
   * its answer: the transaction reads it, and fails with its error, before it commits. Sent
   * synchronously, so nothing issued later can overtake it.
   */
  send(text: string, values: unknown[]): void;
}

/**
 * A write whose answer the caller does not read: left in flight on the step's pipeline when it
 * has one, else run as a prepared statement on `tx` and awaited.
 */
export async function preparedWrite(tx: EntityManager, text: string, values: unknown[], pipeline?: Pipeline): Promise<void> {
  if (pipeline) pipeline.send(text, values);
  else await preparedQuery(tx, text, values);
}

/** The TypeORM query runner's transaction bookkeeping, set here as its own startTransaction would. */
interface TransactionState {
  isTransactionActive: boolean;
  transactionDepth: number;
}

/**
 * A transaction with fewer round trips than TypeORM's: BEGIN goes out with the first statement,
 * and COMMIT goes out behind the statements the work sent without waiting, so a step of lock,
 * decide, write costs two or three round trips instead of five. The pool's clients pipeline
 * (`pipeline: true` in data-source-options): each statement is sent when issued, answers come
 * back in order. Inside
 * `work`, `tx` is an ordinary transactional EntityManager (nested `tx.transaction` takes a
 * savepoint) and TypeORM's transaction subscribers hear the start, commit and rollback.
 */
export async function pipelinedTransaction<T>(db: DataSource, work: (tx: EntityManager, pipeline: Pipeline) => Promise<T>): Promise<T> {
  const queryRunner = db.createQueryRunner();
  const state = queryRunner as unknown as TransactionState;
  const setActive = (active: boolean) => {
    state.isTransactionActive = active;
    state.transactionDepth = active ? 1 : 0;
  };
  const inFlight: Promise<unknown>[] = [];
  const leave = (statement: Promise<unknown>) => {
    statement.catch(() => undefined); // read in order below; never an unhandled rejection
    inFlight.push(statement);
  };
  try {
    const client = (await queryRunner.connect()) as PoolClient;
    const hold = holdWrites(client);
    const pipeline: Pipeline = {
      send: (text, values) => {
        hold();
        leave(client.query(preparedStatement(text, values)));
      },
    };
    await queryRunner.broadcaster.broadcast('BeforeTransactionStart');
    hold();
    leave(client.query('BEGIN'));
    setActive(true);
    await queryRunner.broadcaster.broadcast('AfterTransactionStart');
    let result: T;
    try {
      result = await work(queryRunner.manager, pipeline);
    } catch (error) {
      // A sent write that failed is the cause; what the work saw after it is its echo.
      throw (await firstFailure(inFlight)) ?? error;
    }
    await queryRunner.broadcaster.broadcast('BeforeTransactionCommit');
    hold();
    const commit = client.query('COMMIT');
    const failure = await firstFailure(inFlight);
    // After a failed statement PostgreSQL answers COMMIT with ROLLBACK: nothing was written.
    const { command } = await commit;
    setActive(false);
    if (failure || command !== 'COMMIT') {
      await queryRunner.broadcaster.broadcast('AfterTransactionRollback');
      throw failure ?? new Error(`The transaction ended in ${command}, not COMMIT`);
    }
    await queryRunner.broadcaster.broadcast('AfterTransactionCommit');
    return result;
  } catch (error) {
    if (state.isTransactionActive) {
      await queryRunner.broadcaster.broadcast('BeforeTransactionRollback');
      await queryRunner.query('ROLLBACK').catch(() => undefined);
      setActive(false);
      await queryRunner.broadcaster.broadcast('AfterTransactionRollback');
    }
    throw error;
  } finally {
    await queryRunner.release();
  }
}

/**
 * Holds the connection's writes until this turn of the event loop is over: BEGIN and the
 * statement issued right after it, or the write and COMMIT, leave in one system call. On loopback
 * TCP each write also pays for the delivery to the server (a third of the API's profile before).
 * Released at setImmediate, so a statement whose answer is awaited waits at most for the
 * microtasks already queued.
 */
function holdWrites(client: PoolClient): () => void {
  const stream = (client as unknown as { connection: { stream: Writable } }).connection.stream;
  let held = false;
  return () => {
    if (held) return;
    held = true;
    stream.cork();
    setImmediate(() => {
      held = false;
      stream.uncork();
    });
  };
}

async function firstFailure(statements: Promise<unknown>[]): Promise<unknown> {
  for (const statement of statements) {
    try {
      await statement;
    } catch (error) {
      return error;
    }
  }
  return undefined;
}
