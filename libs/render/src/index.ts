export { renderDocx } from './docx-renderer.js';
export { documentTitle, fillNumber, renderPdf, renderPdfForNumber, type NumberSlot } from './pdf-renderer.js';
export { PdfRenderPool, RenderQueueFull, type RenderLane, type RenderOptions } from './pdf-pool.js';
export { DRAFT_MARK, NATIONAL_HEADING, NATIONAL_MOTTO, numberLine, PARTY_HEADING, planOutline, SECTION_TITLES, type PlanOutline } from './outline.js';
export type { AppearanceImage, DocumentAssignment, DocumentReference, PlanDocument, RecipientPurpose, SymbolStyle } from './plan-document.js';
