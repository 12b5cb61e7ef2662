import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { readFile } from 'node:fs/promises';
import { DataSource } from 'typeorm';
import { repoPath } from '@app/import';
import { MembershipsService } from '@app/org';
import { PlanEventsService, PlanImportService, PlansService } from '@app/plans';
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
 * The four seed documents as the issued plans they are: each imported by the issuer's
 * drafter, completed where the document leaves out what a plan needs (an audited edit), and
 * registered by that drafter as already issued (REGISTER) with the number, date and signer
 * the copy prints, through the plan services and the transition runner, so their histories
 * read like any plan's and their assignments are tracked. Never re-issued under today's
 * number and date: 17-KH/QU stays the Long Biên plan of 29 December 2015. What a web copy
 * does not print (a date, a number) is left unknown, never made up.
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
  ) {}

  /** Returns the ids of the issued plans, in the order of DEMO_PLANS. */
  async seed(units: Map<string, string>): Promise<string[]> {
    const ids: string[] = [];
    for (const demo of DEMO_PLANS) ids.push(await this.issue(demo, units));
    this.logger.log(`Demo data: ${ids.length} plans imported from the seed documents and registered as issued`);
    return ids;
  }

  private async issue(demo: DemoPlan, units: Map<string, string>): Promise<string> {
    const issuerId = units.get(demo.issuerKey)!;
    const drafter = await actorOf(this.db, this.memberships, demo.drafter);
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
    // The signature block as printed (the seed's own, else the demo's reading of the copy), with the signer the copy names.
    const own = parsed.signature;
    const block = demo.signature ?? { authority: own?.authority as 'T/M' | undefined, onBehalfOf: own?.onBehalfOf, signerTitle: own?.signerTitle };
    const signature = { ...block, ...(own?.signerName ? { signerName: own.signerName } : {}) };
    await this.events.send(drafter, plan.id, {
      type: 'REGISTER',
      expectedVersion: current.version,
      registration: {
        ...(parsed.numberAndSymbol ? { numberAndSymbol: parsed.numberAndSymbol } : {}),
        ...(parsed.issuedOn ? { issuedOn: parsed.issuedOn } : {}),
        signature,
        lands: 'issued',
      },
    });
    return plan.id;
  }
}
