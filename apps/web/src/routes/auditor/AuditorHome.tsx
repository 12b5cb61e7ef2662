import { Anchor, Button, Group, Select, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { PageLoader } from '../../components/PageLoader';
import { useDebouncedCallback } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { UnitSearchSelect } from '../../components/UnitSearchSelect';
import { AuditEntryCard } from './AuditEntryCard';
import { DayInput } from './DayInput';
import { eventLabel } from './labels';
import { auditorHomeRoute } from './routes';
import { AUDITOR_TABS, dayStart, type AuditorSearch } from './search';
import { CursorPager } from '../../components/CursorPager';
import { PlanList } from '../../components/PlanList';

const PAGE = 20;

/** The auditor's start: plans to open (their history), and a search across the whole audit log. */
export function AuditorHome() {
  const { t } = useTranslation();
  const search: AuditorSearch = auditorHomeRoute.useSearch();
  const navigate = useNavigate({ from: '/auditor' });
  const go = (next: Partial<AuditorSearch>) => void navigate({ search: (prev: AuditorSearch) => ({ ...prev, cursor: undefined, ...next }) });

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('auditor.title')}
      </Title>
      <Tabs value={search.tab} onChange={(tab) => tab && go({ tab: tab as AuditorSearch['tab'] })} keepMounted={false}>
        <Tabs.List>
          {AUDITOR_TABS.map((tab) => (
            <Tabs.Tab key={tab} value={tab}>
              {t(`auditor.tabs.${tab}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      {search.tab === 'plans' ? <PlansTab search={search} go={go} /> : <LogSearch search={search} go={go} />}
    </Stack>
  );
}

type Go = (next: Partial<AuditorSearch>) => void;


function PlansTab({ search, go }: { search: AuditorSearch; go: Go }) {
  const { t } = useTranslation();
  const setText = useDebouncedCallback((q: string) => go({ q: q || undefined }), 300);
  const plans = useQuery({
    queryKey: ['plans', 'auditor', search.q, search.cursor],
    queryFn: () => unwrap(api.GET('/plans', { params: { query: { text: search.q, cursor: search.cursor, limit: PAGE } } })),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <TextInput type="search" label={t('list.search')} defaultValue={search.q ?? ''} onChange={(e) => setText(e.currentTarget.value)} />
      {plans.isError && <ApiErrorAlert error={plans.error} onRetry={() => void plans.refetch()} />}
      <PlanList plans={plans} to={(id) => `/auditor/plans/${id}`} cursor={search.cursor} onPage={(cursor) => go({ cursor })} />
    </>
  );
}

/** Every event a machine knows, plus the ones recorded outside transitions, for the event filter. */
function useEvents() {
  return useQuery({
    queryKey: ['workflow', 'events'],
    queryFn: async () => {
      const graphs = await Promise.all((['plan', 'assignment', 'report'] as const).map((machine) => unwrap(api.GET('/workflows/{machine}', { params: { path: { machine } } }))));
      return [...new Set(['CREATE', 'EDIT', 'ASSIGN', ...graphs.flatMap((g) => g.transitions.map((tr) => tr.event))])].sort();
    },
    staleTime: Infinity,
  });
}

function LogSearch({ search, go }: { search: AuditorSearch; go: Go }) {
  const { t, i18n } = useTranslation();
  const events = useEvents();
  const entries = useQuery({
    queryKey: ['audit', search.unit, search.actor, search.event, search.from, search.to, search.cursor],
    queryFn: () =>
      unwrap(
        api.GET('/audit', {
          params: {
            query: {
              unitId: search.unit,
              actorUserId: search.actor,
              event: search.event,
              from: search.from ? dayStart(search.from) : undefined,
              to: search.to ? dayStart(search.to, 1) : undefined,
              cursor: search.cursor,
              limit: PAGE,
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const actorName = entries.data?.items.find((e) => e.actor.userId === search.actor)?.actor.name;
  return (
    <>
      <Group align="flex-end" wrap="wrap">
        <UnitSearchSelect
          label={t('auditor.log.unit')}
          placeholder={t('auditor.log.unitPlaceholder')}
          clearable
          value={search.unit}
          onChange={(unit) => go({ unit })}
          style={{ flex: '2 1 16rem' }}
        />
        <Select
          label={t('auditor.log.event')}
          placeholder={t('auditor.log.anyEvent')}
          data={(events.data ?? []).map((e) => ({ value: e, label: `${eventLabel(t, i18n, e)} (${e})` }))}
          value={search.event ?? null}
          onChange={(event) => go({ event: event ?? undefined })}
          clearable
          searchable
          style={{ flex: '1 1 12rem' }}
        />
        <DayInput label={t('auditor.log.from')} value={search.from} onChange={(from) => go({ from })} />
        <DayInput label={t('auditor.log.to')} value={search.to} onChange={(to) => go({ to })} />
      </Group>
      {search.actor && (
        <Group gap="xs">
          <Text size="sm">{t('auditor.log.actorFilter', { name: actorName ?? search.actor })}</Text>
          <Button size="compact-sm" variant="default" onClick={() => go({ actor: undefined })}>
            {t('auditor.log.clearActor')}
          </Button>
        </Group>
      )}
      {entries.isError && <ApiErrorAlert error={entries.error} onRetry={() => void entries.refetch()} />}
      {entries.isPending && <PageLoader />}
      {entries.data?.items.length === 0 && <Text>{t('auditor.log.empty')}</Text>}
      <Stack gap="xs" component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-busy={entries.isFetching} aria-label={t('auditor.log.results')}>
        {entries.data?.items.map((entry) => (
          <AuditEntryCard
            key={`${entry.subjectId}:${entry.seq}`}
            entry={entry}
            subject={
              <Text size="sm">
                {t(`auditor.subject.${entry.subjectType}`, { defaultValue: entry.subjectType, unit: '' })}{' '}
                {entry.subjectType === 'plan' ? (
                  <Anchor component={Link} to={`/auditor/plans/${entry.subjectId}`} size="sm">
                    {t('auditor.log.openPlan')}
                  </Anchor>
                ) : (
                  <Text span size="xs" ff="monospace">
                    {entry.subjectId}
                  </Text>
                )}
              </Text>
            }
            actorAction={
              entry.actor.userId && entry.actor.userId !== search.actor ? (
                <Button size="compact-xs" variant="default" onClick={() => go({ actor: entry.actor.userId! })}>
                  {t('auditor.log.byActor')}
                </Button>
              ) : undefined
            }
          />
        ))}
      </Stack>
      <CursorPager cursor={search.cursor} next={entries.data?.nextCursor} onPage={(cursor) => go({ cursor })} />
    </>
  );
}
