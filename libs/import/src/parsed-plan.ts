/**
 * A plan as read from a document: the fields of the plan API's create body, with units
 * still named as the document names them (the resolver maps them onto the tree), plus
 * what the document says about itself (issuer, number, date) and what was not recognised.
 */

export type RecipientPurpose = 'report' | 'implement' | 'coordinate' | 'archive';

/** A parent document cited in the basis (căn cứ): outside the system until resolved. */
export interface ParsedReference {
  /**
   * The cited document's kind, from the word that names it and normalised: KH, HD, NQ, QĐ,
   * QĐi (Quy định), NĐ, CT, KL, TT, TTLT, CV, TTr, CTr, Luật …
   */
  type: string;
  /** Normalised (`34/2014/QĐ-TTg`, not `QĐ-TTG`); a law cited by its title alone has none. */
  numberAndSymbol?: string;
  issuedOn?: string;
  /** A law cited with its year only (Luật Hộ tịch năm 2014). */
  year?: number;
  issuer?: string;
  /** The subject (về …); for a law, its title. */
  title?: string;
  /** The words of the document as written, for the drafter to check. */
  verbatim: string;
}

export interface ParsedPhase {
  title: string;
  startsOn?: string;
  endsOn?: string;
  /** The window's words when a side of it is an event (*sau Đại hội*). */
  windowText?: string;
  items: string[];
}

export interface ParsedForm {
  title: string;
  items: string[];
}

export interface ParsedSubAssignment {
  /** The assignee as the document names it. */
  assignee: string;
  responsibilities: string[];
  requiresOwnPlan: boolean;
  dueOn?: string;
}

export interface ParsedAssignment extends ParsedSubAssignment {
  subAssignments: ParsedSubAssignment[];
}

export interface ParsedReportDuty {
  /** The monitoring unit as named (the assignee that urges, đôn đốc, or the one reports go through). */
  collector?: string;
  dueOn?: string;
  periodic: boolean;
}

export interface ParsedRecipient {
  name: string;
  purpose: RecipientPurpose;
}

export interface ParsedSignature {
  /** T/M, K/T, T/L, T/U; TM., KT., Q., TL., TUQ. */
  authority?: string;
  onBehalfOf?: string;
  signerTitle?: string;
  signerName?: string;
}

export interface ParsedPlan {
  /** The issuing body as the document names it. */
  issuer?: string;
  /** The body above the issuer in the header (ĐẢNG BỘ TỈNH …), when the header has one. */
  superiorIssuer?: string;
  place?: string;
  issuedOn?: string;
  /** Normalised: `17-KH/QU` (Party), `17/KH-BQLKKT` (state). */
  numberAndSymbol?: string;
  /** Document type code: KH, HD … */
  type: string;
  /** A decision that issues a plan (QĐ … ban hành Kế hoạch …): the kind it carries. */
  carries?: string;
  title: string;
  basis: ParsedReference[];
  purposes: string[];
  phases: ParsedPhase[];
  forms: ParsedForm[];
  assignments: ParsedAssignment[];
  reportDuty?: ParsedReportDuty;
  budget?: { text: string };
  footnotes: string[];
  recipients: ParsedRecipient[];
  signature?: ParsedSignature;
  /** Every paragraph (or sentence of a paragraph read in part) that no field took, verbatim. */
  unclassified: string[];
  /**
   * Fields read by a guess the drafter should check (`title`, `place`, `basis[2].issuedOn` …):
   * taken from a sentence rather than their own line, repaired, or cut from a damaged copy.
   */
  uncertain: string[];
}
