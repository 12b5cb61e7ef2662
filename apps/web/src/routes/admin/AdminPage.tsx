import { Stack, Tabs, Title } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { adminRoute } from './routes';
import { ADMIN_TABS, type AdminSearch } from './search';
import { ReorganisationPanel } from './ReorganisationPanel';
import { UnitsPanel } from './UnitsPanel';
import { UsersPanel } from './UsersPanel';

/** Administration: the organisation tree, and users with their roles per unit. */
export function AdminPage() {
  const { t } = useTranslation();
  const search: AdminSearch = adminRoute.useSearch();
  const navigate = useNavigate({ from: '/admin' });
  const go = (next: Partial<AdminSearch>) => void navigate({ search: (prev: AdminSearch) => ({ ...prev, ...next }) });
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('admin.title')}
      </Title>
      <Tabs value={search.tab} onChange={(tab) => tab && go({ tab: tab as AdminSearch['tab'], q: undefined, cursor: undefined })} keepMounted={false}>
        <Tabs.List>
          {ADMIN_TABS.map((tab) => (
            <Tabs.Tab key={tab} value={tab}>
              {t(`admin.tabs.${tab}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      {search.tab === 'units' && <UnitsPanel q={search.q} onSearch={(q) => go({ q })} />}
      {search.tab === 'users' && <UsersPanel cursor={search.cursor} onPage={(cursor) => go({ cursor })} />}
      {search.tab === 'reorganise' && <ReorganisationPanel />}
    </Stack>
  );
}
