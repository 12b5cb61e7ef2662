import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MembershipsService } from '@app/org';
import { ReorganisationsService, type ReorganisationResult } from '@app/reorganisation';
import { actorOf } from './demo-actor.js';
import { DEMO_TREE, type DemoUnit } from './demo-tree.js';

/** The day the two-level local government began (Resolution 202/2025/QH15 and the UBTVQH resolutions on communes). */
export const DEMO_REORGANISATION_DAY = '2025-07-01';

const ward = (name: string, parentKey: string) => ({ name, shortName: 'ĐU', kind: 'grassroots_committee', parentKey, symbolStyle: 'party' as const });

/**
 * The 2025 change over the demo tree. The seeds' bodies stay as they were until 30 June 2025.
 * - Hà Nội: the district level ends; Long Biên's 14 wards become four wards directly under the
 *   city committee. The four names are those of the new wards (Resolution 1656/NQ-UBTVQH15);
 *   which old wards went into which is ILLUSTRATIVE, not the resolution's exact boundaries.
 * - Bắc Giang and Bắc Ninh merge as Bắc Ninh (Resolution 202/2025/QH15). The demo has no Bắc
 *   Ninh committee, so Tỉnh ủy Bắc Giang continues renamed "Tỉnh ủy Bắc Ninh" (a simplification:
 *   really a new committee formed from both); its propaganda board becomes the merged Ban Tuyên
 *   giáo và Dân vận. Lục Ngạn's four communes become two communes under the province; the pairing
 *   and the second name are ILLUSTRATIVE.
 * - Every other district body (standing committee, boards, people's committee and its offices,
 *   front, mass organisations) is dissolved with its open work passed to the body above it: the
 *   city's or province's committee, or its propaganda board for the district's boards.
 * Bình Định's bloc committee and Kon Tum's economic-zone board (Gia Lai and Quảng Ngãi after the
 * merger) are left as they are.
 */
const MERGES: { from: string[]; into: ReturnType<typeof ward> }[] = [
  { from: ['lb-ward-bo-de', 'lb-ward-ngoc-lam', 'lb-ward-ngoc-thuy', 'lb-ward-gia-thuy'], into: ward('Đảng ủy phường Bồ Đề', 'hn-city-committee') },
  { from: ['lb-ward-viet-hung', 'lb-ward-duc-giang', 'lb-ward-giang-bien', 'lb-ward-thuong-thanh'], into: ward('Đảng ủy phường Việt Hưng', 'hn-city-committee') },
  { from: ['lb-ward-phuc-loi', 'lb-ward-phuc-dong', 'lb-ward-sai-dong', 'lb-ward-thach-ban'], into: ward('Đảng ủy phường Phúc Lợi', 'hn-city-committee') },
  { from: ['lb-ward-long-bien', 'lb-ward-cu-khoi'], into: ward('Đảng ủy phường Long Biên', 'hn-city-committee') },
  { from: ['ln-commune-bien-dong', 'ln-commune-kien-lao'], into: ward('Đảng ủy xã Biển Động', 'bg-provincial-committee') },
  { from: ['ln-commune-nam-duong', 'ln-commune-quy-son'], into: ward('Đảng ủy xã Nam Dương', 'bg-provincial-committee') },
];
const RENAMES = [
  { key: 'bg-provincial-committee', name: 'Tỉnh ủy Bắc Ninh', shortName: 'TU' },
  { key: 'bg-propaganda', name: 'Ban Tuyên giáo và Dân vận Tỉnh ủy Bắc Ninh', shortName: 'BTGDVTU' },
];
const DISTRICTS = [
  { key: 'lb-district-committee', committee: 'hn-city-committee', board: 'hn-propaganda' },
  { key: 'ln-district-committee', committee: 'bg-provincial-committee', board: 'bg-propaganda' },
];

function find(units: DemoUnit[], key: string): DemoUnit | undefined {
  for (const u of units) {
    if (u.key === key) return u;
    const below = find(u.children ?? [], key);
    if (below) return below;
  }
  return undefined;
}

/** The demo's 2025 reorganisation as one request (units by demo key → id). */
export function demoReorganisation(ids: Map<string, string>): { effectiveOn: string; changes: unknown[] } {
  const id = (key: string) => ids.get(key)!;
  const merged = new Set(MERGES.flatMap((m) => m.from));
  const changes: unknown[] = MERGES.map((m) => ({
    kind: 'merge',
    from: m.from.map(id),
    into: { name: m.into.name, shortName: m.into.shortName, kind: m.into.kind, parentId: id(m.into.parentKey), symbolStyle: m.into.symbolStyle },
  }));
  changes.push(...RENAMES.map((r) => ({ kind: 'rename', unitId: id(r.key), name: r.name, shortName: r.shortName })));
  for (const district of DISTRICTS) {
    const walk = (unit: DemoUnit): void => {
      if (merged.has(unit.key)) return;
      const board = /-(propaganda|mass-mobilisation)$/.test(unit.key);
      changes.push({ kind: 'dissolve', unitId: id(unit.key), successorId: id(board ? district.board : district.committee) });
      (unit.children ?? []).forEach(walk);
    };
    walk(find(DEMO_TREE, district.key)!);
  }
  return { effectiveOn: DEMO_REORGANISATION_DAY, changes };
}

/**
 * Records the 2025 reorganisation over a freshly seeded demo (after its seed plans), as the
 * demo admin through the one reorganisation path: the seed plans keep their issuers as they
 * were, their open work passes to today's units with a HANDOVER each.
 */
@Injectable()
export class DemoReorganisationSeeder {
  private readonly logger = new Logger(DemoReorganisationSeeder.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly memberships: MembershipsService,
    private readonly reorganisations: ReorganisationsService,
  ) {}

  async seed(ids: Map<string, string>, adminUsername: string): Promise<ReorganisationResult> {
    const admin = await actorOf(this.db, this.memberships, adminUsername);
    const result = await this.reorganisations.submit(admin, demoReorganisation(ids), false);
    this.logger.log(`Demo data: the 2025 reorganisation, ${result.touched.units} units and ${result.handovers.length} open items handed over`);
    return result;
  }
}
