import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, preparedWrite, type Pipeline } from '@app/core';

/** What a unit is told about (ARCHITECTURE.md's notification types). */
export const NOTIFICATION_TYPES = ['assignment_received', 'plan_returned', 'report_returned', 'reminder', 'overdue', 'parent_withdrawn', 'plan_amended', 'work_handed_over'] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export interface OutboxMessage {
  type: NotificationType;
  /** The unit whose people are told. */
  unitId: string;
  subjectType: string;
  subjectId: string;
  payload?: Record<string, unknown>;
}

/** Writes messages inside the caller's transaction: they exist if and only if it commits. */
@Injectable()
export class Outbox {
  constructor(private readonly clock: Clock) {}

  /** With the step's `pipeline` the insert goes out with the step's write and nothing waits for it. */
  async emit(tx: EntityManager, messages: OutboxMessage[], pipeline?: Pipeline): Promise<void> {
    if (messages.length === 0) return;
    // Prepared: a RETURN (and every notifying step) runs it; its planning showed in pg_stat_statements.
    const text = `INSERT INTO outbox (type, unit_id, subject_type, subject_id, payload, created_at)
       SELECT m.type, m.unit_id, m.subject_type, m.subject_id, m.payload, $2
       FROM jsonb_to_recordset($1::jsonb) AS m(type text, unit_id uuid, subject_type text, subject_id uuid, payload jsonb)`;
    const values = [
      JSON.stringify(messages.map((m) => ({ type: m.type, unit_id: m.unitId, subject_type: m.subjectType, subject_id: m.subjectId, payload: m.payload ?? {} }))),
      this.clock.now(),
    ];
    await preparedWrite(tx, text, values, pipeline);
  }
}
