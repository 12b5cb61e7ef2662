import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { demoTokens } from '../support/plan-fixtures.js';
import { Headers, issuePlan } from '../support/report-fixtures.js';
import { startTestApp, TestApp } from '../support/test-app.js';

const binary = (r: import('supertest').Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  r.on('data', (c: Buffer) => chunks.push(c));
  r.on('end', () => done(null, Buffer.concat(chunks)));
};
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d6d4b40000000049454e44ae426082', 'hex');

/**
 * Issue 20, finding 6: report files had no quota and no orphan clean-up, the declared type and
 * name were stored and served as given (x.html as application/pdf), and any signed-in account
 * made the server buffer a 10 MB body before the writer check.
 */
describe("a report's files against abuse", () => {
  let t: TestApp;
  let as: Record<string, Headers>;
  const db = () => t.app.get(DataSource);

  /** A fresh draft report of the ward on a plan of the district. */
  const newReport = async (): Promise<{ id: string; version: number }> => {
    const { assignments } = await issuePlan(t, as['lb.drafter'], as['lb.secretary'], { issuer: 'lb-district-committee', assignments: [{ unit: 'lb-ward-bo-de' }] });
    await t.http.post(`/assignments/${assignments[0].id}/events`).set(as['lb.ward.officer']).send({ type: 'ACKNOWLEDGE', expectedVersion: 1 }).expect(200);
    return (await t.http.post(`/assignments/${assignments[0].id}/reports`).set(as['lb.ward.officer']).send({ results: 'Đã tổ chức 2 hội nghị.' }).expect(201)).body;
  };
  const upload = (reportId: string, bytes: Buffer, filename: string, contentType: string, who = 'lb.ward.officer') =>
    t.http.post(`/reports/${reportId}/files`).set(as[who]).attach('file', bytes, { filename, contentType });

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    as = await demoTokens(t, ['lb.drafter', 'lb.secretary', 'lb.ward.officer', 'ln.secretary']);
  });
  afterAll(() => t.close());

  it('answers someone who may not upload before reading the body', async () => {
    const report = await newReport();
    const server = t.app.getHttpServer();
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    // 10 MB announced, 64 kB sent, the rest never: only an answer given before the body is read arrives.
    const status = await new Promise<number | 'no answer'>((resolve, reject) => {
      const req = httpRequest({
        host: '127.0.0.1', port, method: 'POST', path: `/reports/${report.id}/files`,
        headers: { ...as['ln.secretary'], 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': String(10 * 1024 * 1024) },
      });
      const timer = setTimeout(() => { req.destroy(); resolve('no answer'); }, 3000);
      req.on('response', (res) => { clearTimeout(timer); res.resume(); req.destroy(); resolve(res.statusCode!); });
      req.on('error', (error) => { clearTimeout(timer); if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error); });
      req.write(`--x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`);
      req.write(Buffer.alloc(64 * 1024, 0x20));
    });
    expect(status).toBe(404);
  });

  it('stores the type the bytes say, with the extension made to match, and serves it with nosniff', async () => {
    const report = await newReport();
    const html = await upload(report.id, Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>'), 'x.html', 'application/pdf');
    expect(html.status).toBe(201);
    expect(html.body).toMatchObject({ name: 'x.txt', contentType: 'text/plain' });
    const png = await upload(report.id, PNG, 'bien-ban.pdf', 'application/pdf');
    expect(png.body).toMatchObject({ name: 'bien-ban.png', contentType: 'image/png' });
    const exe = await upload(report.id, Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0)]), 'report.pdf', 'application/pdf');
    expect([exe.status, exe.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);

    const got = await t.http.get(`/reports/${report.id}/files/${html.body.checksum}`).set(as['lb.ward.officer']).buffer(true).parse(binary);
    expect(got.headers['content-type']).toMatch(/^text\/plain/);
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['content-disposition']).toMatch(/^attachment; filename="x\.txt"/);
  });

  it('holds a report to its quota of files and bytes', async () => {
    const report = await newReport();
    for (let i = 0; i < 20; i++) expect((await upload(report.id, Buffer.from(`Phụ lục ${i}\n`), `phu-luc-${i}.txt`, 'text/plain')).status).toBe(201);
    const more = await upload(report.id, Buffer.from('Phụ lục 21\n'), 'phu-luc-21.txt', 'text/plain');
    expect([more.status, more.body.code, more.body.details.reason]).toEqual([413, 'QUOTA_EXCEEDED', 'FILE_COUNT']);

    const other = await newReport();
    const [{ id: userId }] = await db().query(`SELECT id FROM users WHERE username = 'lb.ward.officer'`);
    // 49.5 MB already stored (made by the database, not sent): 1 MB more does not fit.
    await db().query(
      `INSERT INTO report_files (report_id, sha256, name, content_type, size, content, uploaded_by, uploaded_at)
       SELECT $1, repeat('c', 64), 'lon.pdf', 'application/pdf', 51904512, decode(repeat('00', 51904512), 'hex'), $2, now()`,
      [other.id, userId],
    );
    const over = await upload(other.id, Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1024 * 1024, 0x20)]), 'them.pdf', 'application/pdf');
    expect(over.status).toBe(413);
    expect(Number((await db().query('SELECT count(*) AS n FROM report_files WHERE report_id = $1', [other.id]))[0].n)).toBe(1);
  });

  it('removes files uploaded but never listed when the report is submitted', async () => {
    const report = await newReport();
    const kept = (await upload(report.id, Buffer.from('Giữ lại\n'), 'giu.txt', 'text/plain')).body;
    await upload(report.id, Buffer.from('Bỏ đi\n'), 'bo.txt', 'text/plain').expect(201);
    const listed = (await t.http.patch(`/reports/${report.id}`).set(as['lb.ward.officer']).send({ expectedVersion: report.version, attachments: [kept] }).expect(200)).body;
    await t.http.post(`/reports/${report.id}/events`).set(as['lb.ward.officer']).send({ type: 'SUBMIT', expectedVersion: listed.version }).expect(200);
    const rows: { name: string }[] = await db().query('SELECT name FROM report_files WHERE report_id = $1', [report.id]);
    expect(rows.map((r) => r.name)).toEqual(['giu.txt']);
  });
});
