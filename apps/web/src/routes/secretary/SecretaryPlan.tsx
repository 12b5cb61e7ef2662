import { Anchor, Button, Code, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { PageLoader } from '../../components/PageLoader';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconFileTypePdf, IconSignature } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, download, unwrap } from '../../api/client';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { PlanContent } from '../../components/PlanContent';
import { SignatureVerdict } from '../../components/SignatureVerdict';
import { StateBadge } from '../../components/StateBadge';
import { formatDate } from '../../i18n/format';
import { IssueDialog } from './IssueDialog';
import { ReturnDialog } from './ReturnDialog';
import { secretaryPlanRoute } from './routes';
import { NameAtTheTime } from '../../components/NameAtTheTime';

/** One plan for the secretary: its content, and only the actions the API allows now (`nextEvents`). */
export function SecretaryPlan() {
  const { t } = useTranslation();
  const { planId }: { planId: string } = secretaryPlanRoute.useParams();
  const [dialog, setDialog] = useState<'RETURN' | 'ISSUE' | null>(null);
  const plan = useQuery({ queryKey: ['plan', planId], queryFn: () => unwrap(api.GET('/plans/{id}', { params: { path: { id: planId } } })) });
  const issued = !!plan.data?.issuedAt;
  const tracked = useQuery({
    queryKey: ['plan', planId, 'assignments'],
    queryFn: () => unwrap(api.GET('/plans/{id}/assignments', { params: { path: { id: planId } } })),
    enabled: issued,
  });
  const pdf = async () => {
    try {
      await download(api.GET('/plans/{id}/document.pdf', { params: { path: { id: planId } }, parseAs: 'blob' }), `${plan.data?.numberAndSymbol ?? planId}.pdf`);
    } catch (error) {
      setPdfError(error);
    }
  };
  const [pdfError, setPdfError] = useState<unknown>(null);

  if (plan.isPending) return <PageLoader />;
  if (plan.isError) return <ApiErrorAlert error={plan.error} onRetry={() => void plan.refetch()} />;
  const p = plan.data;
  const can = (event: 'RETURN' | 'ISSUE') => p.nextEvents.includes(event);
  const closed = (message: string) => (done: boolean) => {
    setDialog(null);
    if (done) notifications.show({ message, color: 'green', closeButtonProps: { 'aria-label': t('app.close') } });
  };

  return (
    <Stack>
      <Anchor component={Link} to="/secretary" size="sm">
        ← {t('secretary.back')}
      </Anchor>
      <Stack gap={4}>
        <Group gap="xs">
          <StateBadge state={p.state} />
          <Text size="sm">{p.numberAndSymbol ?? t('plan.noNumber')}</Text>
          <Text size="sm" data-testid="plan-issuer">
            · {p.issuerUnitName}
            <NameAtTheTime current={p.issuerUnitName} atTime={p.issuedBy} kind="issued" />
          </Text>
        </Group>
        <Title order={1} size="h2">
          {p.title}
        </Title>
      </Stack>

      {issued && p.issuedDocument && (
        <Paper withBorder p="md" data-testid="issued-document">
          <Stack gap="xs">
            <Title order={2} size="h4">
              {t('secretary.issuedTitle')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <div>
                <Text size="sm" fw={600}>
                  {t('secretary.issuedNumber')}
                </Text>
                <Text data-testid="issued-number">{p.numberAndSymbol}</Text>
              </div>
              <div>
                <Text size="sm" fw={600}>
                  {t('secretary.issuedOn')}
                </Text>
                <Text data-testid="issued-on">{formatDate(p.issuedOn)}</Text>
              </div>
            </SimpleGrid>
            <Text size="sm" fw={600}>
              {t('secretary.sha256')}
            </Text>
            <Code block data-testid="issued-sha256" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
              {p.issuedDocument.sha256}
            </Code>
            <SignatureVerdict planId={planId} />
            <Group>
              <Button leftSection={<IconFileTypePdf size={18} aria-hidden />} variant="light" onClick={() => void pdf()}>
                {t('secretary.pdf')}
              </Button>
            </Group>
            <ApiErrorAlert error={pdfError} />
          </Stack>
        </Paper>
      )}

      <Paper withBorder p="md">
        <Stack gap="xs">
          <Title order={2} size="h4">
            {t('secretary.actions')}
          </Title>
          {can('RETURN') || can('ISSUE') ? (
            <Group>
              {can('ISSUE') && (
                <Button leftSection={<IconSignature size={18} aria-hidden />} onClick={() => setDialog('ISSUE')}>
                  {t('secretary.issue')}
                </Button>
              )}
              {can('RETURN') && (
                <Button leftSection={<IconArrowBackUp size={18} aria-hidden />} color="red" variant="outline" onClick={() => setDialog('RETURN')}>
                  {t('secretary.return')}
                </Button>
              )}
            </Group>
          ) : (
            <Text size="sm">{t('secretary.noActions')}</Text>
          )}
        </Stack>
      </Paper>

      {tracked.isError && <ApiErrorAlert error={tracked.error} />}
      <PlanContent plan={p} tracked={tracked.data} />

      {dialog === 'RETURN' && <ReturnDialog planId={planId} version={p.version} opened onClose={closed(t('secretary.returned'))} />}
      {dialog === 'ISSUE' && <IssueDialog planId={planId} version={p.version} defaults={p.signatureDefaults} opened onClose={closed(t('secretary.issuedTitle'))} />}
    </Stack>
  );
}
