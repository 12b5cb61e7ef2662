import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { repoPath } from '@app/import';
import { runImport } from './import.js';

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

const seed = (name: string) => repoPath('seeds', name);
const LB = seed('long-bien-district-2015-17-KH-QU-congress-xii.txt');
const KT = seed('kon-tum-economic-zone-2020-17-KH-BQLKKT-toward-congress-xiii.txt');

describe('npm run import -- --dry-run', () => {
  const env = { ...process.env };
  beforeEach(() => {
    // No server, database or login: a dry run must not need any of them.
    for (const name of ['DATABASE_URL', 'IMPORT_USERNAME', 'IMPORT_PASSWORD', 'IMPORT_API_URL']) delete process.env[name];
  });
  afterAll(() => Object.assign(process.env, env));

  it('prints the structured result of each file as JSON, the same as the parser gives', async () => {
    const out = capture();
    const err = capture();
    const code = await runImport(['--dry-run', '--json', LB, KT, repoPath('test', 'fixtures', 'long-bien-17-KH-QU.docx')], out.stream, err.stream);
    expect(code).toBe(0);
    const results = JSON.parse(out.text());
    expect(results.map((r: { file: string; ok: boolean }) => [r.file, r.ok])).toEqual([[LB, true], [KT, true], [repoPath('test', 'fixtures', 'long-bien-17-KH-QU.docx'), true]]);
    const expected = JSON.parse(readFileSync(repoPath('libs', 'import', 'fixtures', 'long-bien-17-KH-QU.expected.json'), 'utf8'));
    expect(results[0].parsed).toEqual(expected);
    expect(results[1].parsed.numberAndSymbol).toBe('17/KH-BQLKKT');
    expect(results[2].parsed.phases).toEqual(expected.phases);
    expect(err.text()).toMatch(/Importing .* 3\/3 files/);
  });

  it('prints a summary per file without --json', async () => {
    const out = capture();
    expect(await runImport(['--dry-run', LB], out.stream, capture().stream)).toBe(0);
    expect(out.text()).toContain('KH 17-KH/QU “Triển khai công tác thông tin, tuyên truyền phục vụ Đại hội đại biểu toàn quốc lần thứ XII của Đảng”');
    expect(out.text()).toContain('6 phases, 5 assignments, 7 recipients, 2 unclassified paragraphs');
  });

  it('exits 2 naming each file it cannot read, and still reads the others', async () => {
    const out = capture();
    const code = await runImport(['--dry-run', '--json', repoPath('no-such-file.txt'), repoPath('package.json'), LB], out.stream, capture().stream);
    expect(code).toBe(2);
    const results = JSON.parse(out.text());
    expect(results.map((r: { ok: boolean }) => r.ok)).toEqual([false, false, true]);
    expect(results[1].error).toMatch(/UNSUPPORTED_TYPE/);
  });

  it('exits 1 with the usage when no file is named, or when an import has no issuer', async () => {
    const err = capture();
    expect(await runImport(['--dry-run'], capture().stream, err.stream)).toBe(1);
    expect(err.text()).toContain('npm run import --');
    expect(await runImport([LB], capture().stream, capture().stream)).toBe(1);
  });
});
