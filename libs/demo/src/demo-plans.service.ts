import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { readFile } from 'node:fs/promises';
import { DataSource } from 'typeorm';
import { Clock, localDate } from '@app/core';
import { repoPath } from '@app/import';
import { MembershipsService } from '@app/org';
import { continueNumberingAfter, PlanEventsService, PlanImportService, PlansService } from '@app/plans';
import { actorOf } from './demo-actor.js';

/** A seed document and who issues it in the demo tree. */
interface DemoPlan {
  seed: string;
  issuerKey: string;
  drafter: string;
  secretary: string;
  /** Where the seed has no signature block (a web copy) or only the signer's name: not in the seed. */
  signature?: { authority: 'T/M' | 'TM.'; onBehalfOf: string; signerTitle: string };
  /** The seed names no recipient (a web copy): addressed to the body it reports to. */
  reportsToKey?: string;
}

export const DEMO_PLANS: DemoPlan[] = [
  { seed: 'long-bien-district-2015-17-KH-QU-congress-xii.txt', issuerKey: 'lb-district-committee', drafter: 'lb.drafter', secretary: 'lb.secretary' },
  { seed: 'luc-ngan-district-2021-after-congress-xiii.txt', issuerKey: 'ln-district-committee', drafter: 'ln.drafter', secretary: 'ln.secretary' },
  {
    seed: 'bloc-committee-2024-10-KH-DUK-toward-congress-xiv.txt', issuerKey: 'bd-bloc-committee', drafter: 'duk.drafter', secretary: 'duk.secretary',
    signature: { authority: 'T/M', onBehalfOf: 'BAN THƯỜNG VỤ', signerTitle: 'PHÓ BÍ THƯ' },
  },
  {
    seed: 'kon-tum-economic-zone-2020-17-KH-BQLKKT-toward-congress-xiii.txt', issuerKey: 'kt-ezone-board', drafter: 'kt.drafter', secretary: 'kt.secretary',
    signature: { authority: 'TM.', onBehalfOf: 'BAN QUẢN LÝ KHU KINH TẾ', signerTitle: 'PHÓ TRƯỞNG BAN' }, reportsToKey: 'kt-people-committee',
  },
];

/**
 * The four seed documents as issued plans of their issuers: each imported by the issuer's
 * drafter, completed where the document leaves out what SUBMIT requires (an audited edit),
 * submitted and issued by its secretary, all through the plan services and the transition
 * runner, so their histories read like any plan's and their assignments are tracked.
 */
@Injectable()
export class DemoPlansSeeder {
  private readonly logger = new Logger(DemoPlansSeeder.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly memberships: MembershipsService,
    private readonly imports: PlanImportService,
    private readonly plans: PlansService,
    private readonly events: PlanEventsService,
    private readonly clock: Clock,
  ) {}

  /** Returns the ids of the issued plans, in the order of DEMO_PLANS. */
  async seed(units: Map<string, string>): Promise<string[]> {
    const ids: string[] = [];
    for (const demo of DEMO_PLANS) ids.push(await this.issue(demo, units));
    this.logger.log(`Demo data: ${ids.length} issued plans imported from the seed documents`);
    return ids;
  }

  private async issue(demo: DemoPlan, units: Map<string, string>): Promise<string> {
    const issuerId = units.get(demo.issuerKey)!;
    const drafter = await actorOf(this.db, this.memberships, demo.drafter);
    const secretary = await actorOf(this.db, this.memberships, demo.secretary);
    const text = await readFile(repoPath('seeds', demo.seed), 'utf8');
    const { plan, parsed, report } = await this.imports.importText(drafter, issuerId, text);

    // What SUBMIT requires and the document does not say: a report deadline (the last date
    // its phases name) and, for a copy without "Nơi nhận", the body it reports to.
    const patch: Parameters<PlansService['update']>[2] = {};
    if (!plan.reportDuty) {
      const dates = plan.phases.flatMap((p) => [p.startsOn, p.endsOn]).filter((d): d is string => d !== undefined).sort();
      patch.reportDuty = { collectorUnitId: report.reportDuty?.collectorUnitId ?? issuerId, dueOn: dates[dates.length - 1], periodic: report.reportDuty?.periodic ?? false };
    }
    if (plan.recipients.length === 0 && demo.reportsToKey) patch.recipients = [{ unitId: units.get(demo.reportsToKey)!, purpose: 'report' }];
    if (Object.keys(patch).length) await this.plans.update(drafter, plan.id, { ...patch, expectedVersion: plan.version });

    const current = await this.plans.get(drafter, plan.id);
    await this.events.send(drafter, plan.id, { type: 'SUBMIT', expectedVersion: current.version });
    // The register continues from the document's own number (17-KH/QU is the issuer's 17th plan).
    const number = Number(parsed.numberAndSymbol?.match(/^\d+/)?.[0]);
    if (number > 1) await continueNumberingAfter(this.db.manager, issuerId, parsed.type, number - 1, localDate(this.clock.now()));
    const own = parsed.signature;
    const signature = demo.signature ?? { authority: own!.authority as 'T/M', onBehalfOf: own!.onBehalfOf!, signerTitle: own!.signerTitle! };
    await this.events.send(secretary, plan.id, { type: 'ISSUE', expectedVersion: current.version + 1, signature });
    return plan.id;
  }
}
