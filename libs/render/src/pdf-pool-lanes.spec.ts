import { PdfRenderPool, RenderQueueFull, type RenderLane } from './pdf-pool.js';
import type { PlanDocument } from './plan-document.js';
import type { PdfTask } from './pdf-worker.js';

/** A pool whose renders finish only when the test says so: admission is what is under test. */
class HeldPool extends PdfRenderPool {
  readonly started: RenderLane[] = [];
  private readonly releases: (() => void)[] = [];

  protected override execute(lane: RenderLane, _task: PdfTask): Promise<Buffer> {
    this.started.push(lane);
    if (lane === 'issue') return Promise.resolve(Buffer.from('issued'));
    return new Promise((resolve) => this.releases.push(() => resolve(Buffer.from('draft'))));
  }

  finishOne(): void {
    this.releases.shift()?.();
  }
}

const DOC = {} as PlanDocument;
const refusal = async (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => (e instanceof RenderQueueFull ? [e.reason, e.retryAfterSeconds >= 1] : e));
const tick = () => new Promise((r) => setImmediate(r));

describe('PdfRenderPool admission (issue 20, finding 4: rendering could be flooded)', () => {
  it("bounds one owner's share", async () => {
    const pool = new HeldPool({ threads: 1, maxQueued: 8, perOwner: 2 });
    const first = pool.render(DOC, { owner: 'drafter' });
    const second = pool.render(DOC, { owner: 'drafter' });
    expect(await refusal(pool.render(DOC, { owner: 'drafter' }))).toEqual(['OWNER_SHARE', true]);
    // Someone else still gets a place.
    const other = pool.render(DOC, { owner: 'secretary' });
    await tick();
    pool.finishOne();
    await first;
    // A place of the owner's freed: it may ask again.
    const again = pool.render(DOC, { owner: 'drafter' });
    for (let i = 0; i < 3; i++) {
      await tick();
      pool.finishOne();
    }
    await Promise.all([second, other, again]);
  });

  it('bounds the queue as a whole', async () => {
    const pool = new HeldPool({ threads: 1, maxQueued: 2, perOwner: 2 });
    const admitted = ['a', 'b', 'c'].map((owner) => pool.render(DOC, { owner }));
    expect(await refusal(pool.render(DOC, { owner: 'd' }))).toEqual(['QUEUE_FULL', true]);
    for (let i = 0; i < 3; i++) {
      await tick();
      pool.finishOne();
    }
    await Promise.all(admitted);
  });

  it("never makes ISSUE wait behind drafts", async () => {
    const pool = new HeldPool({ threads: 1, maxQueued: 2, perOwner: 2 });
    const drafts = ['a', 'b', 'c'].map((owner) => pool.render(DOC, { owner }));
    await tick();
    expect((await pool.render(DOC, { lane: 'issue' })).toString()).toBe('issued');
    expect(pool.started).toEqual(['draft', 'issue']);
    for (let i = 0; i < 3; i++) {
      await tick();
      pool.finishOne();
    }
    await Promise.all(drafts);
  });
});
