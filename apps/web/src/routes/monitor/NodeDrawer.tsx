import { Button, Drawer, Group, List, Stack, Text, Textarea, Title } from '@mantine/core';
import { PageLoader } from '../../components/PageLoader';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { fieldErrors } from '../../api/errors';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { DeadlineBadge } from '../../components/DeadlineBadge';
import { StateBadge } from '../../components/StateBadge';
import { formatDate, formatDateTime } from '../../i18n/format';
import type { CascadeNode } from './cascade-model';
import { IndicatorList, type IndicatorCatalogue } from './MonitorCascade';

/** The report of a unit, with ACCEPT and RETURN when the API offers them (RETURN needs a comment). */
function ReportPanel({ reportId, planId, catalogue }: { reportId: string; planId: string; catalogue: IndicatorCatalogue }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const report = useQuery({ queryKey: ['report', reportId], queryFn: () => unwrap(api.GET('/reports/{id}', { params: { path: { id: reportId } } })) });
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const decide = useMutation({
    mutationFn: (type: 'ACCEPT' | 'RETURN') =>
      unwrap(api.POST('/reports/{id}/events', {
        params: { path: { id: reportId }, header: { 'Idempotency-Key': crypto.randomUUID() } },
        body: type === 'RETURN' ? { type, expectedVersion: report.data!.version, comment: comment.trim() } : { type, expectedVersion: report.data!.version },
      })),
    onSuccess: async () => {
      setComment('');
      await Promise.all([client.invalidateQueries({ queryKey: ['report', reportId] }), client.invalidateQueries({ queryKey: ['cascade', planId] })]);
    },
  });
  const server = fieldErrors(decide.error, ['comment']);
  if (report.isPending) return <PageLoader size="sm" />;
  if (report.isError) return <ApiErrorAlert error={report.error} onRetry={() => void report.refetch()} />;
  const r = report.data;
  const canReturn = r.nextEvents.includes('RETURN');
  return (
    <Stack gap="xs" data-testid="report-panel">
      <Text size="sm" data-testid="report-state">
        {t('monitor.reportLabel', { state: t(`monitor.reportState.${r.state}`, r.state) })}
        {r.submittedAt && ` · ${t('monitor.submittedAt', { date: formatDateTime(r.submittedAt) })}`}
      </Text>
      {r.results && <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{r.results}</Text>}
      <IndicatorList values={r.indicators} catalogue={catalogue} />
      <ApiErrorAlert error={decide.error} extra={server.other} />
      {canReturn && (
        <Textarea
          label={t('monitor.returnComment')}
          autosize
          minRows={2}
          value={comment}
          onChange={(e) => {
            setComment(e.currentTarget.value);
            setMissing(false);
          }}
          error={missing ? t('secretary.commentRequired') : server.byField.comment}
        />
      )}
      <Group gap="xs">
        {r.nextEvents.includes('ACCEPT') && (
          <Button loading={decide.isPending && decide.variables === 'ACCEPT'} onClick={() => decide.mutate('ACCEPT')}>
            {t('monitor.accept')}
          </Button>
        )}
        {canReturn && (
          <Button
            color="red"
            loading={decide.isPending && decide.variables === 'RETURN'}
            onClick={() => (comment.trim() === '' ? setMissing(true) : decide.mutate('RETURN'))}
          >
            {t('monitor.return')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

/** Every reminder the unit got for this assignment, automatic and by hand, newest first. */
function ReminderHistory({ assignmentId }: { assignmentId: string }) {
  const { t } = useTranslation();
  const history = useQuery({
    queryKey: ['reminders', assignmentId],
    queryFn: () => unwrap(api.GET('/assignments/{id}/reminders', { params: { path: { id: assignmentId }, query: { limit: 50 } } })),
  });
  if (history.isPending) return <PageLoader size="sm" />;
  if (history.isError) return <ApiErrorAlert error={history.error} onRetry={() => void history.refetch()} />;
  if (history.data.items.length === 0) return <Text size="sm">{t('monitor.noReminders')}</Text>;
  return (
    <List size="sm" spacing={4} data-testid="reminder-history">
      {history.data.items.map((r) => (
        <List.Item key={`${r.sentAt}-${r.kind}-${r.message ?? r.offsetDays}`}>
          {formatDateTime(r.sentAt)} ·{' '}
          {r.kind === 'manual'
            ? t('monitor.reminderManual', { sender: r.senderName ?? '', message: r.message ?? '' })
            : t('monitor.reminderAutomatic', { count: Math.abs(r.offsetDays ?? 0), context: (r.offsetDays ?? 0) < 0 ? 'before' : 'after' })}
        </List.Item>
      ))}
    </List>
  );
}

/** One unit of the cascade in detail: its state, its report (to accept or return), its reminders. */
export function NodeDrawer({ node, planId, catalogue, onClose, onRemind }: {
  node: Omit<CascadeNode, 'children'> | undefined; planId: string; catalogue: IndicatorCatalogue; onClose: () => void; onRemind: (assignmentId: string) => void;
}) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 48em)');
  return (
    <Drawer opened={node !== undefined} onClose={onClose} position="right" size={phone ? '100%' : 'lg'} title={node?.unit.name} closeButtonProps={{ 'aria-label': t('app.close') }}>
      {node && (
        <Stack>
          <Group gap={6}>
            <StateBadge state={node.state} kind="assignment" />
            <DeadlineBadge status={node.deadlineStatus} />
            {node.dueOn && <Text size="sm">{t('monitor.dueOn', { date: formatDate(node.dueOn) })}</Text>}
          </Group>
          {node.childPlan && (
            <Text size="sm">
              {t('monitor.childPlan', { number: node.childPlan.numberAndSymbol ?? t('plan.noNumber'), state: t(`planState.${node.childPlan.state}`, node.childPlan.state) })}
            </Text>
          )}
          <IndicatorList values={node.indicators} catalogue={catalogue} />
          <Title order={2} size="h4">
            {t('monitor.report')}
          </Title>
          {node.report ? <ReportPanel key={node.report.id} reportId={node.report.id} planId={planId} catalogue={catalogue} /> : <Text size="sm">{t('monitor.noReport')}</Text>}
          <Title order={2} size="h4">
            {t('monitor.reminders')}
          </Title>
          <ReminderHistory assignmentId={node.id} />
          <Group>
            <Button variant="default" onClick={() => onRemind(node.id)}>
              {t('monitor.remindOne')}
            </Button>
          </Group>
        </Stack>
      )}
    </Drawer>
  );
}
