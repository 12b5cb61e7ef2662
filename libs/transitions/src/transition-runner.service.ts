import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, type EntitySubscriberInterface, type QueryRunner } from 'typeorm';
import { Clock, DomainError, ErrorCode, pipelinedTransaction, preparedQuery, preparedWrite, type Pipeline } from '@app/core';
import { countTransition } from '@app/metrics';
import type { Actor } from '@app/org';
import { auditInsert, AuditTrail } from './audit-trail.service.js';
import { isSystemActor } from './system-actor.js';

/** What every subject row that moves through the runner carries. */
export interface SubjectRow {
  id: string;
  state: string;
  version: number;
  auditSeq: number;
  auditHash: string | null;
}

/** A kind of subject: how to lock one and whether an actor may see it at all. */
export interface SubjectKind<R extends SubjectRow> {
  type: string;
  table: string;
  /** SELECT … FOR UPDATE of the row, with the SubjectRow fields; undefined if there is none. */
  lock(tx: EntityManager, id: string): Promise<R | undefined>;
  visible(tx: EntityManager, actor: Actor, row: R): Promise<boolean>;
}

/** What the subject's rules decided: the step to record, and the columns it changes. */
export interface Decision {
  event: string;
  toState: string;
  role: string;
  unitId: string;
  onBehalfOf?: string | null;
  comment?: string | null;
  payload?: Record<string, unknown>;
  /** More columns of the subject row to set (column name → value); names are code, never input. */
  set?: Record<string, unknown>;
}

/** What an effect sees: the step just recorded, inside its transaction. */
export interface EffectContext {
  tx: EntityManager;
  actor: Actor;
  subjectId: string;
  fromState: string;
  decision: Decision;
  requestId?: string;
  /** The step's own transaction's pipeline, when it has one: for writes whose answer the effect does not read. */
  pipeline?: Pipeline;
}

/**
 * Work that must commit with a step or not at all (creating tracked assignments at ISSUE,
 * moving an assignment when its child plan moves, notifications). Registered by the
 * feature that owns it, for a (subject type, event).
 */
export type Effect = (context: EffectContext) => Promise<void>;

export interface TransitionCommand<R extends SubjectRow, Response> {
  kind: SubjectKind<R>;
  id: string;
  actor: Actor;
  /** Required for events; edits may leave it out. */
  expectedVersion?: number;
  /** A user's key (stored per account): the system's steps carry none. */
  idempotencyKey?: string;
  requestId?: string;
  /** Authorise, run the machine and the effects inside the transaction; throw a DomainError to refuse. */
  decide(tx: EntityManager, row: R): Promise<Decision>;
  /** The response, built before commit so that a retry with the same key gets the same bytes. */
  respond(row: R, next: { state: string; version: number }): Response;
}

/**
 * The one way any subject moves: lock the row, check the version, let the subject's rules
 * decide, then update the row and append to its audit chain in the same transaction.
 */
@Injectable()
export class TransitionRunner {
  private readonly effects = new Map<string, Effect[]>();
  /** Steps written in a transaction still open: counted in the metrics once it commits, forgotten if it rolls back. */
  private readonly uncommitted = new WeakMap<QueryRunner, { type: string; event: string }[]>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {
    const settled = (queryRunner: QueryRunner, committed: boolean) => {
      // A savepoint's release or rollback leaves the outer transaction open: wait for its end.
      if (queryRunner.isTransactionActive) return;
      const steps = this.uncommitted.get(queryRunner);
      this.uncommitted.delete(queryRunner);
      if (committed) for (const step of steps ?? []) countTransition(step.type, step.event);
    };
    const subscriber: EntitySubscriberInterface = {
      afterTransactionCommit: ({ queryRunner }) => settled(queryRunner, true),
      afterTransactionRollback: ({ queryRunner }) => settled(queryRunner, false),
    };
    (db.subscribers as EntitySubscriberInterface[]).push(subscriber);
  }

  /** Runs `effect` inside every step of `subjectType` with `event`, after the step is written. */
  onStep(subjectType: string, event: string, effect: Effect): void {
    const key = `${subjectType}:${event}`;
    this.effects.set(key, [...(this.effects.get(key) ?? []), effect]);
  }

  async run<R extends SubjectRow, Response>(command: TransitionCommand<R, Response>): Promise<Response> {
    const replay = await this.replay(command);
    if (replay !== undefined) return replay;
    try {
      return await pipelinedTransaction(this.db, (tx, pipeline) => this.within(tx, command, pipeline));
    } catch (error) {
      // A concurrent retry with the same key may have won: answer with its result.
      if (error instanceof DomainError && error.code === ErrorCode.STALE_VERSION) {
        const won = await this.replay(command);
        if (won !== undefined) return won;
      }
      throw error;
    }
  }

  /**
   * One step inside a transaction the caller holds: how an effect moves another subject. With a
   * `pipeline` (run's own transaction) the write and the key are left in flight, for COMMIT to
   * follow them in the same round trip; the statements after them queue behind them anyway.
   */
  async within<R extends SubjectRow, Response>(tx: EntityManager, command: TransitionCommand<R, Response>, pipeline?: Pipeline): Promise<Response> {
    const { kind, id, actor } = command;
    const row = await kind.lock(tx, id);
    const system = isSystemActor(actor);
    if (!row || (!system && !(await kind.visible(tx, actor, row)))) throw DomainError.notFound(capitalise(kind.type));
    if (command.expectedVersion !== undefined && command.expectedVersion !== row.version) {
      throw new DomainError(ErrorCode.STALE_VERSION, `The ${kind.type} is at version ${row.version}, not ${command.expectedVersion}`, {
        currentVersion: row.version,
      });
    }
    const decision = await command.decide(tx, row);
    const next = { state: decision.toState, version: row.version + 1 };
    const entry = this.audit.hash({
      subjectType: kind.type,
      subjectId: id,
      seq: row.auditSeq + 1,
      at: this.clock.now(),
      actorUserId: system ? null : actor.userId,
      actorRole: decision.role,
      actorUnitId: decision.unitId,
      onBehalfOf: decision.onBehalfOf ?? null,
      event: decision.event,
      fromState: row.state,
      toState: decision.toState,
      comment: decision.comment ?? null,
      payload: decision.payload ?? {},
      requestId: command.requestId ?? null,
      prevHash: row.auditHash,
    });
    // The audit entry and the subject's move in one statement: one round trip per step.
    const extra = Object.entries(decision.set ?? {});
    const insert = auditInsert([entry], 7 + extra.length);
    await preparedWrite(
      tx,
      `WITH entry AS (${insert.sql})
       UPDATE ${kind.table} SET state = $2, version = $3, audit_seq = $4, audit_hash = $5, updated_at = $6
         ${extra.map(([column], i) => `, ${column} = $${i + 7}`).join('')}
       WHERE id = $1`,
      [id, next.state, next.version, entry.seq, entry.hash, entry.at, ...extra.map(([, value]) => value), ...insert.params],
      pipeline,
    );
    for (const effect of this.effects.get(`${kind.type}:${decision.event}`) ?? []) {
      await effect({ tx, actor, subjectId: id, fromState: row.state, decision, requestId: command.requestId, pipeline });
    }
    this.written(tx, kind.type, decision.event);
    const response = command.respond(row, next);
    if (command.idempotencyKey) {
      // Prepared, as the lookup in replay(): the web client sends a key with every event.
      await preparedWrite(
        tx,
        `INSERT INTO idempotency_keys (actor_user_id, key, subject_id, response) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
        [actor.userId, command.idempotencyKey, id, JSON.stringify(response)],
        pipeline,
      );
    }
    return response;
  }

  private written(tx: EntityManager, type: string, event: string): void {
    const queryRunner = tx.queryRunner;
    if (!queryRunner?.isTransactionActive) return countTransition(type, event);
    const steps = this.uncommitted.get(queryRunner) ?? [];
    steps.push({ type, event });
    this.uncommitted.set(queryRunner, steps);
  }

  private async replay<R extends SubjectRow, Response>(command: TransitionCommand<R, Response>): Promise<Response | undefined> {
    if (!command.idempotencyKey) return undefined;
    const [stored] = await preparedQuery<{ subjectId: string; response: Response }>(
      this.db.manager,
      `SELECT subject_id AS "subjectId", response FROM idempotency_keys WHERE actor_user_id = $1 AND key = $2`,
      [command.actor.userId, command.idempotencyKey],
    );
    if (!stored) return undefined;
    if (stored.subjectId !== command.id) {
      throw DomainError.conflict('This Idempotency-Key was used for another command', { reason: 'IDEMPOTENCY_KEY_REUSED' });
    }
    return stored.response;
  }
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
