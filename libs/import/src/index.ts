export { findWindow, parseWindow, type DateWindow, type WindowContext } from './date-window.js';
export { isPlan, parsePlan } from './parse-plan.js';
export type {
  ParsedAssignment, ParsedForm, ParsedPhase, ParsedPlan, ParsedRecipient, ParsedReference, ParsedReportDuty, ParsedSignature, ParsedSubAssignment,
  RecipientPurpose,
} from './parsed-plan.js';
export { repoPath } from './repo-path.js';
export { fold, normalise } from './text.js';
export { resolvePlan, type DraftAssignment, type DraftReference, type DraftSubAssignment, type ImportReport, type PlanDraft, type ResolveContext } from './resolve-plan.js';
export { matchAssignees, matchUnit, type TreeUnit } from './unit-match.js';
export { documentText, formatOf, UnreadableDocument, type DocumentFormat } from './read-document.js';
export { findDates, firstDate, type FoundDate } from './dates.js';
export { readReferences } from './references.js';
export { kindOf, KIND_CODES, readSymbol } from './symbols.js';
export { loadCorpus, report as corpusReport, score as scoreCorpus, shares as corpusShares, type CorpusDocument, type Fact } from './corpus-score.js';
