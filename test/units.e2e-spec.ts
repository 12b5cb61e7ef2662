import { DataSource } from 'typeorm';
import { bearer, startTestApp, TestApp } from './support/test-app.js';

describe('organisation tree', () => {
  let t: TestApp;
  let auth: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    auth = bearer(t.rootToken);
  });
  afterAll(() => t.close());

  const create = async (name: string, parentId: string | null, extra: Record<string, unknown> = {}) => {
    const res = await t.http.post('/units').set(auth).send({ name, shortName: 'X', kind: 'party_committee', parentId, symbolStyle: 'party', ...extra });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const names = (body: { items: { name: string }[] }) => body.items.map((u) => u.name);

  it('creates a unit with every attribute and reads it back', async () => {
    const res = await t.http
      .post('/units')
      .set(auth)
      .send({ name: 'Ban Quản lý Khu kinh tế', shortName: 'BQLKKT', kind: 'state_body', parentId: null, symbolStyle: 'state' });
    expect(res.status).toBe(201);
    const got = await t.http.get(`/units/${res.body.id}`).set(auth);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      name: 'Ban Quản lý Khu kinh tế', shortName: 'BQLKKT', kind: 'state_body', parentId: null, symbolStyle: 'state', active: true, depth: 1, hasChildren: false,
    });
  });

  it('accepts Vietnamese letters in short names and refuses separators', async () => {
    const ok = await t.http.post('/units').set(auth).send({ name: 'Đảng ủy Khối', shortName: 'ĐUK', kind: 'party_committee', parentId: null, symbolStyle: 'party' });
    expect(ok.status).toBe(201);
    const bad = await t.http.post('/units').set(auth).send({ name: 'x', shortName: 'KH/QU', kind: 'party_committee', parentId: null, symbolStyle: 'party' });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([{ field: 'shortName', messages: [expect.any(String)] }]);
  });

  it('answers children, ancestors and subtree, and pages them with a cursor', async () => {
    const city = await create('Thành ủy', null);
    const district = await create('Quận ủy', city);
    const wards = [];
    for (let i = 0; i < 5; i++) wards.push(await create(`Phường ${i}`, district));
    const cell = await create('Chi bộ 1', wards[2]);

    const first = await t.http.get(`/units/${district}/children?limit=2`).set(auth);
    expect(first.status).toBe(200);
    expect(names(first.body)).toEqual(['Phường 0', 'Phường 1']);
    const second = await t.http.get(`/units/${district}/children?limit=2&cursor=${first.body.nextCursor}`).set(auth);
    expect(names(second.body)).toEqual(['Phường 2', 'Phường 3']);
    const third = await t.http.get(`/units/${district}/children?limit=2&cursor=${second.body.nextCursor}`).set(auth);
    expect(names(third.body)).toEqual(['Phường 4']);
    expect(third.body.nextCursor).toBeNull();
    // Which units open in a tree: the one ward with a cell below it, the district, the city; an inactive child counts too.
    const hasChildren = (body: { items: { name: string; hasChildren: boolean }[] }) => body.items.map((u) => [u.name, u.hasChildren]);
    expect([...hasChildren(first.body), ...hasChildren(second.body), ...hasChildren(third.body)]).toEqual([
      ['Phường 0', false], ['Phường 1', false], ['Phường 2', true], ['Phường 3', false], ['Phường 4', false],
    ]);
    expect((await t.http.get(`/units/${city}`).set(auth)).body.hasChildren).toBe(true);
    expect((await t.http.patch(`/units/${cell}`).set(auth).send({ active: false })).body).toMatchObject({ active: false, hasChildren: false });
    expect((await t.http.get(`/units/${wards[2]}`).set(auth)).body.hasChildren).toBe(true);
    const moved = await t.http.post(`/units/${cell}/move`).set(auth).send({ parentId: wards[3] });
    expect(moved.body).toMatchObject({ parentId: wards[3], hasChildren: false });
    expect((await t.http.get(`/units/${wards[2]}`).set(auth)).body.hasChildren).toBe(false);
    expect((await t.http.get(`/units/${wards[3]}`).set(auth)).body.hasChildren).toBe(true);
    await t.http.post(`/units/${cell}/move`).set(auth).send({ parentId: wards[2] }).expect(200);

    const ancestors = await t.http.get(`/units/${cell}/ancestors`).set(auth);
    expect(names(ancestors.body)).toEqual(['Thành ủy', 'Quận ủy', 'Phường 2']);

    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: { status: number; body: { items: { name: string }[]; nextCursor: string | null } } = await t.http.get(`/units/${city}/subtree?limit=3${cursor ? `&cursor=${cursor}` : ''}`).set(auth);
      expect(page.status).toBe(200);
      seen.push(...names(page.body));
      cursor = page.body.nextCursor;
    }
    expect(seen).toHaveLength(8);
    expect(seen.slice(0, 2)).toEqual(['Thành ủy', 'Quận ủy']);
    expect(seen.indexOf('Chi bộ 1')).toBe(seen.indexOf('Phường 2') + 1);
  });

  describe('search by name', () => {
    let province: string;
    let district: string;
    let ward: string;
    let otherProvince: string;

    beforeAll(async () => {
      province = await create('Tỉnh ủy Bắc Giang', null, { shortName: 'TUBG' });
      district = await create('Huyện ủy Lục Ngạn', province, { shortName: 'HULN' });
      ward = await create('Đảng ủy xã Đồng Cốc', district, { shortName: 'ĐUĐC' });
      await create('Chi bộ 50% cổ phần', district, { shortName: 'CB' });
      otherProvince = await create('Tỉnh ủy Bình Định', null, { shortName: 'TUBĐ' });
      await create('Đảng ủy xã Đông Lục', otherProvince, { shortName: 'ĐUĐL' });
    });
    const search = (query: string, token = auth) => t.http.get(`/units/search?${query}`).set(token);

    it('ignores case and Vietnamese marks, đ included, and lists the higher units first', async () => {
      const res = await search(`q=${encodeURIComponent('luc')}`);
      expect(res.status).toBe(200);
      expect(names(res.body)).toEqual(['Huyện ủy Lục Ngạn', 'Đảng ủy xã Đông Lục']);
      expect(names((await search('q=DONG%20COC')).body)).toEqual(['Đảng ủy xã Đồng Cốc']);
      expect(names((await search(`q=${encodeURIComponent('đảng ủy XÃ')}`)).body)).toEqual(['Đảng ủy xã Đông Lục', 'Đảng ủy xã Đồng Cốc']);
      expect(names((await search('q=tubd')).body)).toEqual(['Tỉnh ủy Bình Định']);
    });

    it('takes % and _ literally', async () => {
      expect(names((await search('q=50%25')).body)).toEqual(['Chi bộ 50% cổ phần']);
      expect(names((await search('q=5_%25')).body)).toEqual([]);
    });

    it('keeps to one branch with `under`, and pages with a cursor', async () => {
      expect(names((await search(`q=dang%20uy&under=${province}`)).body)).toEqual(['Đảng ủy xã Đồng Cốc']);
      const first = await search('q=dang%20uy%20xa&limit=1');
      expect(names(first.body)).toEqual(['Đảng ủy xã Đông Lục']);
      const second = await search(`q=dang%20uy%20xa&limit=1&cursor=${first.body.nextCursor}`);
      expect(names(second.body)).toEqual(['Đảng ủy xã Đồng Cốc']);
      expect(second.body.nextCursor).toBeNull();
    });

    it("finds only what the caller's scope holds", async () => {
      const user = await t.http.post('/users').set(auth).send({ username: 'ln.searcher', password: 'searcher-password-1', displayName: 'Searcher' });
      expect(user.status).toBe(201);
      expect((await t.http.post(`/users/${user.body.id}/memberships`).set(auth).send({ unitId: district, role: 'drafter' })).status).toBe(201);
      const token = bearer(await t.login('ln.searcher', 'searcher-password-1'));
      expect(names((await search('q=dang%20uy%20xa', token)).body)).toEqual(['Đảng ủy xã Đồng Cốc']);
      expect(names((await search('q=tinh%20uy', token)).body)).toEqual([]);
      expect((await search(`q=dang&under=${otherProvince}`, token)).status).toBe(404);
      expect((await search(`q=dang&under=${ward}`, token)).status).toBe(200);
    });

    it('refuses a query too short or missing with VALIDATION_FAILED', async () => {
      for (const query of ['', 'q=a', 'q=%20%20x%20', `q=${'x'.repeat(101)}`, 'q=ab&under=not-a-uuid']) {
        const res = await search(query);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
    });
  });

  it('refuses a cursor it did not issue', async () => {
    const city = await create('Tỉnh ủy', null);
    const res = await t.http.get(`/units/${city}/children?cursor=not-a-cursor`).set(auth);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });

  it('renames a unit', async () => {
    const id = await create('Ban Tuyên giáo', null);
    const res = await t.http.patch(`/units/${id}`).set(auth).send({ name: 'Ban Tuyên giáo và Dân vận', shortName: 'BTGDV' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Ban Tuyên giáo và Dân vận', shortName: 'BTGDV' });
  });

  it('moves a branch: the whole subtree follows and the ancestors change', async () => {
    const a = await create('A', null);
    const b = await create('B', null);
    const a1 = await create('A1', a);
    const a11 = await create('A11', a1);
    const moved = await t.http.post(`/units/${a1}/move`).set(auth).send({ parentId: b });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ parentId: b, depth: 2 });
    expect(names((await t.http.get(`/units/${a11}/ancestors`).set(auth)).body)).toEqual(['B', 'A1']);
    expect(names((await t.http.get(`/units/${b}/subtree`).set(auth)).body)).toEqual(['B', 'A1', 'A11']);
    expect(names((await t.http.get(`/units/${a}/subtree`).set(auth)).body)).toEqual(['A']);
    expect((await t.http.get(`/units/${a11}`).set(auth)).body.depth).toBe(3);

    const toTop = await t.http.post(`/units/${a1}/move`).set(auth).send({ parentId: null });
    expect(toTop.body).toMatchObject({ parentId: null, depth: 1 });
    expect(names((await t.http.get(`/units/${a11}/ancestors`).set(auth)).body)).toEqual(['A1']);
  });

  it('refuses a move that would create a cycle, and changes nothing', async () => {
    const p = await create('P', null);
    const c = await create('C', p);
    const g = await create('G', c);
    for (const target of [p, c, g].map((parent) => ({ parent }))) {
      const res = await t.http.post(`/units/${p}/move`).set(auth).send({ parentId: target.parent });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'CONFLICT', details: { reason: 'CYCLE' } });
    }
    expect(names((await t.http.get(`/units/${g}/ancestors`).set(auth)).body)).toEqual(['P', 'C']);
  });

  it('keeps a deep tree consistent: no level is assumed', async () => {
    const ids = [await create('L1', null)];
    for (let level = 2; level <= 40; level++) ids.push(await create(`L${level}`, ids[ids.length - 1]));
    const ancestors = await t.http.get(`/units/${ids[39]}/ancestors`).set(auth);
    expect(ancestors.body.items).toHaveLength(39);
    expect(ancestors.body.items.map((u: { depth: number }) => u.depth)).toEqual(Array.from({ length: 39 }, (_, i) => i + 1));
    // Move the middle of the chain under its own root: depths below shift up by 19.
    await t.http.post(`/units/${ids[20]}/move`).set(auth).send({ parentId: ids[0] }).expect(200);
    expect((await t.http.get(`/units/${ids[39]}`).set(auth)).body.depth).toBe(21);
    const subtree = await t.http.get(`/units/${ids[0]}/subtree?limit=5000`).set(auth);
    expect(subtree.body.items).toHaveLength(40);
    // A subtree page goes up to 5,000 units (a whole branch for a tree view); other lists stop at 500.
    expect((await t.http.get(`/units/${ids[0]}/subtree?limit=5001`).set(auth)).body.code).toBe('VALIDATION_FAILED');
    expect((await t.http.get(`/units/${ids[0]}/children?limit=501`).set(auth)).body.code).toBe('VALIDATION_FAILED');
  });

  it('keeps each subtree to its own branch when a sibling\'s label extends another\'s (label 7 beside 70, 71)', async () => {
    const db = t.app.get(DataSource);
    const labelOf = async (id: string) => String((await db.query('SELECT label FROM units WHERE id = $1', [id]))[0].label);
    const root = await create('R', null);
    const a = await create('A', root);
    const label = await labelOf(a);
    await db.query(`SELECT setval('units_label_seq', $1::bigint * 10 - 1)`, [label]);
    const b = await create('B', root);
    await create('C', root);
    expect(await labelOf(b)).toBe(`${label}0`);
    await create('G', a);
    expect(names((await t.http.get(`/units/${a}/subtree`).set(auth)).body)).toEqual(['A', 'G']);
    expect(names((await t.http.get(`/units/${b}/subtree`).set(auth)).body)).toEqual(['B']);
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { name: string }[]; nextCursor: string | null } } = await t.http
        .get(`/units/${root}/subtree?limit=1${cursor ? `&cursor=${cursor}` : ''}`)
        .set(auth);
      walked.push(...page.body.items.map((u) => u.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(walked).toEqual(['R', 'A', 'G', 'B', 'C']);
  });

  it('deactivates only a unit with no active unit below it', async () => {
    const parent = await create('Huyện ủy', null);
    const child = await create('Xã ủy', parent);
    const refused = await t.http.patch(`/units/${parent}`).set(auth).send({ active: false });
    expect(refused.status).toBe(409);
    expect(refused.body.details).toMatchObject({ reason: 'HAS_ACTIVE_CHILDREN', activeChildren: 1 });
    await t.http.patch(`/units/${child}`).set(auth).send({ active: false }).expect(200);
    await t.http.patch(`/units/${parent}`).set(auth).send({ active: false }).expect(200);
    const under = await t.http.post('/units').set(auth).send({ name: 'x', shortName: 'X', kind: 'party_cell', parentId: parent, symbolStyle: 'party' });
    expect(under.status).toBe(409);
    expect(under.body.details).toMatchObject({ reason: 'PARENT_INACTIVE' });
    const reactivateChild = await t.http.patch(`/units/${child}`).set(auth).send({ active: true });
    expect(reactivateChild.status).toBe(409);
  });

  it('refuses bad input with a 4xx and the field at fault', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '', shortName: 'X', kind: 'party_committee', parentId: null, symbolStyle: 'party' }, 'name'],
      [{ name: 'x', shortName: 'X', kind: 'no_such_kind', parentId: null, symbolStyle: 'party' }, 'kind'],
      [{ name: 'x', shortName: 'X', kind: 'party_committee', parentId: 'nope', symbolStyle: 'party' }, 'parentId'],
      [{ name: 'x', shortName: 'X', kind: 'party_committee', parentId: null, symbolStyle: 'royal' }, 'symbolStyle'],
      [{ name: 42, shortName: 'X', kind: 'party_committee', parentId: null, symbolStyle: 'party' }, 'name'],
    ];
    for (const [body, field] of cases) {
      const res = await t.http.post('/units').set(auth).send(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const missingParent = await t.http.post('/units').set(auth).send({ name: 'x', shortName: 'X', kind: 'party_committee', parentId: '00000000-0000-4000-8000-000000000000', symbolStyle: 'party' });
    expect(missingParent.status).toBe(404);
    expect((await t.http.get('/units/00000000-0000-4000-8000-000000000000').set(auth)).status).toBe(404);
  });

  it('lists the unit kinds, which are data', async () => {
    const res = await t.http.get('/unit-kinds').set(auth);
    expect(res.status).toBe(200);
    expect(res.body.map((k: { code: string }) => k.code)).toEqual(expect.arrayContaining(['party_committee', 'party_cell', 'front']));
  });
});
