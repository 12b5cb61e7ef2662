import { Badge } from '@mantine/core';
import { IconAlarm, IconAlertTriangle, IconCircleCheck, IconClockExclamation, IconClockPause, IconProgress, type Icon } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { components } from '../api/schema';

export type DeadlineStatus = components['schemas']['DeadlineStatus'];

/** Colour, icon and word for each status the API computes: never colour alone. */
export const DEADLINE_LOOK: Record<DeadlineStatus, { color: string; icon: Icon }> = {
  not_yet_due: { color: 'gray', icon: IconClockPause },
  in_progress: { color: 'blue', icon: IconProgress },
  due_soon: { color: 'yellow', icon: IconAlarm },
  overdue: { color: 'red', icon: IconAlertTriangle },
  done_on_time: { color: 'green', icon: IconCircleCheck },
  done_late: { color: 'orange', icon: IconClockExclamation },
};

export function DeadlineBadge({ status }: { status: DeadlineStatus | null | undefined }) {
  const { t } = useTranslation();
  if (!status) return null;
  const { color, icon: StatusIcon } = DEADLINE_LOOK[status];
  return (
    // The word in the text colour: the light variant's green, yellow and orange text fail WCAG AA contrast; tint and icon keep the colour.
    <Badge color={color} variant="light" leftSection={<StatusIcon size={14} aria-hidden />} data-status={status} styles={{ label: { color: 'var(--mantine-color-text)' } }}>
      {t(`deadline.${status}`)}
    </Badge>
  );
}
