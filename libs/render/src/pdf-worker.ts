/** A render thread of PdfRenderPool: each keeps its own parsed fonts across the documents it renders. */
import { Piscina } from 'piscina';
import { renderPdf } from './pdf-renderer.js';
import type { PlanDocument } from './plan-document.js';

export interface PdfTask {
  doc: PlanDocument;
  /** ISO instant: a Date does not keep its prototype across threads. */
  createdAt?: string;
}

export default async function render({ doc, createdAt }: PdfTask): Promise<Uint8Array> {
  const pdf = await renderPdf(doc, { createdAt: createdAt === undefined ? undefined : new Date(createdAt) });
  // Handed over to the caller's thread, not copied.
  return Piscina.move(new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength)) as unknown as Uint8Array;
}
