import { Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { unitsWithRole, useMe } from '../../api/me';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { monitorPlansRoute } from './routes';
import type { MonitorPlansSearch } from './search';
import { PlanList } from '../../components/PlanList';

const PAGE = 20;
/** Plans with a cascade to follow: issued and after. */
const FOLLOWED = 'issued,implementing,reporting,reviewed';

/** The monitor picks a plan of its units to follow down the cascade. */
export function MonitorPlans() {
  const { t } = useTranslation();
  const search: MonitorPlansSearch = monitorPlansRoute.useSearch();
  const navigate = useNavigate({ from: '/monitor' });
  const me = useMe();
  const units = unitsWithRole(me.data, 'monitor');
  const [unit, setUnit] = useState<string | undefined>(undefined);
  const issuer = unit ?? units[0]?.unitId;
  const go = (next: Partial<MonitorPlansSearch>) => void navigate({ search: (prev: MonitorPlansSearch) => ({ ...prev, cursor: undefined, ...next }) });
  const setText = useDebouncedCallback((q: string) => go({ q: q || undefined }), 300);

  const plans = useQuery({
    queryKey: ['plans', 'monitor', issuer, search.q, search.cursor],
    queryFn: () => unwrap(api.GET('/plans', { params: { query: { state: FOLLOWED, issuerUnitId: issuer, text: search.q, cursor: search.cursor, limit: PAGE } } })),
    enabled: me.isSuccess,
    placeholderData: keepPreviousData,
  });

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('monitor.title')}
      </Title>
      <Text>{t('monitor.pickPlan')}</Text>
      <Group align="flex-end" grow preventGrowOverflow={false}>
        {units.length > 1 && (
          <Select label={t('list.unit')} data={units.map((u) => ({ value: u.unitId, label: u.unitName }))} value={issuer ?? null} onChange={(v) => setUnit(v ?? undefined)} allowDeselect={false} />
        )}
        <TextInput type="search" label={t('list.search')} defaultValue={search.q ?? ''} onChange={(e) => setText(e.currentTarget.value)} />
      </Group>
      {(me.isError || plans.isError) && <ApiErrorAlert error={me.error ?? plans.error} onRetry={() => void plans.refetch()} />}
      <PlanList plans={plans} to={(id) => `/monitor/plans/${id}`} cursor={search.cursor} onPage={(cursor) => go({ cursor })} />
    </Stack>
  );
}
