import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MembershipsService } from '@app/org';
import { ReorganisationsService, type ReorganisationResult } from '@app/reorganisation';
import { actorOf } from './demo-actor.js';
import { DEMO_TREE, type DemoUnit } from './demo-tree.js';

/** The day the two-level local government began (Resolution 202/2025/QH15 and the UBTVQH resolutions on communes). */
export const DEMO_REORGANISATION_DAY = '2025-07-01';

/** Sài Đồng's end, the one earlier change the demo records (Resolution 1286/NQ-UBTVQH15, from 1 January 2025). */
export const DEMO_SAI_DONG_DAY = '2025-01-01';

interface NewUnit { key: string; name: string; shortName: string; kind: string; parentKey: string; symbolStyle: 'party' }
const committee = (key: string, name: string, parentKey: string): NewUnit => ({ key, name, shortName: 'ĐU', kind: 'grassroots_committee', parentKey, symbolStyle: 'party' });

/*
 * Sources (texts of the resolutions as published on thuvienphapluat.vn, converted to markdown in
 * https://github.com/dvhcvn/20250701/tree/main/input/docs, with its old → new mapping in
 * mapping/splits.json):
 *  - 1656/NQ-UBTVQH15 of 16 June 2025, Hà Nội's communes and wards, art. 1 cl. 39–42:
 *    https://github.com/dvhcvn/20250701/blob/main/input/docs/1656_NQ-UBTVQH15.md
 *  - 1658/NQ-UBTVQH15 of 16 June 2025, Bắc Ninh's (after the merger with Bắc Giang), art. 1 cl. 29, 36, 37, 87:
 *    https://github.com/dvhcvn/20250701/blob/main/input/docs/1658_NQ-UBTVQH15.md
 *  - 202/2025/QH15 of 12 June 2025 (provinces), cited by both; Bắc Giang + Bắc Ninh → Bắc Ninh.
 *  - Sài Đồng: 1286/NQ-UBTVQH15 (Hà Nội, 2023–2025 round, in force 1 January 2025) split it, as the district planned, between
 *    Phúc Lợi (0.73 km², 13,092 people) and Phúc Đồng (0.13 km², 4,817):
 *    https://danviet.vn/quan-long-bien-giam-1-phuong-sau-khi-sap-xep-don-vi-hanh-chinh-20240331092434036.htm
 *    (gone from https://github.com/daohoangson/dvhcvn's list of 1 January 2025, tag v20250101b).
 * The resolutions move land and people, and split many old wards between new ones; the demo moves
 * Party committees whole, so each old ward goes to ONE new ward: the one that takes its name, else
 * the one that takes what remains of it ("phần còn lại"), else the first clause that names it.
 * Wards split by the resolution are marked "split" below: there the pairing is the demo's choice.
 */
export const DEMO_MERGES: { from: string[]; into: NewUnit }[] = [
  // cl. 40: all of Ngọc Lâm; Bồ Đề's and Ngọc Thụy's people (Hồng Hà and Long Biên take only land of them).
  { from: ['lb-ward-bo-de', 'lb-ward-ngoc-lam', 'lb-ward-ngoc-thuy'], into: committee('hn-ward-bo-de', 'Đảng ủy phường Bồ Đề', 'hn-city-committee') },
  // cl. 41: part of Việt Hưng (split, rest to Phúc Lợi); the rest of Gia Thụy, Đức Giang, Thượng Thanh (split, parts to Bồ Đề, Long Biên).
  { from: ['lb-ward-viet-hung', 'lb-ward-gia-thuy', 'lb-ward-duc-giang', 'lb-ward-thuong-thanh'], into: committee('hn-ward-viet-hung', 'Đảng ủy phường Việt Hưng', 'hn-city-committee') },
  // cl. 42: the rest of Phúc Lợi (land only to Việt Hưng), Giang Biên and Phúc Đồng (split, parts to Việt Hưng, Long Biên, Bồ Đề).
  { from: ['lb-ward-phuc-loi', 'lb-ward-giang-bien', 'lb-ward-phuc-dong'], into: committee('hn-ward-phuc-loi', 'Đảng ủy phường Phúc Lợi', 'hn-city-committee') },
  // cl. 39: all of Long Biên's people; part of Cự Khối and Thạch Bàn (split, the rest to xã Bát Tràng, xã Gia Lâm, Phúc Lợi).
  { from: ['lb-ward-long-bien', 'lb-ward-cu-khoi', 'lb-ward-thach-ban'], into: committee('hn-ward-long-bien', 'Đảng ủy phường Long Biên', 'hn-city-committee') },
  // 1658 cl. 29: thị trấn Biển Động, xã Kim Sơn, xã Phú Nhuận → xã Biển Động.
  { from: ['ln-commune-bien-dong'], into: committee('bn-commune-bien-dong', 'Đảng ủy xã Biển Động', 'bg-provincial-committee') },
  // 1658 cl. 37: xã Kiên Thành, xã Kiên Lao → xã Kiên Lao.
  { from: ['ln-commune-kien-lao'], into: committee('bn-commune-kien-lao', 'Đảng ủy xã Kiên Lao', 'bg-provincial-committee') },
  // 1658 cl. 36: xã Tân Mộc, xã Nam Dương → xã Nam Dương.
  { from: ['ln-commune-nam-duong'], into: committee('bn-commune-nam-duong', 'Đảng ủy xã Nam Dương', 'bg-provincial-committee') },
  // 1658 cl. 87: phường Phượng Sơn, xã Quý Sơn, xã Mỹ An → phường Phượng Sơn.
  { from: ['ln-commune-quy-son'], into: committee('bn-ward-phuong-son', 'Đảng ủy phường Phượng Sơn', 'bg-provincial-committee') },
];
/** Sài Đồng, 1 January 2025: to Phúc Lợi, which took most of its people (a split in the resolution). */
const SAI_DONG = { unitKey: 'lb-ward-sai-dong', successorKey: 'lb-ward-phuc-loi' };
const RENAMES = [
  // 202/2025/QH15: the merged province keeps the name Bắc Ninh (the demo has no Bắc Ninh committee: see the class comment).
  { key: 'bg-provincial-committee', name: 'Tỉnh ủy Bắc Ninh', shortName: 'TU' },
  // The propaganda and mass-mobilisation boards merged in 2025 (earlier in the year; recorded here on the same day).
  { key: 'bg-propaganda', name: 'Ban Tuyên giáo và Dân vận Tỉnh ủy Bắc Ninh', shortName: 'BTGDVTU' },
  { key: 'hn-propaganda', name: 'Ban Tuyên giáo và Dân vận Thành ủy Hà Nội', shortName: 'BTGDVTU' },
];
/*
 * Every other district body (standing committee, boards, people's committee and its offices,
 * front, mass organisations) is dissolved with its open work passed to the body above it: the
 * city's or province's committee, or its propaganda board for the district's boards. The demo has
 * no Bắc Ninh committee, so Tỉnh ủy Bắc Giang continues renamed "Tỉnh ủy Bắc Ninh" (a
 * simplification: really a new committee formed from both). Bình Định's bloc committee and Kon
 * Tum's economic-zone board are left as they are. Not recorded: on 1 January 2025 Kiên Lao, Nam
 * Dương and Quý Sơn passed to the new thị xã Chũ and Biển Động became a township
 * (1191/NQ-UBTVQH15 of 28 September 2024); the demo keeps them under Lục Ngạn until 30 June 2025.
 */
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

type Request = { effectiveOn: string; changes: unknown[] };

/** Sài Đồng's end on 1 January 2025 as one request (units by demo key → id). */
export function demoSaiDongReorganisation(ids: Map<string, string>): Request {
  return { effectiveOn: DEMO_SAI_DONG_DAY, changes: [{ kind: 'dissolve', unitId: ids.get(SAI_DONG.unitKey)!, successorId: ids.get(SAI_DONG.successorKey)! }] };
}

/** The demo's 1 July 2025 reorganisation as one request (units by demo key → id). */
export function demoReorganisation(ids: Map<string, string>): Request {
  const id = (key: string) => ids.get(key)!;
  const handled = new Set([...DEMO_MERGES.flatMap((m) => m.from), SAI_DONG.unitKey]);
  const changes: unknown[] = DEMO_MERGES.map((m) => ({
    kind: 'merge',
    from: m.from.map(id),
    into: { name: m.into.name, shortName: m.into.shortName, kind: m.into.kind, parentId: id(m.into.parentKey), symbolStyle: m.into.symbolStyle },
  }));
  changes.push(...RENAMES.map((r) => ({ kind: 'rename', unitId: id(r.key), name: r.name, shortName: r.shortName })));
  for (const district of DISTRICTS) {
    const walk = (unit: DemoUnit): void => {
      if (handled.has(unit.key)) return;
      const board = /-(propaganda|mass-mobilisation)$/.test(unit.key);
      changes.push({ kind: 'dissolve', unitId: id(unit.key), successorId: id(board ? district.board : district.committee) });
      (unit.children ?? []).forEach(walk);
    };
    walk(find(DEMO_TREE, district.key)!);
  }
  return { effectiveOn: DEMO_REORGANISATION_DAY, changes };
}

/**
 * Records the 2025 reorganisation over a freshly seeded demo (after its seed plans, before the
 * day's work), as the demo admin through the one reorganisation path: Sài Đồng's end on
 * 1 January, then the two-level change of 1 July. The seed plans keep their issuers as they were;
 * their open work passes to today's units with a HANDOVER each. Adds the new units to `ids`
 * under their keys (DEMO_MERGES, e.g. `hn-ward-bo-de`) and returns the 1 July result.
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
    const saiDong = await this.reorganisations.submit(admin, demoSaiDongReorganisation(ids), false);
    const result = await this.reorganisations.submit(admin, demoReorganisation(ids), false);
    // Created in the order of the merges, which come first in the request.
    DEMO_MERGES.forEach((m, i) => ids.set(m.into.key, result.units.created[i]));
    const handed = saiDong.handovers.length + result.handovers.length;
    this.logger.log(`Demo data: the 2025 reorganisation, ${result.touched.units + saiDong.touched.units} units and ${handed} open items handed over`);
    return result;
  }
}
