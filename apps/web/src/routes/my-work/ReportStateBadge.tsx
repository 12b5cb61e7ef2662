import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A report's state in words (draft, submitted, returned, accepted). */
export function ReportStateBadge({ state }: { state: string }) {
  const { t, i18n } = useTranslation();
  const key = `myWork.reportState.${state}`;
  return (
    <Badge variant="outline" color={state === 'returned' ? 'red' : 'dark'} data-report-state={state}>
      {i18n.exists(key) ? t(key) : state}
    </Badge>
  );
}
