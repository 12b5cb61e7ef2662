import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { dataSourceOptions, loadConfig } from '@app/core';
import { addDays, assignmentDeadline, DeadlineSweep, planTimeEvent, reminderOffsets } from '@app/jobs';
import { ASSIGNMENT_STATES } from '@app/workflow';
import { MIGRATIONS } from '../../migrations/index.js';
import { createTestDatabase, TestDatabase } from '../support/test-database.js';

const PLAN_STATES = ['draft.editing', 'draft.submitted', 'issued', 'implementing', 'reporting', 'reviewed', 'withdrawn', 'discarded'];
const day = fc.integer({ min: 0, max: 60 }).map((n) => addDays('2016-01-10', n));
const maybeDay = fc.option(day, { nil: null });

/**
 * The sweep's SQL over the partial indexes and the per-row rules the handlers apply must agree:
 * the sweep queues exactly the rows for which the rules have something to do today.
 */
describe('the deadline sweep asks the database what the rules decide', () => {
  let database: TestDatabase;
  let source: DataSource;
  let unitId: string;
  let userId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    source = new DataSource(dataSourceOptions(database.url, MIGRATIONS));
    await source.initialize();
    [{ id: unitId }] = await source.query(`INSERT INTO units (name, short_name, kind, path, symbol_style) VALUES ('Quận ủy', 'QU', 'party_committee', '1', 'party') RETURNING id`);
    [{ id: userId }] = await source.query(`INSERT INTO users (username, display_name, password_hash) VALUES ('sweeper', 'x', 'x') RETURNING id`);
  });
  afterAll(async () => {
    await source.destroy();
    await database.drop();
  });

  const plan = fc.record({ state: fc.constantFrom(...PLAN_STATES), startsOn: maybeDay, endsOn: maybeDay, reportDueOn: maybeDay });
  const assignment = fc.record({
    state: fc.option(fc.constantFrom(...ASSIGNMENT_STATES), { nil: null }),
    dueOn: maybeDay,
    overdue: fc.boolean(),
    sent: fc.uniqueArray(fc.integer({ min: -7, max: 7 }), { maxLength: 4 }),
    sentForOlderDueDate: fc.boolean(),
  });
  const days = (max: number) => fc.uniqueArray(fc.integer({ min: 0, max }), { maxLength: 3 }).map((d) => d.join(','));

  it('for any plans, assignments, reminders already sent, settings and day', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(plan, { maxLength: 12 }),
        fc.array(assignment, { maxLength: 12 }),
        day,
        fc.record({ before: days(7), after: days(7).filter((d) => !d.split(',').includes('0')), window: fc.integer({ min: 0, max: 14 }) }),
        async (plans, assignments, today, settings) => {
          await source.query(`DELETE FROM plans`);
          const config = loadConfig({ REMINDER_DAYS_BEFORE: settings.before, REMINDER_DAYS_AFTER: settings.after, REPORT_WINDOW_DAYS: String(settings.window) });
          const offsets = reminderOffsets(config.deadlines.reminderDaysBefore, config.deadlines.reminderDaysAfter);

          const planIds: string[] = [];
          for (const p of plans) {
            const [{ id }] = await source.query(
              `INSERT INTO plans (issuer_unit_id, type, title, state, machine_version, starts_on, ends_on, report_due_on, created_by)
               VALUES ($1, 'KH', 'Kế hoạch', $2, 1, $3, $4, $5, $6) RETURNING id`,
              [unitId, p.state, p.startsOn, p.endsOn, p.reportDueOn, userId],
            );
            planIds.push(id);
          }
          const [{ id: carrier }] = await source.query(
            `INSERT INTO plans (issuer_unit_id, type, title, state, machine_version, created_by) VALUES ($1, 'KH', 'Kế hoạch', 'issued', 1, $2) RETURNING id`,
            [unitId, userId],
          );
          const assignmentIds: string[] = [];
          for (const [i, a] of assignments.entries()) {
            const [{ id }] = await source.query(
              `INSERT INTO plan_assignments (plan_id, position, assignee_unit_id, due_on, state, machine_version, overdue, cascade_path)
               VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $5::text IS NULL THEN NULL ELSE text2ltree(nextval('plan_assignments_cascade_label_seq')::text) END)
               RETURNING id`,
              [carrier, i, unitId, a.dueOn, a.state, a.state === null ? null : 1, a.overdue],
            );
            assignmentIds.push(id);
            const sentOn = a.sentForOlderDueDate ? '2015-12-01' : a.dueOn;
            for (const offset of a.dueOn === null ? [] : a.sent) {
              await source.query(`INSERT INTO assignment_reminders (assignment_id, due_on, offset_days, sent_at) VALUES ($1, $2, $3, now())`, [id, sentOn, offset]);
            }
          }

          const sweep = new DeadlineSweep(source, config);
          const expectedPlans = planIds.filter((_, i) => planTimeEvent(plans[i], today, settings.window) !== null);
          const expectedAssignments = assignmentIds.filter((_, i) => {
            const a = assignments[i];
            if (a.state === null) return false;
            const due = assignmentDeadline({ state: a.state, dueOn: a.dueOn, overdue: a.overdue }, today, offsets, a.sentForOlderDueDate ? [] : a.sent);
            return due.markOverdue || due.remind !== null;
          });
          expect((await sweep.duePlans(today)).sort()).toEqual(expectedPlans.sort());
          expect((await sweep.dueAssignments(today)).sort()).toEqual(expectedAssignments.sort());
        },
      ),
      { numRuns: 40 },
    );
  });
});
