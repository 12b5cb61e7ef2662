import { Badge, Code, Group, Paper, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Trans, useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { formatDate, formatDateTime } from '../../i18n/format';
import { eventLabel, stateLabel } from './labels';
import type { AuditEntry, MachineKind } from './machine-path';

const KINDS: readonly string[] = ['plan', 'assignment', 'report'] satisfies MachineKind[];

/**
 * One transition as the audit trail holds it: when, who (with the role used and on whose behalf),
 * what, from → to, the comment or reason, and the entry's hash with the previous one it chains to.
 */
export function AuditEntryCard({ entry, broken, actorAction, subject }: { entry: AuditEntry; broken?: string; actorAction?: ReactNode; subject?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const kind = (KINDS.includes(entry.subjectType) ? entry.subjectType : 'plan') as MachineKind;
  const actor = entry.actor;
  return (
    <Paper component="li" withBorder p="sm" data-testid="audit-entry" data-seq={entry.seq} data-broken={broken ? 'true' : undefined} style={broken ? { borderColor: 'var(--mantine-color-red-8)', borderWidth: 2 } : undefined}>
      <Stack gap={4}>
        {broken && (
          <Badge color="red.8" variant="filled" leftSection={<IconAlertTriangle size={14} aria-hidden />}>
            {broken}
          </Badge>
        )}
        <Group gap="xs" justify="space-between">
          <Text fw={700}>
            {t('auditor.entry.seq', { seq: entry.seq })} · {eventLabel(t, i18n, entry.event)} <Code>{entry.event}</Code>
          </Text>
          <Text size="sm" component="time" dateTime={entry.at}>
            {formatDateTime(entry.at)}
          </Text>
        </Group>
        {subject}
        {entry.event === 'HANDOVER' && <Handover payload={entry.payload} />}
        <Text size="sm">
          {stateLabel(t, i18n, kind, entry.fromState)} → <strong>{stateLabel(t, i18n, kind, entry.toState)}</strong>
        </Text>
        <Group gap={6}>
          <Text size="sm">
            {t('auditor.entry.actor')}: <strong>{actor.name ?? t('auditor.entry.system')}</strong>
            {actor.username && ` (${actor.username})`}
            {actor.role && ` · ${t(`roles.${actor.role}`, { defaultValue: actor.role })}`}
            {actor.onBehalfOf && ` · ${t('auditor.entry.onBehalfOf', { who: actor.onBehalfOf })}`}
          </Text>
          {actorAction}
        </Group>
        {entry.comment && (
          <Text size="sm">
            {t('auditor.entry.comment')}: {entry.comment}
          </Text>
        )}
        <Text size="xs" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
          {t('auditor.entry.hash')}: {entry.hash}
        </Text>
        <Text size="xs" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
          {t('auditor.entry.prevHash')}: {entry.prevHash ?? '—'}
        </Text>
      </Stack>
    </Paper>
  );
}

/** Who held the work before and after a reorganisation's HANDOVER, by the units' names. */
function Handover({ payload }: { payload: Record<string, unknown> }) {
  const { t } = useTranslation();
  return (
    <Text size="sm">
      <Trans
        t={t}
        i18nKey="auditor.entry.handover"
        values={{ day: formatDate(typeof payload.effectiveOn === 'string' ? payload.effectiveOn : undefined) }}
        components={{ from: <UnitName id={payload.fromUnitId} />, to: <UnitName id={payload.toUnitId} /> }}
      />
    </Text>
  );
}

function UnitName({ id }: { id: unknown }) {
  const unit = useQuery({
    queryKey: ['unit', id],
    queryFn: () => unwrap(api.GET('/units/{id}', { params: { path: { id: String(id) } } })),
    enabled: typeof id === 'string',
    retry: false,
  });
  return <strong>{unit.data?.name ?? String(id ?? '—')}</strong>;
}
