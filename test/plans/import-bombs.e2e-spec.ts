import { DataSource } from 'typeorm';
import { demoTokens } from '../support/plan-fixtures.js';
import { bomb, docx, lyingBomb, manyEntries } from '../support/docx-bombs.js';
import { startTestApp, TestApp } from '../support/test-app.js';

/**
 * Issue 20, finding 1: a .docx decompression bomb. Today's code inflated it (mammoth → JSZip)
 * on the API's own thread, before checking that the caller drafts for the issuer: 400 MB of
 * document.xml ended the process, 179 kB blocked /health for seconds.
 */
describe('POST /plans/import against decompression bombs', () => {
  let t: TestApp;
  let as: Record<string, Record<string, string>>;
  const unit = (key: string) => t.units.get(key)!;
  const plans = async () => (await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM plans'))[0].n as number;
  const upload = (who: string, file: Buffer, issuer = unit('lb-district-committee')) =>
    t.http.post('/plans/import').set(as[who]).field('issuerUnitId', issuer).attach('file', file, { filename: 'ke-hoach.docx' });

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    as = await demoTokens(t, ['lb.drafter', 'lb.secretary', 'ln.drafter']);
  });
  afterAll(() => t.close());

  it('checks the caller drafts for the issuer before reading the file', async () => {
    const before = await plans();
    const file = bomb(64);
    // Another district's drafter: the issuer is out of its scope.
    const outside = await upload('ln.drafter', file);
    expect([outside.status, outside.body.code]).toEqual([404, 'NOT_FOUND']);
    // The issuer's secretary sees it but does not draft for it.
    const notDrafter = await upload('lb.secretary', file);
    expect([notDrafter.status, notDrafter.body.code]).toEqual([403, 'FORBIDDEN']);
    // The issuer sent after the file cannot be checked before it: refused, not buffered and read.
    const late = await t.http.post('/plans/import').set(as['lb.drafter']).attach('file', file, 'ke-hoach.docx').field('issuerUnitId', unit('lb-district-committee'));
    expect([late.status, late.body.code, late.body.details[0].field]).toEqual([400, 'VALIDATION_FAILED', 'issuerUnitId']);
    expect(await plans()).toBe(before);
  });

  it('refuses by the declared size, without inflating, and keeps answering meanwhile', async () => {
    const file = bomb(128);
    expect(file.length).toBeLessThan(1024 * 1024);
    const started = Date.now();
    const [res, health] = await Promise.all([upload('lb.drafter', file), t.http.get('/health')]);
    expect([res.status, res.body.code, res.body.details.reason]).toEqual([413, 'ARCHIVE_TOO_LARGE', 'INFLATED_SIZE']);
    expect(health.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses an entry compressed beyond any real document, and too many entries', async () => {
    const ratio = await upload('lb.drafter', bomb(8));
    expect([ratio.status, ratio.body.code, ratio.body.details.reason]).toEqual([413, 'ARCHIVE_TOO_LARGE', 'COMPRESSION_RATIO']);
    const entries = await upload('lb.drafter', manyEntries(1500));
    expect([entries.status, entries.body.code, entries.body.details.reason]).toEqual([413, 'ARCHIVE_TOO_LARGE', 'ENTRY_COUNT']);
  });

  it('stops an archive that lies about its sizes while inflating it, off the API thread', async () => {
    const before = await plans();
    const res = await upload('lb.drafter', lyingBomb(64));
    expect([res.status, res.body.code, res.body.details.reason]).toEqual([413, 'ARCHIVE_TOO_LARGE', 'INFLATED_SIZE']);
    expect((await t.http.get('/health')).status).toBe(200);
    expect(await plans()).toBe(before);
  });

  it('still reads an ordinary Word document', async () => {
    const res = await upload('lb.drafter', docx(['KẾ HOẠCH', 'Tuyên truyền kỷ niệm ngày thành lập Đảng', 'I. MỤC ĐÍCH, YÊU CẦU', '1. Mục đích', 'Nâng cao nhận thức của cán bộ, đảng viên.']));
    expect([201, 422]).toContain(res.status);
    if (res.status === 422) expect(res.body.code).toBe('NOT_A_PLAN');
  });
});
