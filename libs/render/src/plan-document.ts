/**
 * A plan as a document: every part already resolved to the words printed (unit names, the
 * document type's Vietnamese name). Plain data, so the renderers need no database and the
 * model of an issued plan can be stored beside its PDF.
 */
export type SymbolStyle = 'party' | 'state';
export type RecipientPurpose = 'report' | 'implement' | 'coordinate' | 'archive';

/** Căn cứ: a document this one implements. */
export interface DocumentReference {
  /** "Kế hoạch", "Hướng dẫn" … */
  typeName: string;
  numberAndSymbol: string | null;
  /** YYYY-MM-DD */
  issuedOn?: string;
  issuer?: string;
  title?: string;
}

export interface DocumentPhase {
  title: string;
  startsOn?: string;
  endsOn?: string;
  windowText?: string;
  items: string[];
}

export interface DocumentForm {
  title: string;
  items: string[];
}

export interface DocumentAssignment {
  assignee: string;
  responsibilities: string[];
  requiresOwnPlan: boolean;
  dueOn?: string;
  subAssignments: DocumentAssignment[];
}

export interface PlanDocument {
  style: SymbolStyle;
  /** Not issued yet: printed with the DỰ THẢO (draft) mark, the number and the day left blank. */
  draft: boolean;
  /** The body above the issuer (cơ quan chủ quản), printed above it; null at the top of the tree. */
  superiorBody: string | null;
  /** The body whose name heads the document (for a standing committee, its committee). */
  issuingBody: string;
  /** The document type's code and Vietnamese name: KH, "Kế hoạch". */
  typeCode: string;
  typeName: string;
  /** The issuer's abbreviation in the symbol (QU, BQLKKT). */
  issuerShortName: string;
  /** Set once issued: "17-KH/QU", "17/KH-BQLKKT". */
  numberAndSymbol: string | null;
  place: string | null;
  /** YYYY-MM-DD once issued; a draft is dated in this year with the day left blank. */
  issuedOn: string | null;
  year: number;
  title: string;
  /** The issuing body as the opening sentence names it: "Ban Thường vụ Quận ủy Long Biên". */
  issuerName: string;
  basis: DocumentReference[];
  purposes: string[];
  phases: DocumentPhase[];
  forms: DocumentForm[];
  assignments: DocumentAssignment[];
  reportDuty: { collector: string; dueOn: string; periodic: boolean } | null;
  budget: { text: string } | null;
  footnotes: string[];
  recipients: { name: string; purpose: RecipientPurpose }[];
  signature: {
    authority: string;
    onBehalfOf: string;
    signerTitle: string;
    signerName: string;
    /** The signer's signature image (base64 PNG), centred between title and name. */
    signatureImage?: AppearanceImage;
    /** The issuing body's seal (base64 PNG), at its actual size, over the left third of the signature. */
    seal?: AppearanceImage;
  } | null;
}

/** An image of the signature block (Decree 30/2020, Appendix I): a transparent PNG and its printed width. */
export interface AppearanceImage {
  png: string;
  widthMm: number;
}
