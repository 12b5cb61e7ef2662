import { Paper, Stack, Text, Title } from '@mantine/core';
import { PageLoader } from '../../components/PageLoader';
import { IconBellRinging, IconUser } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { formatDate, formatDateTime } from '../../i18n/format';

/** The reminders (đôn đốc) the assignment's unit received, newest first: by hand with a message, or by the deadline sweep. */
export function ReminderHistory({ assignmentId }: { assignmentId: string }) {
  const { t } = useTranslation();
  const reminders = useQuery({
    queryKey: ['assignment', assignmentId, 'reminders'],
    queryFn: () => unwrap(api.GET('/assignments/{id}/reminders', { params: { path: { id: assignmentId }, query: { limit: 50 } } })),
  });
  return (
    <Paper withBorder p="md" component="section" data-testid="reminders">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('myWork.reminders')}
        </Title>
        {reminders.isError && <ApiErrorAlert error={reminders.error} onRetry={() => void reminders.refetch()} />}
        {reminders.isPending && <PageLoader size="sm" />}
        {reminders.data?.items.length === 0 && <Text size="sm">{t('myWork.noReminders')}</Text>}
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {reminders.data?.items.map((r, i) => (
            <Stack key={i} gap={2} component="li" data-testid="reminder">
              <Text size="sm" fw={600}>
                {r.kind === 'manual' ? <IconUser size={14} aria-hidden /> : <IconBellRinging size={14} aria-hidden />}{' '}
                {formatDateTime(r.sentAt)} ·{' '}
                {r.kind === 'manual'
                  ? t('myWork.reminderManual', { sender: r.senderName ?? '', unit: r.senderUnitName ?? '' })
                  : t('myWork.reminderAutomatic', { date: formatDate(r.dueOn) })}
              </Text>
              {r.message && <Text size="sm">{r.message}</Text>}
            </Stack>
          ))}
        </Stack>
      </Stack>
    </Paper>
  );
}
