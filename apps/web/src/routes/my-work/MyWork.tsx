import { Anchor, Button, Checkbox, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { PageLoader } from '../../components/PageLoader';
import { notifications } from '@mantine/notifications';
import { IconChecks } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { DeadlineBadge } from '../../components/DeadlineBadge';
import { StateBadge } from '../../components/StateBadge';
import { formatDate } from '../../i18n/format';
import { myWorkRoute } from './routes';
import { ASSIGNMENT_STATES, type AssignmentState, type MyWorkSearch } from './search';
import { useAcknowledge, type Assignment } from './work';
import { CursorPager } from '../../components/CursorPager';
import { NameAtTheTime } from '../../components/NameAtTheTime';

const PAGE = 20;

/** "Việc của tôi": the assignments of every unit the user acts for, soonest due first (the API's order). */
export function MyWork() {
  const { t } = useTranslation();
  const search: MyWorkSearch = myWorkRoute.useSearch();
  const navigate = useNavigate({ from: '/my-work' });
  const go = (next: Partial<MyWorkSearch>) => void navigate({ search: (prev: MyWorkSearch) => ({ ...prev, cursor: undefined, ...next }) });
  const list = useQuery({
    queryKey: ['assignments', 'mine', search.state, search.overdue, search.cursor],
    queryFn: () => unwrap(api.GET('/me/assignments', { params: { query: { state: search.state, overdue: search.overdue, cursor: search.cursor, limit: PAGE } } })),
    placeholderData: keepPreviousData,
  });
  const acknowledge = useAcknowledge();

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('myWork.title')}
      </Title>
      <Group align="flex-end">
        <Select
          label={t('myWork.stateFilter')}
          placeholder={t('myWork.allStates')}
          data={ASSIGNMENT_STATES.map((s) => ({ value: s, label: t(`assignmentState.${s}`) }))}
          value={search.state ?? null}
          onChange={(v) => go({ state: (v as AssignmentState | null) ?? undefined })}
          clearable
          clearButtonProps={{ 'aria-label': t('myWork.clearState') }}
        />
        <Checkbox label={t('myWork.overdueOnly')} checked={!!search.overdue} onChange={(e) => go({ overdue: e.currentTarget.checked || undefined })} mb={8} />
      </Group>
      {list.isError && <ApiErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <ApiErrorAlert error={acknowledge.error} />
      {list.isPending && <PageLoader />}
      {list.data && list.data.items.length === 0 && <Text>{t('myWork.empty')}</Text>}
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-busy={list.isFetching}>
        {list.data?.items.map((a) => (
          <AssignmentRow
            key={a.id}
            assignment={a}
            acknowledging={acknowledge.isPending && acknowledge.variables?.id === a.id}
            onAcknowledge={() =>
              acknowledge.mutate(a, { onSuccess: () => notifications.show({ message: t('myWork.acknowledged'), color: 'green', closeButtonProps: { 'aria-label': t('app.close') } }) })
            }
          />
        ))}
      </Stack>
      <CursorPager cursor={search.cursor} next={list.data?.nextCursor} onPage={(cursor) => go({ cursor })} />
    </Stack>
  );
}

function AssignmentRow({ assignment: a, acknowledging, onAcknowledge }: { assignment: Assignment; acknowledging: boolean; onAcknowledge: () => void }) {
  const { t } = useTranslation();
  const titleId = `assignment-${a.id}`;
  return (
    <Paper component="li" withBorder p="sm" data-testid="assignment-row">
      <Stack gap={6}>
        <Anchor component={Link} to={`/my-work/assignments/${a.id}`} fw={600} id={titleId}>
          {a.plan.title}
        </Anchor>
        <Text size="sm">
          {a.plan.numberAndSymbol ?? t('plan.noNumber')} · {a.plan.issuerUnitName}
          <NameAtTheTime current={a.plan.issuerUnitName} atTime={a.plan.issuedBy} kind="issued" /> → {a.assigneeUnitName}
          <NameAtTheTime current={a.assigneeUnitName} atTime={a.assigneeAtIssue} kind="assigned" />
        </Text>
        {a.responsibilities.length > 0 && (
          <Text size="sm" lineClamp={2}>
            {a.responsibilities.join('; ')}
          </Text>
        )}
        <Group gap="xs">
          <Text size="sm" fw={600}>
            {a.dueOn ? t('myWork.due', { date: formatDate(a.dueOn) }) : t('myWork.noDue')}
          </Text>
          <DeadlineBadge status={a.deadlineStatus} />
          <StateBadge kind="assignment" state={a.state} />
          {a.childPlan && (
            <Text size="sm" data-testid="child-plan">
              {t('myWork.childPlan')}: {a.childPlan.numberAndSymbol ?? t('plan.noNumber')} ({t(`planState.${a.childPlan.state}`)})
            </Text>
          )}
        </Group>
        {a.nextEvents.includes('ACKNOWLEDGE') && (
          <Group>
            <Button size="xs" leftSection={<IconChecks size={16} aria-hidden />} onClick={onAcknowledge} loading={acknowledging} aria-describedby={titleId}>
              {t('myWork.acknowledge')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
