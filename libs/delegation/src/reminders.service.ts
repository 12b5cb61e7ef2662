import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, decodeCursor, DEFAULT_PAGE_SIZE, DomainError, isoFromUtcText, Page, PageQueryDto, toPage, utcText } from '@app/core';
import { Actor } from '@app/org';
import { Outbox } from '@app/transitions';
import { FINAL_ASSIGNMENT_STATES } from '@app/workflow';
import { canSeeAssignment, rolesAt } from './assignment-access.js';
import { AssignmentsRepository, type AssignmentView } from './assignments.repository.js';
import type { ReminderDto, SendRemindersDto, SendRemindersResultDto } from './reminder.dto.js';

/** The roles that follow up on units: they may also waive or extend (ASSIGNMENT_EVENT_ROLES). */
const URGING_ROLES: readonly string[] = ['secretary', 'monitor'];

interface ReminderRow extends ReminderDto {
  /** The keyset: the instant as utcText, and the row's own key. */
  key: string;
  at: Date;
}

/** Reminders (đôn đốc): sent by hand by the issuing or collecting side, and listed with the automatic ones. */
@Injectable()
export class RemindersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly assignments: AssignmentsRepository,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  /** All or nothing: one assignment the caller may not urge, or that is settled, and none is sent. */
  send(actor: Actor, dto: SendRemindersDto): Promise<SendRemindersResultDto> {
    return this.db.transaction(async (tx) => {
      const found = new Map((await this.assignments.views(tx, dto.assignmentIds)).map((a) => [a.id, a]));
      const missing = dto.assignmentIds.filter((id) => !found.has(id) || !canSeeAssignment(actor, found.get(id)!));
      if (missing.length > 0) throw DomainError.notFound(`Assignment ${missing.join(', ')}`);
      const senders = dto.assignmentIds.map((id) => ({ id, view: found.get(id)!, unitId: this.urgingUnit(actor, found.get(id)!) }));
      const refused = senders.filter((s) => s.unitId === null).map((s) => s.id);
      if (refused.length > 0) {
        throw DomainError.forbidden(`Reminders are sent by a secretary or monitor of the plan's issuer or report collector: not for ${refused.join(', ')}`);
      }
      const settled = senders.filter((s) => FINAL_ASSIGNMENT_STATES.includes(s.view.state as never)).map((s) => s.id);
      if (settled.length > 0) throw DomainError.conflict('A settled assignment is not urged', { reason: 'ASSIGNMENT_SETTLED', assignmentIds: settled });

      const sentAt = this.clock.now();
      const rows: { id: string; assignmentId: string }[] = await tx.query(
        `INSERT INTO sent_reminders (assignment_id, sender_user_id, sender_unit_id, message, sent_at)
         SELECT r.assignment_id, $2, r.sender_unit_id, $3, $4
         FROM jsonb_to_recordset($1::jsonb) AS r(assignment_id uuid, sender_unit_id uuid)
         RETURNING id, assignment_id AS "assignmentId"`,
        [JSON.stringify(senders.map((s) => ({ assignment_id: s.id, sender_unit_id: s.unitId }))), actor.userId, dto.message, sentAt],
      );
      const reminderOf = new Map(rows.map((r) => [r.assignmentId, r.id]));
      await this.outbox.emit(
        tx,
        senders.map((s) => ({
          type: 'reminder' as const,
          unitId: s.view.assigneeUnitId,
          subjectType: 'assignment',
          subjectId: s.id,
          payload: { planId: s.view.plan.id, dueOn: s.view.dueOn, message: dto.message, senderName: actor.displayName, reminderId: reminderOf.get(s.id) },
        })),
      );
      return { sent: dto.assignmentIds.map((id) => ({ assignmentId: id, reminderId: reminderOf.get(id)! })) };
    });
  }

  /** Newest first: the hand-sent ones and the deadline sweep's. */
  async list(actor: Actor, id: string, query: PageQueryDto): Promise<Page<ReminderDto>> {
    const [view] = await this.assignments.views(this.db.manager, [id]);
    if (!view || !canSeeAssignment(actor, view)) throw DomainError.notFound('Assignment');
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, ['instant', 'text']);
    const rows: ReminderRow[] = await this.db.query(
      `SELECT * FROM (
         SELECT 'manual' AS kind, ${utcText('r.sent_at')} AS "sentAt", r.id::text AS key, r.message, u.display_name AS "senderName",
                su.name AS "senderUnitName", NULL AS "dueOn", NULL::int AS "offsetDays", r.sent_at AS at
         FROM sent_reminders r JOIN users u ON u.id = r.sender_user_id JOIN units su ON su.id = r.sender_unit_id
         WHERE r.assignment_id = $1
         UNION ALL
         SELECT 'automatic', ${utcText('a.sent_at')}, concat_ws('/', a.due_on, a.offset_days), NULL, NULL, NULL,
                to_char(a.due_on, 'YYYY-MM-DD'), a.offset_days, a.sent_at
         FROM assignment_reminders a WHERE a.assignment_id = $1
       ) r
       WHERE $3::text IS NULL OR (r.at, r.key COLLATE "C") < ($3::timestamp AT TIME ZONE 'UTC', $4::text COLLATE "C")
       ORDER BY r.at DESC, r.key COLLATE "C" DESC LIMIT $2`,
      [id, limit + 1, after?.[0] ?? null, after?.[1] ?? null],
    );
    return toPage(
      rows,
      limit,
      ({ key: _key, at: _at, sentAt, ...r }) => ({ ...r, sentAt: isoFromUtcText(sentAt) }),
      (r) => [r.sentAt, r.key],
    );
  }

  /** The unit the caller urges for: the plan's issuer first, else its report collector; null if neither. */
  private urgingUnit(actor: Actor, a: AssignmentView): string | null {
    for (const unitId of [a.plan.issuerUnitId, a.collectorUnitId]) {
      if (unitId !== null && rolesAt(actor, unitId).some((r) => URGING_ROLES.includes(r))) return unitId;
    }
    return null;
  }
}
