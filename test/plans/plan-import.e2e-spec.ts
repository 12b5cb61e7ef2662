import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { parsePlan, repoPath } from '@app/import';
import { demoTokens } from '../support/plan-fixtures.js';
import { startTestApp, TestApp } from '../support/test-app.js';

const SEED = 'long-bien-district-2015-17-KH-QU-congress-xii.txt';
const seedText = () => readFileSync(repoPath('seeds', SEED));

describe('POST /plans/import', () => {
  let t: TestApp;
  let as: Record<string, Record<string, string>>;
  const unit = (key: string) => t.units.get(key)!;
  const plans = async () => (await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM plans'))[0].n as number;
  const upload = (who: string, file: Buffer, name: string, issuer = unit('lb-district-committee'), type?: string) =>
    t.http.post('/plans/import').set(as[who]).field('issuerUnitId', issuer).attach('file', file, { filename: name, ...(type ? { contentType: type } : {}) });

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    as = await demoTokens(t, ['lb.drafter', 'lb.secretary', 'lb.ward.officer', 'ln.drafter']);
  });
  afterAll(() => t.close());

  it('turns the Long Biên plan into a draft of the district committee, with its report', async () => {
    const res = await upload('lb.drafter', seedText(), 'ke-hoach-17.txt').expect(201);
    const { plan, report } = res.body;
    expect(plan).toMatchObject({
      issuerUnitId: unit('lb-district-committee'),
      state: 'draft.editing',
      type: 'KH',
      title: 'Triển khai công tác thông tin, tuyên truyền phục vụ Đại hội đại biểu toàn quốc lần thứ XII của Đảng',
      place: 'Long Biên',
      basis: [{ external: { type: 'KH', numberAndSymbol: '02-KH/BTGTU', issuedOn: '2015-12-24', issuer: 'Ban Tuyên giáo Thành ủy Hà Nội' } }],
      reportDuty: { collectorUnitId: unit('lb-propaganda'), dueOn: '2016-02-04', periodic: false },
      numberAndSymbol: null,
    });
    expect(plan.phases).toHaveLength(6);
    expect(plan.assignments.map((a: { assigneeUnitId: string }) => a.assigneeUnitId)).toEqual(
      expect.arrayContaining([unit('lb-propaganda'), unit('lb-people-committee'), unit('lb-front'), unit('lb-ward-bo-de')]),
    );
    expect(plan.recipients[0]).toMatchObject({ unitId: unit('hn-city-committee'), purpose: 'report' });
    expect(report.document).toMatchObject({ numberAndSymbol: '17-KH/QU', issuedOn: '2015-12-29', signature: { authority: 'T/M', signerName: 'Nguyễn Huy Thắng' } });
    expect(report.unclassified).toHaveLength(2);
    expect(report.unmatched.map((u: { name: string }) => u.name)).toContain('các Phường');
    // Created through the plans service: audited like any draft.
    const history = await t.http.get(`/plans/${plan.id}`).set(as['lb.drafter']).expect(200);
    expect(history.body.version).toBe(1);
  });

  it('reads a Word file to the same plan as its text', async () => {
    const res = await upload('lb.drafter', readFileSync(repoPath('test', 'fixtures', 'long-bien-17-KH-QU.docx')), 'ke-hoach-17.docx').expect(201);
    const fromText = parsePlan(seedText().toString('utf8'));
    expect(res.body.plan.title).toBe(fromText.title);
    expect(res.body.plan.purposes).toEqual(fromText.purposes);
    expect(res.body.plan.phases).toEqual(fromText.phases.map((p) => ({ ...p })));
    expect(res.body.plan.forms).toEqual(fromText.forms);
    expect(res.body.report.document.numberAndSymbol).toBe('17-KH/QU');
  });

  describe('refuses, creating nothing', () => {
    let before: number;
    beforeEach(async () => {
      before = await plans();
    });
    afterEach(async () => {
      expect(await plans()).toBe(before);
    });

    it.each([
      ['a drafter for a unit outside its scope', 'lb.drafter', 'ln-district-committee', 404, 'NOT_FOUND'],
      ['a drafter of another district for this one', 'ln.drafter', 'lb-district-committee', 404, 'NOT_FOUND'],
      ['a secretary, who does not draft', 'lb.secretary', 'lb-district-committee', 403, 'FORBIDDEN'],
      ['a ward officer', 'lb.ward.officer', 'lb-ward-bo-de', 403, 'FORBIDDEN'],
      ['a drafter for a ward below its unit', 'lb.drafter', 'lb-ward-bo-de', 403, 'FORBIDDEN'],
    ])('%s', async (_name, who, issuerKey, status, code) => {
      const res = await upload(who, seedText(), 'plan.txt', unit(issuerKey));
      expect([res.status, res.body.code]).toEqual([status, code]);
    });

    it.each([
      ['an empty file', Buffer.alloc(0), 'plan.txt', undefined, 400, 'VALIDATION_FAILED'],
      ['a PDF', Buffer.from('%PDF-1.7\n…'), 'plan.pdf', 'application/pdf', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['an image named .txt', Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'plan.txt', 'image/png', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['a zip named .txt', readFileSync(repoPath('test', 'fixtures', 'not-a-word-file.docx')), 'plan.txt', 'text/plain', 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['text named .docx', Buffer.from('KẾ HOẠCH'), 'plan.docx', undefined, 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['a zip that is not a Word file', readFileSync(repoPath('test', 'fixtures', 'not-a-word-file.docx')), 'plan.docx', undefined, 400, 'VALIDATION_FAILED'],
      ['text that is not UTF-8', Buffer.from([0x4b, 0xca, 0x20, 0x48, 0xff, 0xfe]), 'plan.txt', 'text/plain', 400, 'VALIDATION_FAILED'],
      ['text that is not a plan', Buffer.from('Chào các bạn,\n\nhẹn gặp lại vào thứ Hai.\n'), 'letter.txt', 'text/plain', 422, 'NOT_A_PLAN'],
      ['a file over the size limit', Buffer.alloc(5 * 1024 * 1024 + 1, 0x41), 'big.txt', 'text/plain', 413, 'PAYLOAD_TOO_LARGE'],
    ])('%s', async (_name, file, name, type, status, code) => {
      const res = await upload('lb.drafter', file, name, unit('lb-district-committee'), type);
      expect([res.status, res.body.code]).toEqual([status, code]);
    });

    it('a request without a file or without an issuer', async () => {
      const noFile = await t.http.post('/plans/import').set(as['lb.drafter']).field('issuerUnitId', unit('lb-district-committee'));
      expect([noFile.status, noFile.body.code, noFile.body.details[0].field]).toEqual([400, 'VALIDATION_FAILED', 'file']);
      const noIssuer = await t.http.post('/plans/import').set(as['lb.drafter']).attach('file', seedText(), 'plan.txt');
      expect([noIssuer.status, noIssuer.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      const json = await t.http.post('/plans/import').set(as['lb.drafter']).send({ issuerUnitId: unit('lb-district-committee') });
      // The route reads multipart only (its @ApiConsumes): JSON is another media type.
      expect([json.status, json.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    });

    it('without a token', async () => {
      const res = await t.http.post('/plans/import').attach('file', seedText(), 'plan.txt');
      expect([res.status, res.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    });
  });
});
