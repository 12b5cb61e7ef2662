import { Alert, Anchor, Button, Group, List, Select, Stack, Text, Title } from '@mantine/core';
import { PageLoader } from '../../components/PageLoader';
import { IconCircleCheck, IconDownload, IconShieldCheck, IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, download, unwrap } from '../../api/client';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { SignatureVerdict } from '../../components/SignatureVerdict';
import { StateBadge } from '../../components/StateBadge';
import { AuditEntryCard } from './AuditEntryCard';
import { stateLabel } from './labels';
import type { AuditEntry, MachineKind } from './machine-path';
import { MachineDiagram } from './MachineDiagram';
import { auditorPlanRoute } from './routes';
import type { AuditorPlanSearch } from './search';
import { NameAtTheTime } from '../../components/NameAtTheTime';

/** Which subject's history: the plan, one of its assignments, or that assignment's report. */
function useSubject(planId: string, search: AuditorPlanSearch) {
  const report = useQuery({
    queryKey: ['assignment', search.assignment, 'report'],
    queryFn: () => unwrap(api.GET('/assignments/{id}/report', { params: { path: { id: search.assignment! } } })),
    enabled: !!search.assignment,
    retry: false,
  });
  const kind: MachineKind = search.report ? 'report' : search.assignment ? 'assignment' : 'plan';
  const id = kind === 'plan' ? planId : kind === 'assignment' ? search.assignment! : report.data?.id;
  return { kind, id, report };
}

function historyCall(kind: MachineKind, id: string, format?: 'csv') {
  const params = { path: { id }, query: { format } };
  if (kind === 'plan') return api.GET('/plans/{id}/history', { params, parseAs: format ? 'blob' : 'json' });
  if (kind === 'assignment') return api.GET('/assignments/{id}/history', { params, parseAs: format ? 'blob' : 'json' });
  return api.GET('/reports/{id}/history', { params, parseAs: format ? 'blob' : 'json' });
}

/**
 * The auditor's view of one plan: the timeline of every transition of the plan (or of one of its
 * assignments, or a report), the machine with the path taken, chain verification and CSV export.
 */
export function AuditorPlan() {
  const { t, i18n } = useTranslation();
  const { planId }: { planId: string } = auditorPlanRoute.useParams();
  const search: AuditorPlanSearch = auditorPlanRoute.useSearch();
  const navigate = useNavigate({ from: '/auditor/plans/$planId' });
  const plan = useQuery({ queryKey: ['plan', planId], queryFn: () => unwrap(api.GET('/plans/{id}', { params: { path: { id: planId } } })) });
  const assignments = useQuery({
    queryKey: ['plan', planId, 'assignments'],
    queryFn: () => unwrap(api.GET('/plans/{id}/assignments', { params: { path: { id: planId } } })),
    enabled: !!plan.data?.issuedAt,
  });
  const subject = useSubject(planId, search);
  const history = useQuery({
    queryKey: ['history', subject.kind, subject.id],
    queryFn: () => unwrap(historyCall(subject.kind, subject.id!)) as Promise<AuditEntry[]>,
    enabled: !!subject.id,
  });
  const graph = useQuery({
    queryKey: ['workflow', subject.kind],
    queryFn: () => unwrap(api.GET('/workflows/{machine}', { params: { path: { machine: subject.kind } } })),
    staleTime: Infinity,
  });
  const verify = useMutation({ mutationFn: () => unwrap(api.GET('/audit/verify', { params: { query: { planId } } })) });
  const [csvError, setCsvError] = useState<unknown>(null);
  const exportCsv = async () => {
    setCsvError(null);
    try {
      await download(historyCall(subject.kind, subject.id!, 'csv') as Promise<{ data?: Blob; error?: unknown; response: Response }>, `${subject.kind}-${subject.id}-history.csv`);
    } catch (error) {
      setCsvError(error);
    }
  };

  if (plan.isPending) return <PageLoader />;
  if (plan.isError) return <ApiErrorAlert error={plan.error} onRetry={() => void plan.refetch()} />;
  const p = plan.data;
  const unitOf = (id: string) => assignments.data?.find((a) => a.id === id)?.assigneeUnitName ?? id;
  const subjectName = (type: string, id: string) =>
    type === 'plan' ? t('auditor.subject.plan') : type === 'assignment' ? t('auditor.subject.assignmentOf', { unit: unitOf(id) }) : t('auditor.subject.report');
  const breaks = verify.data?.broken ?? [];
  const brokenHere = (seq: number) => {
    const b = breaks.find((x) => x.subjectId === subject.id && x.seq === seq);
    return b ? t(`auditor.verify.reasons.${b.reason}`) : undefined;
  };
  const subjectValue = search.report ? `report:${search.assignment}` : search.assignment ? `assignment:${search.assignment}` : 'plan';
  const options = [
    { value: 'plan', label: t('auditor.subject.plan') },
    ...(assignments.data ?? []).flatMap((a) => [
      { value: `assignment:${a.id}`, label: t('auditor.subject.assignmentOf', { unit: a.assigneeUnitName }) },
      ...(['reported', 'accepted', 'returned'].includes(a.state) ? [{ value: `report:${a.id}`, label: t('auditor.subject.reportOf', { unit: a.assigneeUnitName }) }] : []),
    ]),
  ];
  const choose = (value: string | null) => {
    const [kind, id] = (value ?? 'plan').split(':');
    void navigate({ search: kind === 'plan' ? {} : { assignment: id, report: kind === 'report' ? true : undefined } });
  };

  return (
    <Stack>
      <Anchor component={Link} to="/auditor" size="sm">
        ← {t('auditor.back')}
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
      {p.issuedDocument && <SignatureVerdict planId={planId} />}
      <Group align="flex-end">
        <Select label={t('auditor.subject.label')} data={options} value={subjectValue} onChange={choose} allowDeselect={false} style={{ flex: '1 1 16rem' }} />
        <Button leftSection={<IconShieldCheck size={18} aria-hidden />} onClick={() => verify.mutate()} loading={verify.isPending}>
          {t('auditor.verify.button')}
        </Button>
        <Button variant="default" leftSection={<IconDownload size={18} aria-hidden />} onClick={() => void exportCsv()} disabled={!subject.id}>
          {t('auditor.csv')}
        </Button>
      </Group>
      {verify.isError && <ApiErrorAlert error={verify.error} />}
      {csvError !== null && <ApiErrorAlert error={csvError} />}
      {verify.data?.ok && (
        <Alert
          role="status"
          color="green"
          variant="light"
          icon={<IconCircleCheck aria-hidden />}
          // Mantine's light green title is too pale on its background (WCAG AA).
          title={
            <Text span fw={700} c="#1f5f2e">
              {t('auditor.verify.ok')}
            </Text>
          } data-testid="verify-result" data-ok="true">
          {t('auditor.verify.okText', { checked: verify.data.checked, subjects: verify.data.subjects })}
        </Alert>
      )}
      {verify.data && !verify.data.ok && (
        <Alert role="alert" color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('auditor.verify.broken')} data-testid="verify-result" data-ok="false">
          <Text size="sm">{t('auditor.verify.brokenText', { checked: verify.data.checked, subjects: verify.data.subjects })}</Text>
          <List size="sm">
            {breaks.map((b) => (
              <List.Item key={`${b.subjectId}:${b.seq}`} data-testid="verify-break">
                {t('auditor.verify.break', { subject: subjectName(b.subjectType, b.subjectId), seq: b.seq, reason: t(`auditor.verify.reasons.${b.reason}`) })}{' '}
                {b.subjectId !== subject.id && b.subjectType !== 'report' && (
                  <Anchor component="button" type="button" size="sm" onClick={() => void navigate({ search: b.subjectType === 'plan' ? {} : { assignment: b.subjectId } })}>
                    {t('auditor.verify.show')}
                  </Anchor>
                )}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {subject.kind === 'report' && subject.report.isError && <ApiErrorAlert error={subject.report.error} />}
      {(history.isError || graph.isError) && <ApiErrorAlert error={history.error ?? graph.error} onRetry={() => void history.refetch()} />}
      {history.data && graph.data && <MachineDiagram graph={graph.data} history={history.data} />}
      <Title order={2} size="h4">
        {t('auditor.timeline', { count: history.data?.length ?? 0 })}
      </Title>
      {history.isPending && subject.id && <PageLoader />}
      <Stack gap="xs" component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('auditor.timeline', { count: history.data?.length ?? 0 })}>
        {history.data?.map((entry) => (
          <AuditEntryCard key={entry.seq} entry={entry} broken={brokenHere(entry.seq)} />
        ))}
      </Stack>
      {history.data && history.data.length > 0 && (
        <Text size="sm">{t('auditor.now', { state: stateLabel(t, i18n, subject.kind, history.data.at(-1)!.toState) })}</Text>
      )}
    </Stack>
  );
}
