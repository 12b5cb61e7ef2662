import type { ParsedPlan, ParsedReference, ParsedSignature, ParsedSubAssignment, RecipientPurpose } from './parsed-plan.js';
import { matchAssignees, matchUnit, TreeUnit } from './unit-match.js';

/** The plan API's create body, as the importer fills it (the API validates it again). */
export interface PlanDraft {
  issuerUnitId: string;
  type: string;
  title: string;
  place?: string;
  basis: { external: DraftReference }[];
  purposes: string[];
  phases: { title: string; startsOn?: string; endsOn?: string; windowText?: string; items: string[] }[];
  forms: { title: string; items: string[] }[];
  assignments: DraftAssignment[];
  reportDuty?: { collectorUnitId: string; dueOn: string; periodic: boolean };
  budget?: { text: string };
  footnotes: string[];
  recipients: ({ unitId: string; purpose: RecipientPurpose } | { name: string; purpose: RecipientPurpose })[];
}

/** An external reference as the plan API holds it: the words as written and a law's year stay in the import report. */
export type DraftReference = Pick<ParsedReference, 'type' | 'issuedOn' | 'issuer' | 'title'> & { numberAndSymbol: string };

export interface DraftSubAssignment {
  assigneeUnitId: string;
  responsibilities: string[];
  requiresOwnPlan: boolean;
  dueOn?: string;
}

export interface DraftAssignment extends DraftSubAssignment {
  subAssignments: DraftSubAssignment[];
}

/** What the import found, what it did not, and what it could not place on the tree. */
export interface ImportReport {
  /** What the document says of itself; the plan gets its own number and date when it is issued. */
  document: { issuer?: string; superiorIssuer?: string; place?: string; issuedOn?: string; numberAndSymbol?: string; signature?: ParsedSignature };
  /** Each field found, with how many entries (1 for a single value). */
  recognised: Record<string, number>;
  /** Fields of a plan the document does not have. */
  missing: string[];
  /** Paragraphs no field took, verbatim. */
  unclassified: string[];
  /** Names that fit no unit (or more than one): they stay text (recipients) or are left out of the draft (assignees, collector). */
  unmatched: { field: string; name: string; responsibilities?: string[] }[];
  /** The report duty as found, even when the draft cannot hold it (no deadline, or no unit for the collector). */
  reportDuty?: { collector?: string; collectorUnitId?: string; dueOn?: string; periodic: boolean };
  /** A part the document has that the draft cannot hold as it is. */
  notes: string[];
  /** Fields read by a guess, for the import screen to highlight (`title`, `basis[1].issuedOn` …). */
  uncertain: string[];
}

export interface ResolveContext {
  issuer: TreeUnit;
  /** The issuer and every unit below it: where assignees and the collector are looked for. */
  scope: TreeUnit[];
  /** Where recipients are looked for: the issuer's scope, its ancestors and their children. */
  addressable: TreeUnit[];
}

const FIELDS = [
  'issuer', 'place', 'issuedOn', 'numberAndSymbol', 'type', 'title', 'basis', 'purposes', 'phases', 'forms', 'assignments', 'reportDuty', 'budget',
  'footnotes', 'recipients', 'signature',
] as const;

function count(plan: ParsedPlan, field: (typeof FIELDS)[number]): number {
  const value = plan[field];
  if (Array.isArray(value)) return value.length;
  return value === undefined || value === '' ? 0 : 1;
}

/** Below `root` in `units` (given as a flat list with parent links), `root` excluded. */
function below(root: TreeUnit, units: TreeUnit[]): TreeUnit[] {
  const children = new Map<string, TreeUnit[]>();
  for (const u of units) if (u.parentId) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);
  const out: TreeUnit[] = [];
  const walk = (id: string) => (children.get(id) ?? []).forEach((c) => (out.push(c), walk(c.id)));
  walk(root.id);
  return out;
}

/** The parsed plan onto the tree: names to unit ids where one unit fits, a draft the plan API accepts, and the report. */
export function resolvePlan(parsed: ParsedPlan, ctx: ResolveContext): { draft: PlanDraft; report: ImportReport } {
  const unmatched: ImportReport['unmatched'] = [];
  const notes: string[] = [];
  const scope = ctx.scope.filter((u) => u.id !== ctx.issuer.id);

  const byUnit = new Map<string, DraftAssignment>();
  parsed.assignments.forEach((a, i) => {
    const { units, unmatched: rest } = matchAssignees(a.assignee, ctx.issuer, scope);
    for (const name of rest) unmatched.push({ field: `assignments[${i}]`, name, responsibilities: a.responsibilities });
    for (const unit of units) {
      const subs: DraftSubAssignment[] = [];
      a.subAssignments.forEach((s, j) => {
        const sub = units.length === 1 ? matchUnit(s.assignee, below(unit, scope)) : undefined;
        if (sub) subs.push(draftOf(sub.id, s));
        else unmatched.push({ field: `assignments[${i}].subAssignments[${j}]`, name: s.assignee, responsibilities: s.responsibilities });
      });
      const existing = byUnit.get(unit.id);
      if (existing) {
        // One tracked assignment per unit: a unit named twice (Văn phòng …, Văn phòng …) gets both duties.
        existing.responsibilities.push(...a.responsibilities);
        existing.requiresOwnPlan ||= a.requiresOwnPlan;
        if (a.dueOn && (!existing.dueOn || a.dueOn < existing.dueOn)) existing.dueOn = a.dueOn;
        existing.subAssignments.push(...subs);
      } else {
        byUnit.set(unit.id, { ...draftOf(unit.id, a), subAssignments: subs });
      }
    }
  });

  let reportDuty: PlanDraft['reportDuty'];
  let found: ImportReport['reportDuty'];
  const duty = parsed.reportDuty;
  if (duty) {
    const collector = duty.collector ? matchUnit(duty.collector, ctx.scope) : undefined;
    if (duty.collector && !collector) unmatched.push({ field: 'reportDuty.collector', name: duty.collector });
    found = { ...duty, ...(collector ? { collectorUnitId: collector.id } : {}) };
    if (collector && duty.dueOn) reportDuty = { collectorUnitId: collector.id, dueOn: duty.dueOn, periodic: duty.periodic };
    else if (!duty.dueOn) notes.push('reportDuty: the document sets no report deadline; the draft has no report duty until one is given');
  }

  const recipients: PlanDraft['recipients'] = parsed.recipients.map((r, i) => {
    if (r.purpose === 'archive') return { name: r.name, purpose: r.purpose };
    const unit = matchUnit(r.name, ctx.addressable);
    if (unit) return { unitId: unit.id, purpose: r.purpose };
    unmatched.push({ field: `recipients[${i}]`, name: r.name });
    return { name: r.name, purpose: r.purpose };
  });

  const draft: PlanDraft = {
    issuerUnitId: ctx.issuer.id,
    type: parsed.type,
    title: parsed.title,
    ...(parsed.place ? { place: parsed.place } : {}),
    basis: parsed.basis.flatMap((ref): { external: DraftReference }[] => {
      if (ref.numberAndSymbol === undefined) {
        notes.push(`${ref.verbatim}: cited without a number and symbol, so it is not in the draft's basis`);
        return [];
      }
      const { type, numberAndSymbol, issuedOn, issuer, title } = ref;
      return [{ external: { type, numberAndSymbol, ...(issuedOn ? { issuedOn } : {}), ...(issuer ? { issuer } : {}), ...(title ? { title } : {}) } }];
    }),
    purposes: parsed.purposes,
    phases: parsed.phases,
    forms: parsed.forms,
    assignments: [...byUnit.values()],
    ...(reportDuty ? { reportDuty } : {}),
    ...(parsed.budget ? { budget: parsed.budget } : {}),
    footnotes: parsed.footnotes,
    recipients,
  };
  const recognised: Record<string, number> = {};
  const missing: string[] = [];
  for (const field of FIELDS) {
    const n = count(parsed, field);
    if (n > 0) recognised[field] = n;
    else missing.push(field);
  }
  const { issuer, superiorIssuer, place, issuedOn, numberAndSymbol, signature } = parsed;
  return {
    draft,
    report: { document: { issuer, superiorIssuer, place, issuedOn, numberAndSymbol, signature }, recognised, missing, unclassified: parsed.unclassified, unmatched, ...(found ? { reportDuty: found } : {}), notes, uncertain: parsed.uncertain },
  };
}

function draftOf(unitId: string, a: ParsedSubAssignment): DraftSubAssignment {
  return { assigneeUnitId: unitId, responsibilities: [...a.responsibilities], requiresOwnPlan: a.requiresOwnPlan, ...(a.dueOn ? { dueOn: a.dueOn } : {}) };
}
