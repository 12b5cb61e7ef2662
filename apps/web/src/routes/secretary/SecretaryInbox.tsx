import { Group, Select, Stack, Tabs, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { unitsWithRole, useMe } from '../../api/me';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { secretaryInboxRoute } from './routes';
import { SECRETARY_TABS, TAB_STATES, type SecretarySearch } from './search';
import { PlanList } from '../../components/PlanList';

const PAGE = 20;

/** "Chờ xử lý": drafts awaiting approval, returned drafts and issued plans of the units the secretary acts for. */
export function SecretaryInbox() {
  const { t } = useTranslation();
  const search: SecretarySearch = secretaryInboxRoute.useSearch();
  const navigate = useNavigate({ from: '/secretary' });
  const me = useMe();
  const units = unitsWithRole(me.data, 'secretary');
  const unit = search.unit ?? units[0]?.unitId;
  const go = (next: Partial<SecretarySearch>) => void navigate({ search: (prev: SecretarySearch) => ({ ...prev, cursor: undefined, ...next }) });
  const setText = useDebouncedCallback((q: string) => go({ q: q || undefined }), 300);

  const plans = useQuery({
    queryKey: ['plans', 'secretary', search.tab, unit, search.q, search.cursor],
    queryFn: () =>
      unwrap(api.GET('/plans', { params: { query: { state: TAB_STATES[search.tab], issuerUnitId: unit, text: search.q, cursor: search.cursor, limit: PAGE } } })),
    enabled: me.isSuccess,
    placeholderData: keepPreviousData,
  });

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('secretary.title')}
      </Title>
      <Tabs value={search.tab} onChange={(tab) => tab && go({ tab: tab as SecretarySearch['tab'] })} keepMounted={false}>
        <Tabs.List>
          {SECRETARY_TABS.map((tab) => (
            <Tabs.Tab key={tab} value={tab}>
              {t(`secretary.tabs.${tab}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Group align="flex-end" grow preventGrowOverflow={false}>
        {units.length > 1 && (
          <Select label={t('list.unit')} data={units.map((u) => ({ value: u.unitId, label: u.unitName }))} value={unit ?? null} onChange={(v) => go({ unit: v ?? undefined })} allowDeselect={false} />
        )}
        <TextInput type="search" label={t('list.search')} defaultValue={search.q ?? ''} onChange={(e) => setText(e.currentTarget.value)} />
      </Group>
      {(me.isError || plans.isError) && <ApiErrorAlert error={me.error ?? plans.error} onRetry={() => void plans.refetch()} />}
      <PlanList plans={plans} to={(id) => `/secretary/plans/${id}`} cursor={search.cursor} onPage={(cursor) => go({ cursor })} />
    </Stack>
  );
}
