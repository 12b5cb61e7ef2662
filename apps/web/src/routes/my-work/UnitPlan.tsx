import { Alert, Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { PageLoader } from '../../components/PageLoader';
import { IconInfoCircle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useRouter } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../api/me';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { PlanContent } from '../../components/PlanContent';
import { StateBadge } from '../../components/StateBadge';
import { formatDate } from '../../i18n/format';
import { SCREENS } from '../screens';
import { myPlanRoute } from './routes';
import { holdsAt } from './work';
import { NameAtTheTime } from '../../components/NameAtTheTime';

/** A plan read-only from "Việc của tôi": the plan that gave the work, or the unit's own implementing plan. */
export function UnitPlan() {
  const { t } = useTranslation();
  const router = useRouter();
  const { planId }: { planId: string } = myPlanRoute.useParams();
  const me = useMe();
  const plan = useQuery({ queryKey: ['plan', planId], queryFn: () => unwrap(api.GET('/plans/{id}', { params: { path: { id: planId } } })) });
  const issued = !!plan.data?.issuedAt;
  const tracked = useQuery({
    queryKey: ['plan', planId, 'assignments'],
    queryFn: () => unwrap(api.GET('/plans/{id}/assignments', { params: { path: { id: planId } } })),
    enabled: issued,
  });

  if (plan.isPending) return <PageLoader />;
  if (plan.isError) return <ApiErrorAlert error={plan.error} onRetry={() => void plan.refetch()} />;
  const p = plan.data;
  // Drafts are edited on the drafter's screen; this one only shows them.
  const editor = p.state.startsWith('draft') && holdsAt(me.data, p.issuerUnitId, ['drafter']) ? SCREENS.find((s) => s.labelKey === 'nav.drafter') : undefined;

  return (
    <Stack>
      <Anchor component="button" type="button" size="sm" onClick={() => router.history.back()} style={{ alignSelf: 'flex-start' }}>
        ← {t('myWork.backOne')}
      </Anchor>
      <Stack gap={4}>
        <Group gap="xs">
          <StateBadge state={p.state} />
          <Text size="sm" data-testid="plan-number">
            {p.numberAndSymbol ?? t('plan.noNumber')}
          </Text>
          <Text size="sm" data-testid="plan-issuer">
            · {p.issuerUnitName}
            <NameAtTheTime current={p.issuerUnitName} atTime={p.issuedBy} kind="issued" />
          </Text>
          {p.issuedOn && <Text size="sm">· {`${t('plan.issuedOn')} ${formatDate(p.issuedOn)}`}</Text>}
        </Group>
        <Title order={1} size="h2">
          {p.title}
        </Title>
      </Stack>
      {p.state.startsWith('draft') && (
        <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />}>
          <Text size="sm">{t('myWork.draftNote')}</Text>
          {editor && (
            <Anchor component={Link} to={editor.path} size="sm" c="blue.9">
              {t('myWork.openEditor', { screen: t(editor.labelKey) })}
            </Anchor>
          )}
        </Alert>
      )}
      {tracked.isError && <ApiErrorAlert error={tracked.error} />}
      <PlanContent plan={p} tracked={tracked.data} />
    </Stack>
  );
}
