import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A plan's or an assignment's machine state in words (`draft.submitted` → "Chờ duyệt"). */
export function StateBadge({ state, kind = 'plan' }: { state: string; kind?: 'plan' | 'assignment' }) {
  const { t, i18n } = useTranslation();
  const key = `${kind === 'plan' ? 'planState' : 'assignmentState'}.${state}`;
  return (
    <Badge variant="outline" color="dark" data-state={state}>
      {i18n.exists(key) ? t(key) : state}
    </Badge>
  );
}
