/*
 * Demo organisation tree and demo accounts. Pure data, no imports.
 *
 * Names, abbreviations and signers come from the four real plans in shared/seeds/:
 *   - Long Biên:  17-KH/QU of Ban Thường vụ Quận ủy Long Biên (29/12/2015), citing
 *                 02-KH/BTGTU of Ban Tuyên giáo Thành ủy Hà Nội; signer Nguyễn Huy Thắng.
 *   - Lục Ngạn:   plan of Ban Thường vụ Huyện ủy Lục Ngạn (2021), citing 19-KH/TU of
 *                 Ban Thường vụ Tỉnh ủy Bắc Giang; signer Cao Văn Hoàn.
 *   - Bình Định:  10-KH/ĐUK of Ban Thường vụ Đảng ủy Khối cơ quan và doanh nghiệp tỉnh
 *                 (2024), citing 124-HD/BTGTU; signer Bùi Quang Nhựt.
 *   - Kon Tum:    17/KH-BQLKKT of Ban Quản lý Khu kinh tế tỉnh Kon Tum (2020), citing
 *                 189/KH-UBND of UBND tỉnh.
 * Where a seed names a group rather than its members (wards, communes, grassroots
 * organisations, mass organisations, sub-units), real or plausible members are used;
 * these are marked "not named in the seed". Other account names are invented.
 *
 * Document symbols: under 36-HD/VPTW, documents of a committee's standing committee carry
 * the committee's own abbreviation (17-KH/QU is issued by Ban Thường vụ Quận ủy), so
 * standing committees share their committee's shortName.
 */

export type DemoUnitKind =
  | 'party_committee'
  | 'standing_committee'
  | 'department'
  | 'people_committee'
  | 'state_body'
  | 'front'
  | 'mass_organisation'
  | 'grassroots_committee'
  | 'party_cell';

export interface DemoUnit {
  /** stable key used by demo accounts and tests, kebab-case ascii, unique in the whole tree */
  key: string;
  /** full Vietnamese name with diacritics, as the documents write it, e.g. 'Quận ủy Long Biên' */
  name: string;
  /** the abbreviation used in document symbols, e.g. 'QU', 'TU', 'ĐUK', 'BTGTU', 'BQLKKT', 'UBND' */
  shortName: string;
  kind: DemoUnitKind;
  /** 'party' for Party bodies (symbol like 17-KH/QU), 'state' for state bodies (17/KH-BQLKKT) */
  symbolStyle: 'party' | 'state';
  children?: DemoUnit[];
}

export const DEMO_TREE: DemoUnit[] = [
  // 1. Hà Nội → Long Biên (seed 17-KH/QU)
  {
    key: 'hn-city-committee',
    name: 'Thành ủy Hà Nội',
    shortName: 'TU',
    kind: 'party_committee',
    symbolStyle: 'party',
    children: [
      {
        key: 'hn-propaganda',
        name: 'Ban Tuyên giáo Thành ủy Hà Nội',
        shortName: 'BTGTU',
        kind: 'department',
        symbolStyle: 'party',
      },
      {
        key: 'lb-district-committee',
        name: 'Quận ủy Long Biên',
        shortName: 'QU',
        kind: 'party_committee',
        symbolStyle: 'party',
        children: [
          {
            key: 'lb-standing-committee',
            name: 'Ban Thường vụ Quận ủy Long Biên',
            shortName: 'QU',
            kind: 'standing_committee',
            symbolStyle: 'party',
          },
          {
            key: 'lb-propaganda',
            name: 'Ban Tuyên giáo Quận ủy Long Biên',
            shortName: 'BTGQU',
            kind: 'department',
            symbolStyle: 'party',
          },
          {
            key: 'lb-mass-mobilisation',
            name: 'Ban Dân vận Quận ủy Long Biên',
            shortName: 'BDVQU',
            kind: 'department',
            symbolStyle: 'party',
          },
          {
            // One of "các ban xây dựng Đảng" of the seed (with propaganda, mass mobilisation, inspection); not named in the seed.
            key: 'lb-organisation',
            name: 'Ban Tổ chức Quận ủy Long Biên',
            shortName: 'BTCQU',
            kind: 'department',
            symbolStyle: 'party',
          },
          {
            key: 'lb-office',
            name: 'Văn phòng Quận ủy Long Biên',
            shortName: 'VPQU',
            kind: 'department',
            symbolStyle: 'party',
          },
          {
            key: 'lb-inspection',
            name: 'Ủy ban Kiểm tra Quận ủy Long Biên',
            shortName: 'UBKTQU',
            kind: 'department',
            symbolStyle: 'party',
          },
          {
            key: 'lb-people-committee',
            name: 'Ủy ban nhân dân quận Long Biên',
            shortName: 'UBND',
            kind: 'people_committee',
            symbolStyle: 'state',
            children: [
              {
                key: 'lb-culture-office',
                name: 'Phòng Văn hóa và Thông tin quận Long Biên',
                shortName: 'VHTT',
                kind: 'department',
                symbolStyle: 'state',
              },
              {
                key: 'lb-culture-centre',
                name: 'Trung tâm Văn hóa Thông tin và Thể thao quận Long Biên',
                shortName: 'TTVHTTTT',
                kind: 'state_body',
                symbolStyle: 'state',
              },
              {
                // "Trung tâm TDTT Quận", directed by the People's Committee in the seed.
                key: 'lb-sports-centre',
                name: 'Trung tâm Thể dục Thể thao quận Long Biên',
                shortName: 'TTTDTT',
                kind: 'state_body',
                symbolStyle: 'state',
              },
            ],
          },
          {
            key: 'lb-front',
            name: 'Ủy ban Mặt trận Tổ quốc Việt Nam quận Long Biên',
            shortName: 'MTTQ',
            kind: 'front',
            symbolStyle: 'state',
          },
          // "các đoàn thể chính trị - xã hội": the usual ones; the seed names no individual mass organisation.
          { key: 'lb-youth-union', name: 'Quận đoàn Long Biên', shortName: 'QĐ', kind: 'mass_organisation', symbolStyle: 'party' },
          { key: 'lb-women-union', name: 'Hội Liên hiệp Phụ nữ quận Long Biên', shortName: 'HLHPN', kind: 'mass_organisation', symbolStyle: 'state' },
          { key: 'lb-veterans-association', name: 'Hội Cựu chiến binh quận Long Biên', shortName: 'CCB', kind: 'mass_organisation', symbolStyle: 'party' },
          { key: 'lb-labour-federation', name: 'Liên đoàn Lao động quận Long Biên', shortName: 'LĐLĐ', kind: 'mass_organisation', symbolStyle: 'state' },
          // The 14 wards of Long Biên ("Đài truyền thanh 14 phường"); not named in the seed.
          { key: 'lb-ward-bo-de', name: 'Đảng ủy phường Bồ Đề', shortName: 'ĐU', kind: 'grassroots_committee', symbolStyle: 'party' },
          { key: 'lb-ward-cu-khoi', name: 'Đảng ủy phường Cự Khối', shortName: 'ĐU', kind: 'grassroots_committee', symbolStyle: 'party' },
          { key: 'lb-ward-duc-giang', name: 'Đảng ủy phường Đức Giang', shortName: 'ĐU', kind: 'grassroots_committee', symbolStyle: 'party' },
          { key: 'lb-ward-gia-thuy', name: 'Đảng ủy phường Gia Thụy', shortName: 'ĐU', kind: 'grassroots_committee', symbolStyle: 'party' },
          { key: 'lb-ward-giang-bien', name: 'Đảng ủy phường Giang Biên', shortName: 'ĐU', kind: 'grassroots_committee', symbolStyle: 'party' },
          { key: 'lb-ward-long-bien', name: 'Đảng ủy phường Long Biên', shortName: 'ĐU', kind: 'grassroots_committee', symbolStyle: 'party' },
          { key: 'lb-ward-ngoc-lam', name: 'Đảng ủy phường Ngọc Lâm', shortName: 'ĐU', kind: 'grassroots_committee', symbolStyle: 'party' },
          { key: 'lb-ward-ngoc-thuy', name: 'Đảng ủy phường Ngọc Thụy', shortName: 'ĐU', kind: 'grassroots_committee', symbolStyle: 'party' },
          { key: 'lb-ward-phuc-dong', name: 'Đảng ủy phường Phúc Đồng', shortName: 'ĐU', kind: 'grassroots_committee', symbolStyle: 'party' },
          { key: 'lb-ward-phuc-loi', name: 'Đảng ủy phường Phúc Lợi', shortName: 'ĐU', kind: 'grassroots_committee', symbolStyle: 'party' },
          { key: 'lb-ward-sai-dong', name: 'Đảng ủy phường Sài Đồng', shortName: 'ĐU', kind: 'grassroots_committee', symbolStyle: 'party' },
          { key: 'lb-ward-thach-ban', name: 'Đảng ủy phường Thạch Bàn', shortName: 'ĐU', kind: 'grassroots_committee', symbolStyle: 'party' },
          { key: 'lb-ward-thuong-thanh', name: 'Đảng ủy phường Thượng Thanh', shortName: 'ĐU', kind: 'grassroots_committee', symbolStyle: 'party' },
          { key: 'lb-ward-viet-hung', name: 'Đảng ủy phường Việt Hưng', shortName: 'ĐU', kind: 'grassroots_committee', symbolStyle: 'party' },
        ],
      },
    ],
  },

  // 2. Bắc Giang → Lục Ngạn (seed: plan implementing 19-KH/TU)
  {
    key: 'bg-provincial-committee',
    name: 'Tỉnh ủy Bắc Giang',
    shortName: 'TU',
    kind: 'party_committee',
    symbolStyle: 'party',
    children: [
      {
        key: 'bg-propaganda',
        name: 'Ban Tuyên giáo Tỉnh ủy Bắc Giang',
        shortName: 'BTGTU',
        kind: 'department',
        symbolStyle: 'party',
      },
      {
        key: 'ln-district-committee',
        name: 'Huyện ủy Lục Ngạn',
        shortName: 'HU',
        kind: 'party_committee',
        symbolStyle: 'party',
        children: [
          {
            key: 'ln-standing-committee',
            name: 'Ban Thường vụ Huyện ủy Lục Ngạn',
            shortName: 'HU',
            kind: 'standing_committee',
            symbolStyle: 'party',
          },
          {
            key: 'ln-propaganda',
            name: 'Ban Tuyên giáo Huyện ủy Lục Ngạn',
            shortName: 'BTGHU',
            kind: 'department',
            symbolStyle: 'party',
          },
          {
            key: 'ln-mass-mobilisation',
            name: 'Ban Dân vận Huyện ủy Lục Ngạn',
            shortName: 'BDVHU',
            kind: 'department',
            symbolStyle: 'party',
          },
          {
            key: 'ln-people-committee',
            name: 'Ủy ban nhân dân huyện Lục Ngạn',
            shortName: 'UBND',
            kind: 'people_committee',
            symbolStyle: 'state',
            children: [
              {
                key: 'ln-culture-office',
                name: 'Phòng Văn hóa và Thông tin huyện Lục Ngạn',
                shortName: 'VHTT',
                kind: 'department',
                symbolStyle: 'state',
              },
              {
                key: 'ln-culture-centre',
                name: 'Trung tâm Văn hóa - Thông tin và Thể thao huyện Lục Ngạn',
                shortName: 'TTVHTTTT',
                kind: 'state_body',
                symbolStyle: 'state',
              },
            ],
          },
          {
            key: 'ln-front',
            name: 'Ủy ban Mặt trận Tổ quốc Việt Nam huyện Lục Ngạn',
            shortName: 'MTTQ',
            kind: 'front',
            symbolStyle: 'state',
          },
          // "các tổ chức chính trị - xã hội huyện": the usual five; not named in the seed.
          { key: 'ln-youth-union', name: 'Huyện đoàn Lục Ngạn', shortName: 'HĐ', kind: 'mass_organisation', symbolStyle: 'party' },
          { key: 'ln-women-union', name: 'Hội Liên hiệp Phụ nữ huyện Lục Ngạn', shortName: 'HLHPN', kind: 'mass_organisation', symbolStyle: 'state' },
          { key: 'ln-farmers-union', name: 'Hội Nông dân huyện Lục Ngạn', shortName: 'HND', kind: 'mass_organisation', symbolStyle: 'party' },
          { key: 'ln-veterans-association', name: 'Hội Cựu chiến binh huyện Lục Ngạn', shortName: 'CCB', kind: 'mass_organisation', symbolStyle: 'party' },
          { key: 'ln-labour-federation', name: 'Liên đoàn Lao động huyện Lục Ngạn', shortName: 'LĐLĐ', kind: 'mass_organisation', symbolStyle: 'state' },
          // "các chi, đảng bộ trực thuộc Huyện ủy": real communes of Lục Ngạn; not named in the seed.
          { key: 'ln-commune-bien-dong', name: 'Đảng ủy xã Biển Động', shortName: 'ĐU', kind: 'grassroots_committee', symbolStyle: 'party' },
          { key: 'ln-commune-kien-lao', name: 'Đảng ủy xã Kiên Lao', shortName: 'ĐU', kind: 'grassroots_committee', symbolStyle: 'party' },
          { key: 'ln-commune-nam-duong', name: 'Đảng ủy xã Nam Dương', shortName: 'ĐU', kind: 'grassroots_committee', symbolStyle: 'party' },
          { key: 'ln-commune-quy-son', name: 'Đảng ủy xã Quý Sơn', shortName: 'ĐU', kind: 'grassroots_committee', symbolStyle: 'party' },
        ],
      },
    ],
  },

  // 3. Bình Định → Đảng ủy Khối (seed 10-KH/ĐUK)
  {
    key: 'bd-provincial-committee',
    name: 'Tỉnh ủy Bình Định',
    shortName: 'TU',
    kind: 'party_committee',
    symbolStyle: 'party',
    children: [
      {
        key: 'bd-propaganda',
        name: 'Ban Tuyên giáo Tỉnh ủy Bình Định',
        shortName: 'BTGTU',
        kind: 'department',
        symbolStyle: 'party',
      },
      {
        key: 'bd-bloc-committee',
        name: 'Đảng ủy Khối cơ quan và doanh nghiệp tỉnh Bình Định',
        shortName: 'ĐUK',
        kind: 'party_committee',
        symbolStyle: 'party',
        children: [
          {
            key: 'bd-bloc-standing-committee',
            name: 'Ban Thường vụ Đảng ủy Khối cơ quan và doanh nghiệp tỉnh Bình Định',
            shortName: 'ĐUK',
            kind: 'standing_committee',
            symbolStyle: 'party',
          },
          {
            // The seed's archive line writes "BTGDUK"; symbols use 'Đ' as in ĐUK.
            key: 'bd-bloc-propaganda',
            name: 'Ban Tuyên giáo Đảng ủy Khối cơ quan và doanh nghiệp tỉnh Bình Định',
            shortName: 'BTGĐUK',
            kind: 'department',
            symbolStyle: 'party',
          },
          {
            key: 'bd-bloc-office',
            name: 'Văn phòng Đảng ủy Khối cơ quan và doanh nghiệp tỉnh Bình Định',
            shortName: 'VPĐUK',
            kind: 'department',
            symbolStyle: 'party',
          },
          {
            // "Ban Chỉ đạo 35 của Đảng ủy Khối": a steering committee, modelled as a department.
            key: 'bd-bloc-steering-35',
            name: 'Ban Chỉ đạo 35 Đảng ủy Khối cơ quan và doanh nghiệp tỉnh Bình Định',
            shortName: 'BCĐ35',
            kind: 'department',
            symbolStyle: 'party',
          },
          {
            key: 'bd-bloc-youth-union',
            name: 'Đoàn Khối cơ quan và doanh nghiệp tỉnh Bình Định',
            shortName: 'ĐK',
            kind: 'mass_organisation',
            symbolStyle: 'party',
          },
          // "Chi, đảng bộ cơ sở" and "cơ quan, đơn vị báo chí ... trong Khối": plausible
          // grassroots organisations of the bloc; not named in the seed.
          {
            key: 'bd-grassroots-radio-tv',
            name: 'Đảng ủy Đài Phát thanh và Truyền hình Bình Định',
            shortName: 'ĐU',
            kind: 'grassroots_committee',
            symbolStyle: 'party',
            children: [
              {
                key: 'bd-cell-radio-tv-news',
                name: 'Chi bộ Phòng Thời sự - Đài Phát thanh và Truyền hình Bình Định',
                shortName: 'CB',
                kind: 'party_cell',
                symbolStyle: 'party',
              },
            ],
          },
          { key: 'bd-grassroots-newspaper', name: 'Đảng ủy Báo Bình Định', shortName: 'ĐU', kind: 'grassroots_committee', symbolStyle: 'party' },
          { key: 'bd-grassroots-health-dept', name: 'Đảng ủy Sở Y tế tỉnh Bình Định', shortName: 'ĐU', kind: 'grassroots_committee', symbolStyle: 'party' },
          { key: 'bd-grassroots-quy-nhon-port', name: 'Đảng ủy Công ty Cổ phần Cảng Quy Nhơn', shortName: 'ĐU', kind: 'grassroots_committee', symbolStyle: 'party' },
        ],
      },
    ],
  },

  // 4. Kon Tum → Ban Quản lý Khu kinh tế (seed 17/KH-BQLKKT), all state style
  {
    key: 'kt-people-committee',
    name: 'Ủy ban nhân dân tỉnh Kon Tum',
    shortName: 'UBND',
    kind: 'people_committee',
    symbolStyle: 'state',
    children: [
      {
        key: 'kt-ezone-board',
        name: 'Ban Quản lý Khu kinh tế tỉnh Kon Tum',
        shortName: 'BQLKKT',
        kind: 'state_body',
        symbolStyle: 'state',
        children: [
          {
            key: 'kt-ezone-office',
            name: 'Văn phòng Ban Quản lý Khu kinh tế tỉnh Kon Tum',
            shortName: 'VP',
            kind: 'department',
            symbolStyle: 'state',
          },
          {
            key: 'kt-ezone-planning',
            name: 'Phòng Kế hoạch Tổng hợp',
            shortName: 'KHTH',
            kind: 'department',
            symbolStyle: 'state',
          },
          {
            key: 'kt-ezone-web-editorial',
            name: 'Tổ Biên tập Trang thông tin điện tử Ban Quản lý Khu kinh tế tỉnh Kon Tum',
            shortName: 'TBT',
            kind: 'department',
            symbolStyle: 'state',
          },
          {
            // "các Phòng, đơn vị trực thuộc" / "Bảng điện tử tại cửa khẩu"; not named in the seed.
            key: 'kt-ezone-bo-y-border-gate',
            name: 'Ban Quản lý cửa khẩu quốc tế Bờ Y',
            shortName: 'BQLCK',
            kind: 'state_body',
            symbolStyle: 'state',
          },
        ],
      },
      {
        // Collects the board's reports ("về UBND tỉnh (qua Sở Thông tin và Truyền thông)").
        key: 'kt-dept-information',
        name: 'Sở Thông tin và Truyền thông tỉnh Kon Tum',
        shortName: 'STTTT',
        kind: 'state_body',
        symbolStyle: 'state',
      },
      {
        key: 'kt-dept-finance',
        name: 'Sở Tài chính tỉnh Kon Tum',
        shortName: 'STC',
        kind: 'state_body',
        symbolStyle: 'state',
      },
    ],
  },
];

export interface DemoAccount {
  username: string; // ascii, lower-case, e.g. 'lb.secretary'
  displayName: string; // a plausible Vietnamese name with diacritics (use names appearing as signers in the seeds where they fit)
  role: 'admin' | 'drafter' | 'secretary' | 'monitor' | 'unit_officer' | 'auditor';
  unitKey: string; // key of a unit in DEMO_TREE
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  // Hà Nội: administrator of the whole demo tree.
  { username: 'hn.admin', displayName: 'Nguyễn Văn Nam', role: 'admin', unitKey: 'hn-city-committee' },

  // Long Biên
  { username: 'lb.drafter', displayName: 'Phạm Thị Thu Hà', role: 'drafter', unitKey: 'lb-district-committee' },
  // Signer of 17-KH/QU: T/M Ban Thường vụ, Phó Bí thư Thường trực.
  { username: 'lb.secretary', displayName: 'Nguyễn Huy Thắng', role: 'secretary', unitKey: 'lb-district-committee' },
  // Officer of Ban Tuyên giáo Quận ủy; placed at the Quận ủy so the monitor reaches its whole subtree.
  { username: 'lb.monitor', displayName: 'Đỗ Thị Minh Ngọc', role: 'monitor', unitKey: 'lb-district-committee' },
  { username: 'lb.ward.officer', displayName: 'Trần Thị Lan', role: 'unit_officer', unitKey: 'lb-ward-bo-de' },
  // Officer of Ủy ban Kiểm tra Quận ủy.
  { username: 'lb.auditor', displayName: 'Hoàng Văn Tuấn', role: 'auditor', unitKey: 'lb-district-committee' },

  // Lục Ngạn
  { username: 'ln.drafter', displayName: 'Hoàng Thị Mai', role: 'drafter', unitKey: 'ln-district-committee' },
  // Signer of the Lục Ngạn plan: T/M Ban Thường vụ, Phó Bí thư.
  { username: 'ln.secretary', displayName: 'Cao Văn Hoàn', role: 'secretary', unitKey: 'ln-district-committee' },
  { username: 'ln.commune.officer', displayName: 'Nông Văn Dũng', role: 'unit_officer', unitKey: 'ln-commune-bien-dong' },

  // Bình Định, Đảng ủy Khối
  { username: 'duk.drafter', displayName: 'Võ Thị Kim Oanh', role: 'drafter', unitKey: 'bd-bloc-committee' },
  // Signer of 10-KH/ĐUK.
  { username: 'duk.secretary', displayName: 'Bùi Quang Nhựt', role: 'secretary', unitKey: 'bd-bloc-committee' },

  // Kon Tum, Ban Quản lý Khu kinh tế (the seed names no signer)
  { username: 'kt.drafter', displayName: 'Trần Thị Hồng Nhung', role: 'drafter', unitKey: 'kt-ezone-board' },
  { username: 'kt.secretary', displayName: 'Lê Văn Bình', role: 'secretary', unitKey: 'kt-ezone-board' },
];
