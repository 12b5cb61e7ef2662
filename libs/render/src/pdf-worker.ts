/** A render thread of PdfRenderPool: each keeps its own parsed fonts across the documents it renders. */
import { Piscina } from 'piscina';
import { type NumberSlot, renderPdf, renderPdfForNumber, warmUp } from './pdf-renderer.js';
import type { PlanDocument } from './plan-document.js';

export interface PdfTask {
  doc: PlanDocument;
  /** ISO instant: a Date does not keep its prototype across threads. */
  createdAt?: string;
  /** An issued plan without its number: rendered with the number line left as a slot (renderPdfForNumber). */
  forNumber?: boolean;
}

export type PdfResult = Uint8Array | { pdf: Uint8Array; slot: NumberSlot };

// The first warm-up render before the thread takes a task, the rest beside its first tasks.
// A failure here shows again, with its cause, on the first task.
await warmUp().then(
  ({ rest }) => void rest.catch(() => undefined),
  () => undefined,
);

export default async function render({ doc, createdAt, forNumber }: PdfTask): Promise<PdfResult> {
  const at = createdAt === undefined ? undefined : new Date(createdAt);
  // Copied back with its slot (a structured clone of some 50 KB).
  if (forNumber) return renderPdfForNumber(doc, { createdAt: at });
  const pdf = await renderPdf(doc, { createdAt: at });
  // Handed over to the caller's thread, not copied.
  return Piscina.move(new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength)) as unknown as Uint8Array;
}
