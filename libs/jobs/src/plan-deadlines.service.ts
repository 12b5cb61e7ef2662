import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, Clock, localDate, type AppConfig } from '@app/core';
import { PlanEventsService } from '@app/plans';
import { planTimeEvent, type PlanDates, type PlanTimeEvent } from './deadline-rules.js';

/** Moves a plan when its dates come: START on its first phase's start date, OPEN_REPORTING when its report window opens. */
@Injectable()
export class PlanDeadlines {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly planEvents: PlanEventsService,
  ) {}

  /**
   * One transaction, the plan locked: each event due today is sent through the plan's own
   * transition path as the system actor (at most START then OPEN_REPORTING). Running it again,
   * here or on another instance, finds the plan moved and sends nothing.
   */
  run(planId: string): Promise<PlanTimeEvent[]> {
    const today = localDate(this.clock.now());
    return this.db.transaction(async (tx) => {
      const sent: PlanTimeEvent[] = [];
      for (let step = 0; step < 2; step++) {
        const [plan]: PlanDates[] = await tx.query(
          `SELECT state, to_char(starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(ends_on, 'YYYY-MM-DD') AS "endsOn",
                  to_char(report_due_on, 'YYYY-MM-DD') AS "reportDueOn"
           FROM plans WHERE id = $1 FOR UPDATE`,
          [planId],
        );
        const event = plan ? planTimeEvent(plan, today, this.config.deadlines.reportWindowDays) : null;
        if (event === null) break;
        await this.planEvents.sendAsSystem(tx, planId, event);
        sent.push(event);
      }
      return sent;
    });
  }
}
