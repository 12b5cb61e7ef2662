import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, localDate } from '@app/core';
import { AssignmentsService, RemindersService } from '@app/delegation';
import { addDays, AssignmentDeadlines, DeadlineSweep } from '@app/jobs';
import { Actor, MembershipsService } from '@app/org';
import { CreatePlanDto, PlanEventsService, PlansService } from '@app/plans';
import { ReportEventsService, ReportsService } from '@app/reports';
import { actorOf } from './demo-actor.js';

const SIGNATURE = { authority: 'T/M' as const, onBehalfOf: 'BAN THƯỜNG VỤ', signerTitle: 'PHÓ BÍ THƯ THƯỜNG TRỰC' };

/** `date` moved on to a working day (Saturday and Sunday to the Monday after). */
function workingDay(date: string): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 6 ? addDays(date, 2) : day === 0 ? addDays(date, 1) : date;
}

/** What the demo's daily work of the Long Biên accounts is: the titles the tour (docs/demo.md) points at. */
export const DEMO_WORK = {
  dueSoon: 'Kế hoạch tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm nay',
  returned: 'Kế hoạch tuyên truyền phòng, chống tác hại của thuốc lá',
  awaiting: 'Kế hoạch học tập, quán triệt Nghị quyết Hội nghị Trung ương',
  amended: 'Kế hoạch kiểm tra, giám sát công tác tuyên truyền năm nay',
} as const;

/**
 * Who does the day's work, by demo unit key: the Long Biên district bodies on the pre-2025 tree,
 * or, after the 2025 reorganisation (DemoReorganisationSeeder), the units the same accounts act
 * for now — Hà Nội's city committee and the new wards that took Bồ Đề, Cự Khối and Đức Giang.
 */
export interface DemoWorkCast {
  issuer: string;
  /** The cascade: due soon (the ward officer's unit), a week late, in time. */
  dueSoon: string;
  late: string;
  inTime: string;
  /** The assignees of the draft awaiting approval and of the amended plan. */
  board: string;
  inspection: string;
  place: string;
  archive: string;
  basis: { numberAndSymbol: string; issuer: string };
  reminder: string;
}

const BEFORE_2025: DemoWorkCast = {
  issuer: 'lb-district-committee',
  dueSoon: 'lb-ward-bo-de',
  late: 'lb-ward-cu-khoi',
  inTime: 'lb-ward-duc-giang',
  board: 'lb-propaganda',
  inspection: 'lb-inspection',
  place: 'Long Biên',
  archive: 'Lưu Văn phòng Quận ủy',
  basis: { numberAndSymbol: '05-KH/BTGTU', issuer: 'Ban Tuyên giáo Thành ủy' },
  reminder: 'Đề nghị Đảng ủy phường Cự Khối khẩn trương báo cáo kết quả thực hiện Kế hoạch.',
};

const AFTER_2025: DemoWorkCast = {
  issuer: 'hn-city-committee',
  dueSoon: 'hn-ward-bo-de',
  late: 'hn-ward-long-bien',
  inTime: 'hn-ward-viet-hung',
  board: 'hn-propaganda',
  inspection: 'hn-propaganda',
  place: 'Hà Nội',
  archive: 'Lưu Văn phòng Thành ủy',
  basis: { numberAndSymbol: '05-KH/BTGDVTW', issuer: 'Ban Tuyên giáo và Dân vận Trung ương' },
  reminder: 'Đề nghị Đảng ủy phường Long Biên khẩn trương báo cáo kết quả thực hiện Kế hoạch.',
};

/**
 * Work for every demo account at its first sign-in, done the way real work is done — the
 * accounts act through the plan, assignment, report and reminder services and the transition
 * runner, and the deadline sweep's own handler flags what is late — so every step is audited:
 *  - lb.ward.officer: an assignment due in a working day or two, and a report returned to it;
 *  - lb.monitor: a cascade with an overdue ward, already reminded by hand;
 *  - lb.secretary: a draft submitted for approval;
 *  - lb.auditor: a plan returned once, issued, then amended, and the histories above.
 * Kept apart from DemoPlansSeeder (the seed documents) on purpose. `reorganised`: done by today's
 * units after the 2025 reorganisation (the default demo), else by the pre-2025 district bodies.
 */
@Injectable()
export class DemoWorkSeeder {
  private readonly logger = new Logger(DemoWorkSeeder.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly memberships: MembershipsService,
    private readonly plans: PlansService,
    private readonly planEvents: PlanEventsService,
    private readonly assignments: AssignmentsService,
    private readonly reports: ReportsService,
    private readonly reportEvents: ReportEventsService,
    private readonly reminders: RemindersService,
    private readonly sweep: DeadlineSweep,
    private readonly deadlines: AssignmentDeadlines,
    private readonly clock: Clock,
  ) {}

  async seed(units: Map<string, string>, { reorganised }: { reorganised: boolean }): Promise<void> {
    const cast = reorganised ? AFTER_2025 : BEFORE_2025;
    const as = async (username: string) => actorOf(this.db, this.memberships, username);
    const [drafter, secretary, monitor, ward] = await Promise.all(['lb.drafter', 'lb.secretary', 'lb.monitor', 'lb.ward.officer'].map(as));
    const unit = (key: string) => units.get(key)!;
    const today = localDate(this.clock.now());

    // The monitor's cascade: Bồ Đề due in a working day or two, Cự Khối (after 2025: Long Biên) a week late.
    const dueSoon = await this.issued(drafter, secretary, this.plan(unit, cast, DEMO_WORK.dueSoon, today, [
      { unitKey: cast.dueSoon, dueOn: workingDay(addDays(today, 2)) },
      { unitKey: cast.late, dueOn: addDays(today, -7) },
      { unitKey: cast.inTime, dueOn: addDays(today, 10) },
    ]));
    const late = dueSoon.find((a) => a.assigneeUnitId === unit(cast.late))!;
    // What the queue's worker does for the day's sweep: flag the late assignment (and its automatic reminder).
    for (const id of await this.sweep.dueAssignments(today)) await this.deadlines.run(id);
    await this.reminders.send(monitor, { assignmentIds: [late.id], message: cast.reminder });

    // The ward officer's returned report.
    const [returnedAssignment] = await this.issued(drafter, secretary, this.plan(unit, cast, DEMO_WORK.returned, today, [{ unitKey: cast.dueSoon, dueOn: addDays(today, 14) }]));
    await this.assignments.send(ward, returnedAssignment.id, { type: 'ACKNOWLEDGE', expectedVersion: returnedAssignment.version });
    const reportId = await this.reports.create(ward, returnedAssignment.id, { results: 'Đã treo 20 băng rôn tại các tuyến phố chính.' }, false);
    await this.reportEvents.send(ward, reportId, { type: 'SUBMIT', expectedVersion: 1 });
    await this.reportEvents.send(monitor, reportId, {
      type: 'RETURN', expectedVersion: 2, comment: 'Đề nghị bổ sung số buổi sinh hoạt chuyên đề và số lượt người tham gia.',
    });

    // The secretary's inbox: a draft submitted for approval.
    const awaiting = await this.plans.create(drafter, this.plan(unit, cast, DEMO_WORK.awaiting, today, [{ unitKey: cast.board, dueOn: addDays(today, 30) }]));
    await this.planEvents.send(drafter, awaiting.id, { type: 'SUBMIT', expectedVersion: awaiting.version });

    // The auditor's history: returned once, issued, then amended.
    const amended = await this.plans.create(drafter, this.plan(unit, cast, DEMO_WORK.amended, today, [{ unitKey: cast.inspection, dueOn: addDays(today, 45) }]));
    await this.planEvents.send(drafter, amended.id, { type: 'SUBMIT', expectedVersion: 1 });
    await this.planEvents.send(secretary, amended.id, { type: 'RETURN', expectedVersion: 2, comment: 'Đề nghị bổ sung nội dung kiểm tra việc thực hiện tại các phường.' });
    const redone = await this.plans.update(drafter, amended.id, { expectedVersion: 3, purposes: ['Kiểm tra, giám sát công tác tuyên truyền tại cơ quan và các phường.'] });
    await this.planEvents.send(drafter, amended.id, { type: 'SUBMIT', expectedVersion: redone.version });
    await this.planEvents.send(secretary, amended.id, { type: 'ISSUE', expectedVersion: redone.version + 1, signature: SIGNATURE });
    const amendment = await this.plans.amend(drafter, amended.id);
    await this.planEvents.send(drafter, amendment.id, { type: 'SUBMIT', expectedVersion: amendment.version });
    await this.planEvents.send(secretary, amendment.id, { type: 'ISSUE', expectedVersion: amendment.version + 1, signature: SIGNATURE });

    this.logger.log(`Demo data: daily work for the Long Biên accounts at ${reorganised ? 'today\'s units' : 'the pre-2025 district'} (due soon, overdue and reminded, returned, awaiting approval, amended)`);
  }

  /** Drafts, submits and issues; returns the plan's tracked assignments. */
  private async issued(drafter: Actor, secretary: Actor, dto: CreatePlanDto): Promise<{ id: string; assigneeUnitId: string; version: number }[]> {
    const plan = await this.plans.create(drafter, dto);
    await this.planEvents.send(drafter, plan.id, { type: 'SUBMIT', expectedVersion: plan.version });
    await this.planEvents.send(secretary, plan.id, { type: 'ISSUE', expectedVersion: plan.version + 1, signature: SIGNATURE });
    return this.assignments.forPlan(secretary, plan.id);
  }

  /** A plan of the cast's issuer (the Long Biên district committee, or Hà Nội's city committee), complete enough to submit. */
  private plan(unit: (key: string) => string, cast: DemoWorkCast, title: string, today: string, assignments: { unitKey: string; dueOn: string }[]): CreatePlanDto {
    const last = assignments.map((a) => a.dueOn).sort().at(-1)!;
    return {
      issuerUnitId: unit(cast.issuer),
      type: 'KH',
      title,
      place: cast.place,
      basis: [{ external: { type: 'KH', ...cast.basis, issuedOn: addDays(today, -30), title } }],
      purposes: ['Tổ chức thực hiện nghiêm túc, đúng tiến độ; báo cáo kết quả đầy đủ.'],
      phases: [{ title: 'Triển khai', startsOn: addDays(today, -10), endsOn: last, items: ['Phổ biến, quán triệt đến cán bộ, đảng viên'] }],
      forms: [{ title: 'Tuyên truyền trực quan', items: ['Băng rôn, khẩu hiệu tại các tuyến phố chính'] }],
      assignments: assignments.map((a) => ({ assigneeUnitId: unit(a.unitKey), responsibilities: ['Triển khai thực hiện và báo cáo kết quả'], requiresOwnPlan: false, dueOn: a.dueOn, subAssignments: [] })),
      reportDuty: { collectorUnitId: unit(cast.issuer), dueOn: last, periodic: false },
      footnotes: [],
      recipients: [
        ...assignments.map((a) => ({ unitId: unit(a.unitKey), purpose: 'implement' as const })),
        { name: cast.archive, purpose: 'archive' as const },
      ],
    } as CreatePlanDto;
  }
}
