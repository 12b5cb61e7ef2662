import { Anchor, Button, Group, Paper, Select, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconFilePlus, IconGitBranch } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { unitsWithRole, useMe } from '../../api/me';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { DeadlineBadge } from '../../components/DeadlineBadge';
import { StateBadge } from '../../components/StateBadge';
import { formatDate } from '../../i18n/format';
import { ImportPanel } from './ImportPanel';
import { drafterHomeRoute } from './routes';
import { DRAFTER_TAB_STATES, DRAFTER_TABS, type DrafterSearch } from './search';
import { PlanList } from '../../components/PlanList';
import { NameAtTheTime } from '../../components/NameAtTheTime';

const PAGE = 20;

/**
 * Assignments of the drafter's unit that require its own implementing plan and have none yet:
 * each offers to start one (POST /assignments/:id/child-plan, a draft prefilled from the parent).
 */
function ChildPlanOffers() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const mine = useQuery({ queryKey: ['me', 'assignments', 'own-plan'], queryFn: () => unwrap(api.GET('/me/assignments', { params: { query: { limit: 100 } } })) });
  const start = useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/assignments/{id}/child-plan', { params: { path: { id } } })),
    onSuccess: (plan) => void navigate({ to: '/drafter/plans/$planId', params: { planId: plan.id } }),
  });
  const open = (mine.data?.items ?? []).filter((a) => a.requiresOwnPlan);
  if (mine.isError) return <ApiErrorAlert error={mine.error} />;
  if (open.length === 0) return null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="own-plans">
      <Stack gap="sm">
        <Title order={2} size="h4" id="own-plans">
          {t('drafter.ownPlans')}
        </Title>
        <ApiErrorAlert error={start.error} />
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
          {open.map((a) => (
            <Paper key={a.id} component="li" withBorder p="sm" data-testid="own-plan-row">
              <Stack gap={4}>
                <Text size="sm" fw={600}>
                  {a.plan.numberAndSymbol ?? t('plan.noNumber')} · {a.plan.title}
                </Text>
                <Text size="sm">
                  {a.assigneeUnitName}
                  <NameAtTheTime current={a.assigneeUnitName} atTime={a.assigneeAtIssue} kind="assigned" />
                  {a.dueOn && ` · ${t('plan.dueOn')} ${formatDate(a.dueOn)}`}
                </Text>
                <Group gap="xs">
                  <StateBadge kind="assignment" state={a.state} />
                  {a.deadlineStatus && <DeadlineBadge status={a.deadlineStatus} />}
                  {a.childPlan ? (
                    <Anchor component={Link} to={`/drafter/plans/${a.childPlan.id}`} size="sm">
                      {t('drafter.openChildPlan')} <StateBadge state={a.childPlan.state} />
                    </Anchor>
                  ) : (
                    <Button size="xs" leftSection={<IconGitBranch size={16} aria-hidden />} loading={start.isPending && start.variables === a.id} onClick={() => start.mutate(a.id)}>
                      {t('drafter.startChildPlan')}
                    </Button>
                  )}
                </Group>
              </Stack>
            </Paper>
          ))}
        </Stack>
      </Stack>
    </Paper>
  );
}

/** The drafter's desk: drafts and returned plans, what awaits approval, imports, and implementing plans to start. */
export function DrafterHome() {
  const { t } = useTranslation();
  const search: DrafterSearch = drafterHomeRoute.useSearch();
  const navigate = useNavigate({ from: '/drafter' });
  const me = useMe();
  const units = unitsWithRole(me.data, 'drafter');
  const unit = search.unit ?? units[0]?.unitId;
  const go = (next: Partial<DrafterSearch>) => void navigate({ search: (prev: DrafterSearch) => ({ ...prev, cursor: undefined, ...next }) });
  const setText = useDebouncedCallback((q: string) => go({ q: q || undefined }), 300);

  const plans = useQuery({
    queryKey: ['plans', 'drafter', search.tab, unit, search.q, search.cursor],
    queryFn: () =>
      unwrap(api.GET('/plans', { params: { query: { state: DRAFTER_TAB_STATES[search.tab], issuerUnitId: unit, text: search.q, cursor: search.cursor, limit: PAGE } } })),
    enabled: me.isSuccess && !!unit,
    placeholderData: keepPreviousData,
  });

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h2">
          {t('drafter.title')}
        </Title>
        <Button component={Link} to="/drafter/plans/new" leftSection={<IconFilePlus size={18} aria-hidden />}>
          {t('drafter.newPlan')}
        </Button>
      </Group>

      <ChildPlanOffers />

      <Paper withBorder p="md" component="section" aria-labelledby="import-title">
        <Stack gap="sm">
          <Title order={2} size="h4" id="import-title">
            {t('drafter.importTitle')}
          </Title>
          <ImportPanel issuerUnitId={unit} />
        </Stack>
      </Paper>

      <Tabs value={search.tab} onChange={(tab) => tab && go({ tab: tab as DrafterSearch['tab'] })} keepMounted={false}>
        <Tabs.List>
          {DRAFTER_TABS.map((tab) => (
            <Tabs.Tab key={tab} value={tab}>
              {t(`drafter.tabs.${tab}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Group align="flex-end" grow preventGrowOverflow={false}>
        {units.length > 1 && (
          <Select label={t('drafter.issuer')} data={units.map((u) => ({ value: u.unitId, label: u.unitName }))} value={unit ?? null} onChange={(v) => go({ unit: v ?? undefined })} allowDeselect={false} />
        )}
        <TextInput type="search" label={t('list.search')} defaultValue={search.q ?? ''} onChange={(e) => setText(e.currentTarget.value)} />
      </Group>
      {(me.isError || plans.isError) && <ApiErrorAlert error={me.error ?? plans.error} onRetry={() => void plans.refetch()} />}
      <PlanList plans={plans} to={(id) => `/drafter/plans/${id}`} cursor={search.cursor} onPage={(cursor) => go({ cursor })} showNumber={false} />
    </Stack>
  );
}
