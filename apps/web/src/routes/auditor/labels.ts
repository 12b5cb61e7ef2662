import type { TFunction, i18n as I18n } from 'i18next';
import type { MachineKind } from './machine-path';

const STATE_KEYS: Record<MachineKind, string> = { plan: 'planState', assignment: 'assignmentState', report: 'auditor.reportState' };

/** A machine state in words (`draft.submitted` → "Chờ duyệt"), or its path when the locale has none (an older machine's state). */
export function stateLabel(t: TFunction, i18n: I18n, kind: MachineKind, state: string | null): string {
  if (state === null) return '—';
  const key = `${STATE_KEYS[kind]}.${state}`;
  return i18n.exists(key) ? t(key) : state;
}

/** An audit event in words (SUBMIT → "Trình duyệt"), or its code. */
export function eventLabel(t: TFunction, i18n: I18n, event: string): string {
  const key = `auditor.events.${event}`;
  return i18n.exists(key) ? t(key) : event;
}
