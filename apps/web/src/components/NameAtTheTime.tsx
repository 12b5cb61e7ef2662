import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A unit as a list names it at a past moment (issue, submission): the API's `{ unitId, unitName }`. */
export interface UnitAtTime {
  unitId: string;
  unitName: string | null;
}

/** Whether the name at the time differs from the unit's current name (a rename, or a handover to a successor). */
export function differsFrom(current: string, atTime?: UnitAtTime | null): atTime is UnitAtTime & { unitName: string } {
  return !!atTime?.unitName && atTime.unitName !== current;
}

/**
 * Beside a unit's current name, its name at the time (small, dimmed) where they differ: after a
 * reorganisation lists name today's unit and, in brackets, the one that issued, was assigned or
 * reported. Nothing where they are the same.
 */
export function NameAtTheTime({ current, atTime, kind = 'then' }: { current: string; atTime?: UnitAtTime | null; kind?: 'then' | 'issued' | 'assigned' | 'submitted' }) {
  const { t } = useTranslation();
  if (!differsFrom(current, atTime)) return null;
  return (
    <Text span size="xs" c="dimmed" data-testid="name-at-the-time">
      {' '}({t(`unitAtTime.${kind}`, { name: atTime.unitName })})
    </Text>
  );
}
