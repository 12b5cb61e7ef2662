import type { components } from '../../api/schema';

type Plan = components['schemas']['PlanDto'];
type AssignmentView = components['schemas']['AssignmentViewDto'];
export type PlanBody = components['schemas']['UpdatePlanDto'];
export type RecipientPurpose = components['schemas']['RecipientDto']['purpose'];
export const RECIPIENT_PURPOSES = ['report', 'implement', 'coordinate', 'archive'] as const satisfies readonly RecipientPurpose[];

/** A unit or a plan picked in a search box: its id and what the box shows. */
export interface Picked {
  id: string;
  label: string;
}

/** Lists of short texts (items, responsibilities, footnotes) are edited one per line. */
export type Lines = string;

export interface BasisRow {
  kind: 'plan' | 'external';
  plan: Picked | null;
  type: string;
  numberAndSymbol: string;
  issuedOn: string;
  issuer: string;
  title: string;
}
export interface PhaseRow {
  title: string;
  /** A window of dates, or one the documents word as text ("sau Đại hội"). */
  window: 'dates' | 'text';
  startsOn: string;
  endsOn: string;
  windowText: string;
  items: Lines;
}
export interface FormRow {
  title: string;
  items: Lines;
}
export interface AssignmentRow {
  unit: Picked | null;
  responsibilities: Lines;
  requiresOwnPlan: boolean;
  dueOn: string;
  subAssignments: AssignmentRow[];
}
export interface RecipientRow {
  kind: 'unit' | 'name';
  unit: Picked | null;
  name: string;
  purpose: RecipientPurpose;
}

/** The editor's state: every part of a plan's anatomy, as the inputs hold it (strings, '' for empty). */
export interface PlanForm {
  type: string;
  title: string;
  place: string;
  basis: BasisRow[];
  purposes: Lines;
  phases: PhaseRow[];
  forms: FormRow[];
  assignments: AssignmentRow[];
  reportDuty: { collector: Picked | null; dueOn: string; periodic: boolean };
  budget: { text: string; amount: number | ''; currency: string };
  footnotes: Lines;
  recipients: RecipientRow[];
}

export const emptyBasis = (kind: BasisRow['kind']): BasisRow => ({ kind, plan: null, type: 'KH', numberAndSymbol: '', issuedOn: '', issuer: '', title: '' });
export const emptyPhase = (): PhaseRow => ({ title: '', window: 'dates', startsOn: '', endsOn: '', windowText: '', items: '' });
export const emptyForm = (): FormRow => ({ title: '', items: '' });
export const emptyAssignment = (): AssignmentRow => ({ unit: null, responsibilities: '', requiresOwnPlan: false, dueOn: '', subAssignments: [] });
export const emptyRecipient = (kind: RecipientRow['kind']): RecipientRow => ({ kind, unit: null, name: '', purpose: kind === 'unit' ? 'implement' : 'report' });

export function emptyPlanForm(): PlanForm {
  return {
    type: 'KH',
    title: '',
    place: '',
    basis: [],
    purposes: '',
    // Rows are added by the user: an untouched blank row would only come back as VALIDATION_FAILED.
    phases: [],
    forms: [],
    assignments: [],
    reportDuty: { collector: null, dueOn: '', periodic: false },
    budget: { text: '', amount: '', currency: 'VND' },
    footnotes: '',
    recipients: [],
  };
}

const lines = (list: readonly string[]): Lines => list.join('\n');
/** One entry per non-blank line, trimmed. */
export const toList = (text: Lines): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
const opt = (text: string): string | undefined => (text.trim() === '' ? undefined : text.trim());

function assignmentRow(a: AssignmentView): AssignmentRow {
  return {
    unit: { id: a.assigneeUnitId, label: a.assigneeUnitName },
    responsibilities: lines(a.responsibilities),
    requiresOwnPlan: a.requiresOwnPlan,
    dueOn: a.dueOn ?? '',
    subAssignments: a.subAssignments.map(assignmentRow),
  };
}

/** A stored plan as the editor's state. */
export function fromPlan(plan: Plan): PlanForm {
  return {
    type: plan.type,
    title: plan.title,
    place: plan.place ?? '',
    basis: plan.basis.map((b) =>
      b.external
        ? { ...emptyBasis('external'), type: b.external.type, numberAndSymbol: b.external.numberAndSymbol, issuedOn: b.external.issuedOn ?? '', issuer: b.external.issuer ?? '', title: b.external.title ?? '' }
        : { ...emptyBasis('plan'), plan: { id: b.planId!, label: [b.numberAndSymbol, b.title].filter(Boolean).join(' · ') } },
    ),
    purposes: lines(plan.purposes),
    phases: plan.phases.map((p) => ({
      title: p.title,
      window: p.windowText && !p.startsOn && !p.endsOn ? 'text' : 'dates',
      startsOn: p.startsOn ?? '',
      endsOn: p.endsOn ?? '',
      windowText: p.windowText ?? '',
      items: lines(p.items),
    })),
    forms: plan.forms.map((f) => ({ title: f.title, items: lines(f.items) })),
    assignments: plan.assignments.map(assignmentRow),
    reportDuty: plan.reportDuty
      ? { collector: { id: plan.reportDuty.collectorUnitId, label: plan.reportDuty.collectorUnitName }, dueOn: plan.reportDuty.dueOn, periodic: plan.reportDuty.periodic }
      : { collector: null, dueOn: '', periodic: false },
    budget: plan.budget ? { text: plan.budget.text, amount: plan.budget.amount ?? '', currency: plan.budget.currency ?? 'VND' } : { text: '', amount: '', currency: 'VND' },
    footnotes: lines(plan.footnotes),
    recipients: plan.recipients.map((r) =>
      r.unitId ? { kind: 'unit', unit: { id: r.unitId, label: r.unitName ?? r.name ?? '' }, name: '', purpose: r.purpose } : { kind: 'name', unit: null, name: r.name ?? '', purpose: r.purpose },
    ),
  };
}

function assignmentBody(a: AssignmentRow) {
  return {
    // A row without a unit is sent as it is: the API names the missing field and the form shows it there.
    assigneeUnitId: a.unit?.id as string,
    responsibilities: toList(a.responsibilities),
    requiresOwnPlan: a.requiresOwnPlan,
    dueOn: opt(a.dueOn),
  };
}

/**
 * The editor's state as the API's plan content (POST /plans, PATCH /plans/:id). Blank optional
 * parts are left out; a half-filled part is sent as it is, so VALIDATION_FAILED names its field.
 */
export function toBody(form: PlanForm): PlanBody {
  const duty = form.reportDuty;
  const dutyStarted = !!duty.collector || duty.dueOn !== '';
  return {
    type: form.type.trim(),
    title: form.title.trim(),
    place: form.place.trim(),
    basis: form.basis.map((b) =>
      b.kind === 'plan'
        ? { planId: b.plan?.id }
        : { external: { type: b.type.trim(), numberAndSymbol: b.numberAndSymbol.trim(), issuedOn: opt(b.issuedOn), issuer: opt(b.issuer), title: opt(b.title) } },
    ),
    purposes: toList(form.purposes),
    phases: form.phases.map((p) => ({
      title: p.title.trim(),
      ...(p.window === 'dates' ? { startsOn: opt(p.startsOn), endsOn: opt(p.endsOn) } : { windowText: opt(p.windowText) }),
      items: toList(p.items),
    })),
    forms: form.forms.map((f) => ({ title: f.title.trim(), items: toList(f.items) })),
    assignments: form.assignments.map((a) => ({ ...assignmentBody(a), subAssignments: a.subAssignments.map(assignmentBody) })),
    reportDuty: dutyStarted ? { collectorUnitId: duty.collector?.id as string, dueOn: duty.dueOn, periodic: duty.periodic } : null,
    budget: form.budget.text.trim() === '' ? null : { text: form.budget.text.trim(), amount: form.budget.amount === '' ? undefined : form.budget.amount, currency: opt(form.budget.currency) },
    footnotes: toList(form.footnotes),
    recipients: form.recipients.map((r) => (r.kind === 'unit' ? { unitId: r.unit?.id, purpose: r.purpose } : { name: r.name.trim(), purpose: r.purpose })),
  };
}

/**
 * VALIDATION_FAILED's details keyed by field path (`assignments.0.assigneeUnitId`), and a lookup
 * that gives an input the messages of its path and of everything under it (a list's lines).
 */
export function errorsByPath(details: unknown): { at: (path: string) => string | undefined; paths: string[] } {
  const map = new Map<string, string[]>();
  if (Array.isArray(details)) {
    for (const d of details as { field?: unknown; messages?: unknown }[]) {
      if (typeof d.field !== 'string') continue;
      const messages = Array.isArray(d.messages) ? d.messages.filter((m): m is string => typeof m === 'string') : [];
      map.set(d.field, [...(map.get(d.field) ?? []), ...messages]);
    }
  }
  const at = (path: string) => {
    const found = [...map].filter(([field]) => field === path || field.startsWith(`${path}.`)).flatMap(([, m]) => m);
    return found.length ? found.join('; ') : undefined;
  };
  return { at, paths: [...map.keys()] };
}

/** The paths the editor shows next to an input; any other detail is listed above the form. */
const SHOWN = [
  /^(type|title|place|purposes|footnotes)(\..*)?$/,
  /^basis\.\d+(\..*)?$/,
  /^phases\.\d+\.(title|startsOn|endsOn|windowText|items)(\..*)?$/,
  /^forms\.\d+\.(title|items)(\..*)?$/,
  /^assignments\.\d+(\.subAssignments\.\d+)?\.(assigneeUnitId|responsibilities|dueOn)(\..*)?$/,
  /^reportDuty\.(collectorUnitId|dueOn)$/,
  /^budget\.(text|amount|currency)$/,
  /^recipients\.\d+(\..*)?$/,
];
export const shownOnForm = (path: string): boolean => SHOWN.some((re) => re.test(path));
