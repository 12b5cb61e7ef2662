import { Anchor, Group, Paper, Stack, Text } from '@mantine/core';
import { PageLoader } from './PageLoader';
import type { UseQueryResult } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { components } from '../api/schema';
import { formatDate } from '../i18n/format';
import { CursorPager } from './CursorPager';
import { StateBadge } from './StateBadge';
import { NameAtTheTime } from './NameAtTheTime';

type PlanPage = components['schemas']['PlanPageDto'];

/**
 * A page of `GET /plans` as links (title, state, number, issuer, and the issue date or else the
 * creation date), with its pager. A query that is not enabled yet shows nothing; its errors are
 * the page's to show, with whatever else the page waits for.
 */
export function PlanList({
  plans,
  to,
  cursor,
  onPage,
  showNumber = true,
}: {
  plans: UseQueryResult<PlanPage>;
  to: (id: string) => string;
  cursor?: string;
  onPage: (cursor: string | undefined) => void;
  /** Off where every plan listed is a draft, which has none yet. */
  showNumber?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      {plans.isPending && plans.fetchStatus !== 'idle' && <PageLoader />}
      {plans.data?.items.length === 0 && <Text>{t('list.empty')}</Text>}
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-busy={plans.isFetching}>
        {plans.data?.items.map((plan) => (
          <Paper key={plan.id} component="li" withBorder p="sm" data-testid="plan-row">
            <Stack gap={4}>
              <Anchor component={Link} to={to(plan.id)} fw={600} style={{ overflowWrap: 'anywhere' }}>
                {plan.title || t('plan.untitled')}
              </Anchor>
              <Group gap="xs">
                <StateBadge state={plan.state} />
                {showNumber && <Text size="sm">{plan.numberAndSymbol ?? t('plan.noNumber')}</Text>}
                <Text size="sm">
                  · {plan.issuerUnitName}
                  <NameAtTheTime current={plan.issuerUnitName} atTime={plan.issuedBy} kind="issued" />
                </Text>
                <Text size="sm">
                  · {plan.issuedOn ? `${t('plan.issuedOn')} ${formatDate(plan.issuedOn)}` : `${t('plan.createdAt')} ${formatDate(plan.createdAt)}`}
                </Text>
              </Group>
            </Stack>
          </Paper>
        ))}
      </Stack>
      <CursorPager cursor={cursor} next={plans.data?.nextCursor} onPage={onPage} />
    </>
  );
}
