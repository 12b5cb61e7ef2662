import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/core';
import { AWAITING_REPORT_STATES } from '@app/workflow';
import { reminderOffsets } from './deadline-rules.js';

/** The awaiting states as SQL literals (code constants, never input), so the partial indexes apply. */
const AWAITING = AWAITING_REPORT_STATES.map((s) => `'${s}'`).join(', ');

/**
 * "What is due today" as queries over the partial indexes of the migration TrackDeadlines.
 * They ask exactly what deadline-rules.ts decides for one row; a test holds them together.
 */
@Injectable()
export class DeadlineSweep {
  private readonly offsets: number[];

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.offsets = reminderOffsets(config.deadlines.reminderDaysBefore, config.deadlines.reminderDaysAfter);
  }

  /** Plans due to start, or whose report window has opened. */
  async duePlans(today: string): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM plans WHERE state = 'issued' AND starts_on <= $1::date
       UNION
       SELECT id FROM plans WHERE state IN ('issued', 'implementing') AND report_due_on <= $1::date + $2::int
         AND (starts_on IS NULL OR starts_on <= $1::date)
       UNION
       SELECT id FROM plans WHERE state IN ('issued', 'implementing') AND report_due_on IS NULL AND ends_on < $1::date`,
      [today, this.config.deadlines.reportWindowDays],
    );
    return rows.map((r) => r.id);
  }

  /** Assignments still owing their report that are past due and not yet flagged, or have a reminder due and unsent. */
  async dueAssignments(today: string): Promise<string[]> {
    const overdue: { id: string }[] = await this.db.query(
      `SELECT id FROM plan_assignments WHERE state IN (${AWAITING}) AND NOT overdue AND due_on < $1::date`,
      [today],
    );
    if (this.offsets.length === 0) return overdue.map((r) => r.id);
    const reminded: { id: string }[] = await this.db.query(
      `SELECT a.id FROM plan_assignments a
       CROSS JOIN LATERAL (SELECT max(o) AS o FROM unnest($2::int[]) o WHERE a.due_on + o <= $1::date) latest
       WHERE a.state IN (${AWAITING}) AND a.due_on BETWEEN $1::date - $3::int AND $1::date + $4::int
         AND latest.o IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM assignment_reminders r WHERE r.assignment_id = a.id AND r.due_on = a.due_on AND r.offset_days = latest.o)`,
      [today, this.offsets, Math.max(0, ...this.offsets), Math.max(0, ...this.offsets.map((o) => -o))],
    );
    return [...new Set([...overdue, ...reminded].map((r) => r.id))];
  }
}
