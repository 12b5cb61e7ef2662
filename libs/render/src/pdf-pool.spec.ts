import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pdfText } from '../../../test/support/document-readers.js';
import { PARTY_PLAN, STATE_PLAN } from '../../../test/support/plan-documents.js';
import { PdfRenderPool } from './pdf-pool.js';
import { renderPdf } from './pdf-renderer.js';

/**
 * The server renders on worker threads from the compiled build; Jest runs the TypeScript
 * sources, which a worker thread cannot load. So the library is compiled here, as `npm run
 * build` does, into a folder inside the repository (its node_modules and assets/fonts are found
 * upwards from there), and the pool is pointed at that worker.
 */
describe('PdfRenderPool', () => {
  const root = resolve('.');
  let built: string;
  let pool: PdfRenderPool;

  beforeAll(() => {
    built = mkdtempSync(join(root, '.render-build-'));
    execFileSync(join(root, 'node_modules/.bin/swc'), ['libs/render/src', '-d', built, '--config-file', '.swcrc', '-q'], { cwd: root });
    pool = new PdfRenderPool({ threads: 2, workerFile: join(built, 'libs/render/src/pdf-worker.js') });
  }, 60_000);

  afterAll(async () => {
    await pool?.onModuleDestroy();
    rmSync(built, { recursive: true, force: true });
  });

  it('renders on worker threads the same bytes as on the event loop', async () => {
    expect(pool.threaded).toBe(true);
    const createdAt = new Date('2016-01-04T02:00:00Z');
    const [party, state] = await Promise.all([pool.render(PARTY_PLAN, { createdAt }), pool.render(STATE_PLAN, { createdAt })]);
    expect(party.equals(await renderPdf(PARTY_PLAN, { createdAt }))).toBe(true);
    expect(state.equals(await renderPdf(STATE_PLAN, { createdAt }))).toBe(true);
    expect(pdfText(state)).toContain('Số: 17/KH-BQLKKT');
  });

  it('renders on the calling thread with no threads, or without a compiled worker', async () => {
    expect(new PdfRenderPool({ threads: 0, workerFile: join(built, 'libs/render/src/pdf-worker.js') }).threaded).toBe(false);
    const sources = new PdfRenderPool({ threads: 2 });
    expect(sources.threaded).toBe(false);
    expect(pdfText(await sources.render(STATE_PLAN))).toContain('Số: 17/KH-BQLKKT');
  });
});
