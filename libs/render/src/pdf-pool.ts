import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { renderPdf } from './pdf-renderer.js';
import type { PlanDocument } from './plan-document.js';
import type { PdfTask } from './pdf-worker.js';

/** The compiled worker beside this module; absent when running from the TypeScript sources (Jest). */
const WORKER = fileURLToPath(new URL('./pdf-worker.js', import.meta.url));

/**
 * Renders PDFs on worker threads. A render is tens of milliseconds of CPU (layout and font
 * subsetting); on the event loop it would stall every other request for that long, ISSUE's
 * included, which holds its issuer's numbering counter meanwhile. With `threads` 0, or from
 * the sources (no compiled worker), it renders on the calling thread.
 */
export class PdfRenderPool {
  private readonly pool?: Piscina<PdfTask, Uint8Array>;

  constructor(options: { threads: number; workerFile?: string }) {
    const workerFile = options.workerFile ?? WORKER;
    if (options.threads > 0 && existsSync(workerFile)) {
      // One thread stays up so that its parsed fonts outlive a quiet minute.
      this.pool = new Piscina({ filename: workerFile, minThreads: 1, maxThreads: options.threads, idleTimeout: 60_000 });
    }
  }

  /** Whether renders leave the calling thread. */
  get threaded(): boolean {
    return this.pool !== undefined;
  }

  async render(doc: PlanDocument, options: { createdAt?: Date } = {}): Promise<Buffer> {
    if (!this.pool) return renderPdf(doc, options);
    const pdf = await this.pool.run({ doc, createdAt: options.createdAt?.toISOString() });
    return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  }

  /** Called by Nest at shutdown (the provider's lifecycle hook): lets the threads end. */
  async onModuleDestroy(): Promise<void> {
    await this.pool?.close({ force: true });
  }
}
