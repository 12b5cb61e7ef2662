import { createHash } from 'node:crypto';
import type { Test } from 'supertest';
import { DataSource } from 'typeorm';
import { docxText, pdfText, poppler } from '../support/document-readers.js';
import { completePlan, demoTokens, SIGNATURE } from '../support/plan-fixtures.js';
import { bearer, startTestApp, TestApp } from '../support/test-app.js';

/** Reads a binary response whole into a Buffer, whatever its content type. */
const binary = (req: Test) =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const flat = (text: string) => text.replace(/\s+/g, ' ');
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe('plan documents over HTTP', () => {
  let t: TestApp;
  let as: Record<string, Record<string, string>>;

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    as = await demoTokens(t, ['lb.drafter', 'lb.secretary', 'lb.monitor', 'lb.auditor', 'lb.ward.officer', 'ln.drafter']);
  });
  afterAll(() => t.close());

  const send = (who: string, id: string, body: Record<string, unknown>) => t.http.post(`/plans/${id}/events`).set(as[who]).send(body);
  const pdf = (who: string, id: string) => binary(t.http.get(`/plans/${id}/document.pdf`).set(as[who]));
  const docx = (who: string, id: string) => binary(t.http.get(`/plans/${id}/document.docx`).set(as[who]));

  async function issuedPlan(overrides: Record<string, unknown> = {}): Promise<string> {
    const id = (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t, overrides)).expect(201)).body.id;
    await send('lb.drafter', id, { type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    await send('lb.secretary', id, { type: 'ISSUE', expectedVersion: 2, signature: SIGNATURE }).expect(200);
    return id;
  }

  it('a draft renders with the DỰ THẢO mark, its number and day blank, for the issuer\'s people only', async () => {
    const id = (await t.http.post('/plans').set(as['lb.drafter']).send(completePlan(t)).expect(201)).body.id;
    const res = await pdf('lb.drafter', id);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="du-thao-${id}.pdf"; filename*=UTF-8''du-thao-${id}.pdf`);
    const text = flat(pdfText(res.body));
    for (const phrase of ['DỰ THẢO', 'THÀNH ỦY HÀ NỘI', 'QUẬN ỦY LONG BIÊN', 'ĐẢNG CỘNG SẢN VIỆT NAM', 'Số -KH/QU', 'Long Biên, ngày tháng năm', 'KẾ HOẠCH']) {
      expect(text).toContain(phrase);
    }
    const word = await docx('lb.drafter', id);
    expect(word.status).toBe(200);
    expect(word.headers['content-type']).toBe(DOCX);
    expect(word.headers['content-disposition']).toContain(`filename="du-thao-${id}.docx"`);
    expect(flat(docxText(word.body))).toContain('I. MỤC ĐÍCH, YÊU CẦU');
    // A draft is not shown to its assignees, nor outside the issuer's scope.
    expect((await pdf('lb.ward.officer', id)).status).toBe(404);
    expect((await docx('ln.drafter', id)).status).toBe(404);
  });

  it('at ISSUE the audit entry records the SHA-256 of the issued PDF, and the PDF is always those bytes', async () => {
    const id = await issuedPlan();
    const history = (await t.http.get(`/plans/${id}/history`).set(as['lb.auditor']).expect(200)).body as { event: string; payload: { document?: { sha256: string; size: number } } }[];
    const issue = history.find((e) => e.event === 'ISSUE')!;
    expect(issue.payload.document).toEqual({ format: 'pdf', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), size: expect.any(Number) });
    const recorded = issue.payload.document!.sha256;

    const first = await pdf('lb.secretary', id);
    const second = await pdf('lb.ward.officer', id); // an assignee sees the issued plan
    expect(first.status).toBe(200);
    expect(sha256(first.body)).toBe(recorded);
    expect(sha256(second.body)).toBe(recorded);
    expect(first.body.length).toBe(issue.payload.document!.size);
    const plan = (await t.http.get(`/plans/${id}`).set(as['lb.secretary'])).body;
    expect(first.headers['content-disposition']).toBe(`attachment; filename="${plan.numberAndSymbol.replace('/', '-')}.pdf"; filename*=UTF-8''${plan.numberAndSymbol.replace('/', '-')}.pdf`);

    const text = flat(pdfText(first.body));
    for (const phrase of [
      'ĐẢNG CỘNG SẢN VIỆT NAM', `Số ${plan.numberAndSymbol}`, `Long Biên, ngày`, 'KẾ HOẠCH', completePlan(t).title,
      'I. MỤC ĐÍCH, YÊU CẦU', 'II. THỜI GIAN, NỘI DUNG', 'III. HÌNH THỨC THỰC HIỆN', 'IV. TỔ CHỨC THỰC HIỆN', 'V. CHẾ ĐỘ BÁO CÁO',
      'a) Phòng Văn hóa và Thông tin quận Long Biên', 'Nơi nhận:', 'T/M BAN THƯỜNG VỤ', 'PHÓ BÍ THƯ THƯỜNG TRỰC', 'Nguyễn Huy Thắng',
    ]) {
      expect(text).toContain(phrase);
    }
    expect(text).not.toContain('DỰ THẢO');
    // Rendered before the number was taken, then numbered: its title carries the number too (the signature's update writes it).
    expect(poppler('pdfinfo', first.body)).toMatch(new RegExp(`^Title:\\s+KẾ HOẠCH ${plan.numberAndSymbol} ${completePlan(t).title}$`, 'm'));

    // Unrelated changes: the plan moves on, its issuer and an assignee are renamed, another plan is issued.
    await send('lb.monitor', id, { type: 'START', expectedVersion: 3 }).expect(200);
    await t.http.patch(`/units/${t.units.get('lb-district-committee')}`).set(bearer(t.rootToken)).send({ name: 'Quận ủy Long Biên (mới)' }).expect(200);
    await t.http.patch(`/units/${t.units.get('lb-culture-office')}`).set(bearer(t.rootToken)).send({ name: 'Phòng Văn hóa - Thể thao' }).expect(200);
    await issuedPlan();
    const later = await pdf('lb.auditor', id);
    expect(sha256(later.body)).toBe(recorded);
    // The Word document of an issued plan says what was issued, not what the units are called now.
    const word = flat(docxText((await docx('lb.secretary', id)).body));
    expect(word).toContain('QUẬN ỦY LONG BIÊN');
    expect(word).not.toContain('(MỚI)');
    expect(word).toContain('a) Phòng Văn hóa và Thông tin quận Long Biên');
    await t.http.patch(`/units/${t.units.get('lb-district-committee')}`).set(bearer(t.rootToken)).send({ name: 'Quận ủy Long Biên' }).expect(200);
    await t.http.patch(`/units/${t.units.get('lb-culture-office')}`).set(bearer(t.rootToken)).send({ name: 'Phòng Văn hóa và Thông tin quận Long Biên' }).expect(200);

    // The hash is part of the audit chain, which still verifies; the stored bytes cannot be changed.
    expect((await t.http.get('/audit/verify').query({ planId: id }).set(as['lb.auditor'])).body).toMatchObject({ ok: true, broken: [] });
    await expect(t.app.get(DataSource).query(`UPDATE plan_documents SET pdf = '\\x00' WHERE plan_id = $1`, [id])).rejects.toThrow(/written once/);
    await expect(t.app.get(DataSource).query(`DELETE FROM plan_documents WHERE plan_id = $1`, [id])).rejects.toThrow(/written once/);
    // Stored as written: out of line, and not run through TOAST compression again (its streams are deflated already).
    const [column] = await t.app.get(DataSource).query(`SELECT attstorage FROM pg_attribute WHERE attrelid = 'plan_documents'::regclass AND attname = 'pdf'`);
    expect(column.attstorage).toBe('e');
    const [stored] = await t.app.get(DataSource).query(`SELECT pg_column_compression(pdf) AS compression FROM plan_documents WHERE plan_id = $1`, [id]);
    expect(stored.compression).toBeNull();
  });

  it('a state body\'s plan carries the national heading and a state-style number', async () => {
    const tokens = await demoTokens(t, ['kt.drafter', 'kt.secretary']);
    const board = t.units.get('kt-ezone-board')!;
    const below = (await t.http.get(`/units/${board}/children`).set(bearer(t.rootToken))).body.items[0].id as string;
    const plan = completePlan(t, {
      issuerUnitId: board,
      place: 'Kon Tum',
      assignments: [{ assigneeUnitId: below, responsibilities: ['Đôn đốc các Phòng, đơn vị trực thuộc'], requiresOwnPlan: false }],
      // The collector is the board's own office: a unit below it (a border-gate board) may not collect its reports.
      reportDuty: { collectorUnitId: t.units.get('kt-ezone-office'), dueOn: '2020-12-15', periodic: true },
      recipients: [{ name: 'UBND tỉnh', purpose: 'report' }, { name: 'VT', purpose: 'archive' }],
    });
    const id = (await t.http.post('/plans').set(tokens['kt.drafter']).send(plan).expect(201)).body.id;
    await t.http.post(`/plans/${id}/events`).set(tokens['kt.drafter']).send({ type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    const signature = { authority: 'KT.', onBehalfOf: 'Trưởng ban', signerTitle: 'Phó Trưởng ban' };
    await t.http.post(`/plans/${id}/events`).set(tokens['kt.secretary']).send({ type: 'ISSUE', expectedVersion: 2, signature }).expect(200);
    const res = await binary(t.http.get(`/plans/${id}/document.pdf`).set(tokens['kt.drafter']));
    const text = flat(pdfText(res.body));
    for (const phrase of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Số: 1/KH-BQLKKT', 'Kon Tum, ngày', 'KT. TRƯỞNG BAN', 'PHÓ TRƯỞNG BAN', '- Lưu: VT.']) {
      expect(text).toContain(phrase);
    }
    expect(res.headers['content-disposition']).toContain('filename="1-KH-BQLKKT.pdf"');
  });

  it('answers 400 for a malformed id and 404 for a plan that does not exist', async () => {
    expect((await t.http.get('/plans/not-a-uuid/document.pdf').set(as['lb.drafter'])).body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect((await t.http.get('/plans/00000000-0000-4000-8000-000000000000/document.docx').set(as['lb.drafter'])).body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect((await t.http.get('/plans/00000000-0000-4000-8000-000000000000/document.pdf')).status).toBe(401);
  });
});
