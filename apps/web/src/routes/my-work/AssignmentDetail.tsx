import { Anchor, Button, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { PageLoader } from '../../components/PageLoader';
import { notifications } from '@mantine/notifications';
import { IconChecks, IconFilePlus, IconReportAnalytics } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { asApiError } from '../../api/errors';
import { useMe } from '../../api/me';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { DeadlineBadge } from '../../components/DeadlineBadge';
import { StateBadge } from '../../components/StateBadge';
import { formatDate } from '../../i18n/format';
import { ReminderHistory } from './ReminderHistory';
import { ReportStateBadge } from './ReportStateBadge';
import { myAssignmentRoute } from './routes';
import { DEAD_PLAN_STATES, holdsAt, reportDue, useAcknowledge } from './work';
import { NameAtTheTime } from '../../components/NameAtTheTime';

/** One assignment of the user's unit: acknowledge it, its implementing plan, its report, the reminders it received. */
export function AssignmentDetail() {
  const { t } = useTranslation();
  const { assignmentId }: { assignmentId: string } = myAssignmentRoute.useParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const me = useMe();
  const assignment = useQuery({
    queryKey: ['assignment', assignmentId],
    queryFn: () => unwrap(api.GET('/assignments/{id}', { params: { path: { id: assignmentId } } })),
  });
  // No report yet is an answer (404), not an error.
  const report = useQuery({
    queryKey: ['assignment', assignmentId, 'report'],
    queryFn: () =>
      unwrap(api.GET('/assignments/{id}/report', { params: { path: { id: assignmentId } } })).catch((error: unknown) => {
        if (asApiError(error).code === 'NOT_FOUND') return null;
        throw error;
      }),
  });
  const acknowledge = useAcknowledge();
  const startPlan = useMutation({
    mutationFn: () => unwrap(api.POST('/assignments/{id}/child-plan', { params: { path: { id: assignmentId } } })),
    onSuccess: async (plan) => {
      await client.invalidateQueries({ queryKey: ['assignments'] });
      await client.invalidateQueries({ queryKey: ['assignment', assignmentId] });
      void navigate({ to: `/my-work/plans/${plan.id}` });
    },
  });
  const startReport = useMutation({
    mutationFn: () => unwrap(api.POST('/assignments/{id}/reports', { params: { path: { id: assignmentId } }, body: {} })),
    onSuccess: async (created) => {
      await client.invalidateQueries({ queryKey: ['assignment', assignmentId] });
      void navigate({ to: `/my-work/reports/${created.id}` });
    },
  });

  if (assignment.isPending) return <PageLoader />;
  if (assignment.isError) return <ApiErrorAlert error={assignment.error} onRetry={() => void assignment.refetch()} />;
  const a = assignment.data;
  const child = a.childPlan && !DEAD_PLAN_STATES.has(a.childPlan.state) ? a.childPlan : null;
  const mayDraft = holdsAt(me.data, a.assigneeUnitId, ['drafter']);
  const mayWrite = holdsAt(me.data, a.assigneeUnitId);

  return (
    <Stack>
      <Anchor component={Link} to="/my-work" size="sm">
        ← {t('myWork.back')}
      </Anchor>
      <Stack gap={4}>
        <Text size="sm">
          {a.plan.numberAndSymbol ?? t('plan.noNumber')} · {a.plan.issuerUnitName}
          <NameAtTheTime current={a.plan.issuerUnitName} atTime={a.plan.issuedBy} kind="issued" /> → {a.assigneeUnitName}
          <NameAtTheTime current={a.assigneeUnitName} atTime={a.assigneeAtIssue} kind="assigned" />
        </Text>
        <Title order={1} size="h2">
          {a.plan.title}
        </Title>
        <Group gap="xs">
          <Text size="sm" fw={600}>
            {a.dueOn ? t('myWork.due', { date: formatDate(a.dueOn) }) : t('myWork.noDue')}
          </Text>
          <DeadlineBadge status={a.deadlineStatus} />
          <StateBadge kind="assignment" state={a.state} />
        </Group>
        {a.reportedOn && <Text size="sm">{t('myWork.reportedOn', { date: formatDate(a.reportedOn) })}</Text>}
      </Stack>

      <Paper withBorder p="md" component="section">
        <Stack gap="xs">
          <Title order={2} size="h4">
            {t('plan.responsibilities')}
          </Title>
          <List size="sm">
            {a.responsibilities.map((r, i) => (
              <List.Item key={i}>{r}</List.Item>
            ))}
          </List>
          <Group>
            <Anchor component={Link} to={`/my-work/plans/${a.plan.id}`} size="sm">
              {t('myWork.openParentPlan')}
            </Anchor>
          </Group>
          {a.nextEvents.includes('ACKNOWLEDGE') && (
            <Group>
              <Button
                leftSection={<IconChecks size={18} aria-hidden />}
                loading={acknowledge.isPending}
                onClick={() =>
                  acknowledge.mutate(a, { onSuccess: () => notifications.show({ message: t('myWork.acknowledged'), color: 'green', closeButtonProps: { 'aria-label': t('app.close') } }) })
                }
              >
                {t('myWork.acknowledge')}
              </Button>
            </Group>
          )}
          <ApiErrorAlert error={acknowledge.error} />
        </Stack>
      </Paper>

      {(a.requiresOwnPlan || a.childPlan) && (
        <Paper withBorder p="md" component="section" data-testid="implementing-plan">
          <Stack gap="xs">
            <Title order={2} size="h4">
              {t('myWork.implementingPlan')}
            </Title>
            {a.childPlan ? (
              <Group gap="xs">
                <StateBadge state={a.childPlan.state} />
                <Text size="sm" data-testid="child-plan-number">
                  {a.childPlan.numberAndSymbol ?? t('plan.noNumber')}
                </Text>
                <Anchor component={Link} to={`/my-work/plans/${a.childPlan.id}`} size="sm">
                  {t('myWork.openPlan')}
                </Anchor>
              </Group>
            ) : (
              <Text size="sm">{t('myWork.noPlanYet')}</Text>
            )}
            {!child && a.state === 'acknowledged' && a.requiresOwnPlan &&
              (mayDraft ? (
                <Group>
                  <Button leftSection={<IconFilePlus size={18} aria-hidden />} loading={startPlan.isPending} onClick={() => startPlan.mutate()}>
                    {t('myWork.startPlan')}
                  </Button>
                </Group>
              ) : (
                <Text size="sm">{t('myWork.drafterStartsPlan')}</Text>
              ))}
            <ApiErrorAlert error={startPlan.error} />
          </Stack>
        </Paper>
      )}

      <Paper withBorder p="md" component="section" data-testid="report-section">
        <Stack gap="xs">
          <Title order={2} size="h4">
            {t('myWork.report')}
          </Title>
          {report.isError && <ApiErrorAlert error={report.error} onRetry={() => void report.refetch()} />}
          {report.isPending && <PageLoader size="sm" />}
          {report.data && (
            <Group gap="xs">
              <ReportStateBadge state={report.data.state} />
              <Anchor component={Link} to={`/my-work/reports/${report.data.id}`} size="sm">
                {report.data.nextEvents.includes('SUBMIT') ? t('myWork.editReport') : t('myWork.openReport')}
              </Anchor>
            </Group>
          )}
          {report.data === null &&
            (mayWrite && reportDue(a) ? (
              <Group>
                <Button leftSection={<IconReportAnalytics size={18} aria-hidden />} loading={startReport.isPending} onClick={() => startReport.mutate()}>
                  {t('myWork.startReport')}
                </Button>
              </Group>
            ) : (
              <Text size="sm">{a.requiresOwnPlan && a.state !== 'implementing' ? t('myWork.reportAfterPlan') : t('myWork.noReport')}</Text>
            ))}
          <ApiErrorAlert error={startReport.error} />
        </Stack>
      </Paper>

      <ReminderHistory assignmentId={assignmentId} />
    </Stack>
  );
}

