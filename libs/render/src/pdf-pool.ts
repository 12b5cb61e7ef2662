import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { type NumberSlot, renderPdf, renderPdfForNumber } from './pdf-renderer.js';
import type { PlanDocument } from './plan-document.js';
import type { PdfResult, PdfTask } from './pdf-worker.js';

/** The compiled worker beside this module; absent when running from the TypeScript sources (Jest). */
const WORKER = fileURLToPath(new URL('./pdf-worker.js', import.meta.url));

/**
 * Which queue a render waits in. `draft`: documents people look at (drafts re-rendered on
 * request), bounded as a whole and per person. `issue`: the one render of ISSUE, which holds
 * its issuer's numbering counter meanwhile; it has a thread of its own and never waits behind
 * drafts.
 */
export type RenderLane = 'draft' | 'issue';

export interface RenderOptions {
  createdAt?: Date;
  lane?: RenderLane;
  /** Whose request it is (a user id): each owner may have at most `perOwner` draft renders waiting or running. */
  owner?: string;
}

/** The draft lane is full, or this owner has its share in it: try again after `retryAfterSeconds`. */
export class RenderQueueFull extends Error {
  constructor(
    readonly reason: 'QUEUE_FULL' | 'OWNER_SHARE',
    readonly retryAfterSeconds: number,
  ) {
    super(reason === 'QUEUE_FULL' ? 'Too many documents are being rendered; try again shortly' : 'You have documents being rendered already; try again shortly');
    this.name = 'RenderQueueFull';
  }
}

interface Waiting {
  start: () => void;
  owner?: string;
}

/**
 * Renders PDFs on worker threads. A render is tens of milliseconds of CPU (layout and font
 * subsetting); on the event loop it would stall every other request for that long, ISSUE's
 * included, which holds its issuer's numbering counter meanwhile. With `threads` 0, or from
 * the sources (no compiled worker), it renders on the calling thread.
 *
 * Draft renders are admitted by this class, not queued without bound inside piscina: at most
 * `threads` run, `maxQueued` wait, and one owner holds at most `perOwner` of those places;
 * beyond that `render` throws RenderQueueFull at once. ISSUE renders go to a thread of their own.
 */
export class PdfRenderPool {
  private readonly pool?: Piscina<PdfTask, PdfResult>;
  private readonly issuePool?: Piscina<PdfTask, PdfResult>;
  private readonly workerFile: string;
  private readonly concurrency: number;
  private readonly maxQueued: number;
  private readonly perOwner: number;
  private running = 0;
  private readonly waiting: Waiting[] = [];
  private readonly byOwner = new Map<string, number>();
  /** Seconds a draft render takes, averaged: what Retry-After is estimated from. */
  private averageSeconds = 0.5;

  constructor(options: { threads: number; workerFile?: string; maxQueued?: number; perOwner?: number }) {
    this.workerFile = options.workerFile ?? WORKER;
    this.concurrency = Math.max(1, options.threads);
    this.maxQueued = options.maxQueued ?? 8;
    this.perOwner = options.perOwner ?? 2;
    if (options.threads > 0 && existsSync(this.workerFile)) {
      // One thread stays up so that its parsed fonts and caches outlive a quiet minute.
      this.pool = new Piscina({ filename: this.workerFile, minThreads: 1, maxThreads: options.threads, idleTimeout: 60_000 });
      // ISSUE's thread is started now and never leaves: ISSUEs are rare, and a thread started
      // on demand made most of them pay its start and first render (~0.3 s) inside the
      // transaction that holds the issuer's number counter.
      this.issuePool = new Piscina({ filename: this.workerFile, minThreads: 1, maxThreads: 1 });
    }
  }

  /** Whether renders leave the calling thread. */
  get threaded(): boolean {
    return this.pool !== undefined;
  }

  async render(doc: PlanDocument, options: RenderOptions = {}): Promise<Buffer> {
    const task: PdfTask = { doc, createdAt: options.createdAt?.toISOString() };
    if (options.lane === 'issue') return this.execute('issue', task);
    await this.admit(options.owner);
    const started = performance.now();
    try {
      return await this.execute('draft', task);
    } finally {
      this.averageSeconds = 0.8 * this.averageSeconds + 0.2 * ((performance.now() - started) / 1000);
      this.release(options.owner);
    }
  }

  /**
   * ISSUE's render before its number is taken (renderPdfForNumber), in the issue lane: the number
   * is written in afterwards with fillNumber, while the issuer's counter is locked.
   */
  async renderForNumber(doc: PlanDocument, options: { createdAt?: Date } = {}): Promise<{ pdf: Buffer; slot: NumberSlot }> {
    if (!this.issuePool) return renderPdfForNumber(doc, options);
    const result = (await this.issuePool.run({ doc, createdAt: options.createdAt?.toISOString(), forNumber: true })) as { pdf: Uint8Array; slot: NumberSlot };
    return { pdf: Buffer.from(result.pdf.buffer, result.pdf.byteOffset, result.pdf.byteLength), slot: result.slot };
  }

  /** Runs one render in its lane: the draft threads, or the issue thread (started when first needed). */
  protected async execute(lane: RenderLane, task: PdfTask): Promise<Buffer> {
    if (!this.pool) return renderPdf(task.doc, { createdAt: task.createdAt === undefined ? undefined : new Date(task.createdAt) });
    const pool = lane === 'issue' ? this.issuePool! : this.pool;
    const pdf = (await pool.run(task)) as Uint8Array;
    return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  }

  private admit(owner: string | undefined): Promise<void> {
    const held = owner === undefined ? 0 : (this.byOwner.get(owner) ?? 0);
    if (held >= this.perOwner) throw new RenderQueueFull('OWNER_SHARE', this.retryAfter(held));
    if (this.running >= this.concurrency && this.waiting.length >= this.maxQueued) {
      throw new RenderQueueFull('QUEUE_FULL', this.retryAfter(this.waiting.length + this.running));
    }
    if (owner !== undefined) this.byOwner.set(owner, held + 1);
    if (this.running < this.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push({ owner, start: resolve }));
  }

  private release(owner: string | undefined): void {
    if (owner !== undefined) {
      const held = (this.byOwner.get(owner) ?? 1) - 1;
      if (held > 0) this.byOwner.set(owner, held);
      else this.byOwner.delete(owner);
    }
    const next = this.waiting.shift();
    if (next) next.start();
    else this.running--;
  }

  private retryAfter(ahead: number): number {
    return Math.max(1, Math.ceil((ahead / this.concurrency) * this.averageSeconds));
  }

  /** Called by Nest at shutdown (the provider's lifecycle hook): lets the threads end. */
  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.pool?.close({ force: true }), this.issuePool?.close({ force: true })]);
  }
}
