import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { demoTokens } from '../support/plan-fixtures.js';
import { Headers, issuePlan, member } from '../support/report-fixtures.js';
import { startTestApp, TestApp } from '../support/test-app.js';

const binary = (r: import('supertest').Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  r.on('data', (c: Buffer) => chunks.push(c));
  r.on('end', () => done(null, Buffer.concat(chunks)));
};

describe("a report's files", () => {
  let t: TestApp;
  let as: Record<string, Headers>;
  let report: { id: string; version: number };

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    as = {
      ...(await demoTokens(t, ['lb.drafter', 'lb.secretary', 'lb.ward.officer', 'ln.secretary'])),
      'prop.monitor': await member(t, 'prop.monitor', 'lb-propaganda', 'monitor'),
    };
    const { assignments } = await issuePlan(t, as['lb.drafter'], as['lb.secretary'], { issuer: 'lb-district-committee', collector: 'lb-propaganda', assignments: [{ unit: 'lb-ward-bo-de' }] });
    await t.http.post(`/assignments/${assignments[0].id}/events`).set(as['lb.ward.officer']).send({ type: 'ACKNOWLEDGE', expectedVersion: 1 }).expect(200);
    report = (await t.http.post(`/assignments/${assignments[0].id}/reports`).set(as['lb.ward.officer']).send({ results: 'Đã tổ chức 2 hội nghị.' }).expect(201)).body;
  });
  afterAll(() => t.close());

  const upload = (who: string, bytes: Buffer, filename: string, contentType: string) =>
    t.http.post(`/reports/${report.id}/files`).set(as[who]).attach('file', bytes, { filename, contentType });
  const files = async () => Number((await t.app.get(DataSource).query('SELECT count(*) AS n FROM report_files'))[0].n);

  it('stores an upload, lists it on the report, and gives back the same bytes to the collecting unit', async () => {
    const bytes = Buffer.from('Báo cáo kết quả: 2 hội nghị, 300 lượt người.\n', 'utf8');
    const res = await upload('lb.ward.officer', bytes, 'Báo cáo Bồ Đề.txt', 'text/plain');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ name: 'Báo cáo Bồ Đề.txt', size: bytes.length, contentType: 'text/plain', checksum: createHash('sha256').update(bytes).digest('hex') });
    expect((await upload('lb.ward.officer', bytes, 'again.txt', 'text/plain')).body.checksum).toBe(res.body.checksum);
    expect(await files()).toBe(1);

    const listed = await t.http.patch(`/reports/${report.id}`).set(as['lb.ward.officer']).send({ expectedVersion: report.version, attachments: [res.body] });
    expect(listed.status).toBe(200);
    expect(listed.body.attachments).toEqual([res.body]);

    const got = await t.http.get(`/reports/${report.id}/files/${res.body.checksum}`).set(as['prop.monitor']).buffer(true).parse(binary);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toMatch(/^text\/plain/);
    expect(got.headers['content-disposition']).toBe(`attachment; filename="Bao cao Bo De.txt"; filename*=UTF-8''${encodeURIComponent('Báo cáo Bồ Đề.txt')}`);
    expect(Buffer.compare(got.body as Buffer, bytes)).toBe(0);
  });

  it('refuses to list a file that was never uploaded, and changes nothing', async () => {
    const current = (await t.http.get(`/reports/${report.id}`).set(as['lb.ward.officer'])).body;
    const fake = { name: 'x.pdf', size: 10, contentType: 'application/pdf', checksum: 'a'.repeat(64) };
    const res = await t.http.patch(`/reports/${report.id}`).set(as['lb.ward.officer']).send({ expectedVersion: current.version, attachments: [...current.attachments, fake] });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ field: `attachments.${current.attachments.length}.checksum`, messages: [expect.any(String)] }]);
    expect((await t.http.get(`/reports/${report.id}`).set(as['lb.ward.officer'])).body.version).toBe(current.version);
  });

  it('refuses the wrong people, types and sizes, and stores nothing', async () => {
    const before = await files();
    const pdf = Buffer.from('%PDF-1.4');
    expect((await upload('prop.monitor', pdf, 'a.pdf', 'application/pdf')).status).toBe(403);
    expect((await upload('ln.secretary', pdf, 'a.pdf', 'application/pdf')).status).toBe(404);
    const exe = await upload('lb.ward.officer', Buffer.from('MZ'), 'a.exe', 'application/x-msdownload');
    expect([exe.status, exe.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const big = await upload('lb.ward.officer', Buffer.alloc(10 * 1024 * 1024 + 1, 1), 'big.pdf', 'application/pdf');
    expect([big.status, big.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const empty = await upload('lb.ward.officer', Buffer.alloc(0), 'empty.pdf', 'application/pdf');
    expect([empty.status, empty.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const none = await t.http.post(`/reports/${report.id}/files`).set(as['lb.ward.officer']);
    expect([none.status, none.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(await files()).toBe(before);

    expect((await t.http.get(`/reports/${report.id}/files/not-a-hash`).set(as['lb.ward.officer'])).status).toBe(400);
    expect((await t.http.get(`/reports/${report.id}/files/${'b'.repeat(64)}`).set(as['lb.ward.officer'])).status).toBe(404);
    expect((await t.http.get(`/reports/${report.id}/files/${'b'.repeat(64)}`).set(as['ln.secretary'])).status).toBe(404);
  });

  it('takes no file once the report is submitted', async () => {
    const current = (await t.http.get(`/reports/${report.id}`).set(as['lb.ward.officer'])).body;
    await t.http.post(`/reports/${report.id}/events`).set(as['lb.ward.officer']).send({ type: 'SUBMIT', expectedVersion: current.version }).expect(200);
    const res = await upload('lb.ward.officer', Buffer.from('%PDF-1.4 late'), 'late.pdf', 'application/pdf');
    expect([res.status, res.body.code, res.body.details?.reason]).toEqual([409, 'CONFLICT', 'NOT_EDITABLE']);
  });
});
