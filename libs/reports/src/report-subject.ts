import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@app/org';
import type { SubjectKind } from '@app/transitions';
import { canSeeReport } from './report-access.js';
import { ReportRow, ReportsRepository } from './reports.repository.js';

/** Reports as a subject of the transition runner. */
@Injectable()
export class ReportSubject implements SubjectKind<ReportRow> {
  readonly type = 'report';
  readonly table = 'reports';

  constructor(private readonly reports: ReportsRepository) {}

  lock(tx: EntityManager, id: string): Promise<ReportRow | undefined> {
    return this.reports.lock(tx, id);
  }

  async visible(_tx: EntityManager, actor: Actor, row: ReportRow): Promise<boolean> {
    return canSeeReport(actor, row);
  }
}
