export { findWindow, parseWindow, type DateWindow, type WindowContext } from './date-window.js';
export { parsePlan } from './parse-plan.js';
export type {
  ParsedAssignment, ParsedForm, ParsedPhase, ParsedPlan, ParsedRecipient, ParsedReference, ParsedReportDuty, ParsedSignature, ParsedSubAssignment,
  RecipientPurpose,
} from './parsed-plan.js';
export { repoPath } from './repo-path.js';
export { fold, normalise } from './text.js';
