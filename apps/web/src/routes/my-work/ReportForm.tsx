import { Alert, Anchor, Button, FileButton, Group, NumberInput, Paper, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { PageLoader } from '../../components/PageLoader';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconDeviceFloppy, IconDownload, IconPaperclip, IconSend, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, download, unwrap } from '../../api/client';
import { fieldErrors } from '../../api/errors';
import type { components } from '../../api/schema';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { formatDate, formatDateTime, formatNumber } from '../../i18n/format';
import { ReportStateBadge } from './ReportStateBadge';
import { myReportRoute } from './routes';
import type { Report } from './work';

type Indicator = components['schemas']['IndicatorDto'];
type Attachment = components['schemas']['AttachmentDto'];

/** The narrative sections of a report, in the order the document writes them. */
export const SECTIONS = ['results', 'limitations', 'lessons', 'recommendations'] as const;
type Section = (typeof SECTIONS)[number];
type Values = Record<Section, string> & { indicators: Record<string, number | ''> };

const indicatorsQuery = { queryKey: ['indicators'], queryFn: () => unwrap(api.GET('/indicators')), staleTime: 60 * 60_000 } as const;

/** The report of an assignment: written and submitted by its unit, read-only once sent. */
export function ReportForm() {
  const { t } = useTranslation();
  const { reportId }: { reportId: string } = myReportRoute.useParams();
  const report = useQuery({ queryKey: ['report', reportId], queryFn: () => unwrap(api.GET('/reports/{id}', { params: { path: { id: reportId } } })) });
  const indicators = useQuery(indicatorsQuery);

  if (report.isPending || indicators.isPending) return <PageLoader />;
  if (report.isError || indicators.isError) {
    return <ApiErrorAlert error={report.error ?? indicators.error} onRetry={() => void Promise.all([report.refetch(), indicators.refetch()])} />;
  }
  const r = report.data;
  return (
    <Stack>
      <Anchor component={Link} to={`/my-work/assignments/${r.assignmentId}`} size="sm">
        ← {t('myWork.backToAssignment')}
      </Anchor>
      <Stack gap={4}>
        <Text size="sm">
          {r.plan.numberAndSymbol ?? t('plan.noNumber')} · {r.plan.title}
        </Text>
        <Title order={1} size="h2">
          {t('myWork.reportTitle', { unit: r.unitName })}
        </Title>
        <Group gap="xs">
          <ReportStateBadge state={r.state} />
          {r.submittedAt && <Text size="sm">{t('myWork.submittedAt', { at: formatDateTime(r.submittedAt) })}</Text>}
        </Group>
      </Stack>
      {r.state === 'returned' && r.lastReturn && (
        <Alert color="red" variant="light" icon={<IconArrowBackUp aria-hidden />} title={t('myWork.returnedTitle')} data-testid="return-comment">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {r.lastReturn.comment}
          </Text>
          <Text size="xs" mt={4}>
            {t('myWork.returnedBy', { name: r.lastReturn.actorName ?? '', unit: r.lastReturn.actorUnitName ?? '', at: formatDateTime(r.lastReturn.at) })}
          </Text>
        </Alert>
      )}
      {r.nextEvents.includes('SUBMIT') ? <ReportEditor key={r.id} report={r} catalogue={indicators.data} /> : <ReportView report={r} catalogue={indicators.data} />}
    </Stack>
  );
}

const text = (value: string) => (value.trim() === '' ? null : value);

function initial(report: Report): Values {
  return {
    results: report.results ?? '',
    limitations: report.limitations ?? '',
    lessons: report.lessons ?? '',
    recommendations: report.recommendations ?? '',
    indicators: { ...report.indicators },
  };
}

/** The form: narrative sections, indicator counts, attachments; save as draft or submit. */
function ReportEditor({ report, catalogue }: { report: Report; catalogue: Indicator[] }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [values, setValues] = useState<Values>(() => initial(report));
  const saved = (next: Report) => client.setQueryData(['report', report.id], next);

  const body = () => ({
    expectedVersion: report.version,
    results: text(values.results),
    limitations: text(values.limitations),
    lessons: text(values.lessons),
    recommendations: text(values.recommendations),
    indicators: Object.fromEntries(Object.entries(values.indicators).filter((e): e is [string, number] => typeof e[1] === 'number')),
  });
  const save = useMutation({
    mutationFn: () => unwrap(api.PATCH('/reports/{id}', { params: { path: { id: report.id } }, body: body() })),
    onSuccess: (next) => {
      saved(next);
      notifications.show({ message: t('myWork.saved'), color: 'green', closeButtonProps: { 'aria-label': t('app.close') } });
    },
  });
  // What the unit sees is what it sends: the form is saved, then SUBMIT names the version saved.
  const submit = useMutation({
    mutationFn: async () => {
      const current = await unwrap(api.PATCH('/reports/{id}', { params: { path: { id: report.id } }, body: body() }));
      saved(current);
      return unwrap(
        api.POST('/reports/{id}/events', {
          params: { path: { id: report.id }, header: { 'Idempotency-Key': crypto.randomUUID() } },
          body: { type: 'SUBMIT', expectedVersion: current.version },
        }),
      );
    },
    onSuccess: async () => {
      await Promise.all([
        client.invalidateQueries({ queryKey: ['report', report.id] }),
        client.invalidateQueries({ queryKey: ['assignment', report.assignmentId] }),
        client.invalidateQueries({ queryKey: ['assignments'] }),
      ]);
      notifications.show({ message: t('myWork.submitted'), color: 'green', closeButtonProps: { 'aria-label': t('app.close') } });
    },
  });
  // A file is part of the report once uploaded: the upload, then the list with it (PATCH attachments).
  const attach = useMutation({
    mutationFn: async (file: File) => {
      const form = new FormData();
      form.append('file', file);
      const uploaded = await unwrap(
        api.POST('/reports/{id}/files', { params: { path: { id: report.id } }, body: { file: file.name }, bodySerializer: () => form }),
      );
      return unwrap(
        api.PATCH('/reports/{id}', {
          params: { path: { id: report.id } },
          body: { expectedVersion: report.version, attachments: [...report.attachments.filter((a) => a.checksum !== uploaded.checksum), uploaded] },
        }),
      );
    },
    onSuccess: saved,
  });
  const detach = useMutation({
    mutationFn: (gone: Attachment) =>
      unwrap(
        api.PATCH('/reports/{id}', {
          params: { path: { id: report.id } },
          body: { expectedVersion: report.version, attachments: report.attachments.filter((a) => a.checksum !== gone.checksum) },
        }),
      ),
    onSuccess: saved,
  });

  const error = submit.error ?? save.error;
  const server = fieldErrors(error, [...SECTIONS, ...catalogue.map((i) => `indicators.${i.code}`)]);
  const busy = save.isPending || submit.isPending;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <ApiErrorAlert error={error} extra={server.other} />
        <Paper withBorder p="md" component="section">
          <Stack gap="sm">
            <Title order={2} size="h4">
              {t('myWork.narrative')}
            </Title>
            {SECTIONS.map((section) => (
              <Textarea
                key={section}
                label={t(`myWork.sections.${section}`)}
                required={section === 'results'}
                autosize
                minRows={section === 'results' ? 4 : 2}
                value={values[section]}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setValues((v) => ({ ...v, [section]: value }));
                }}
                error={server.byField[section]}
              />
            ))}
          </Stack>
        </Paper>

        <Paper withBorder p="md" component="section">
          <Stack gap="sm">
            <Title order={2} size="h4">
              {t('myWork.indicators')}
            </Title>
            {!!report.childTotals?.reports && <Text size="sm">{t('myWork.childTotals', { count: report.childTotals.reports })}</Text>}
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {catalogue.map((indicator) => {
                const below = report.childTotals?.indicators[indicator.code];
                return (
                  <NumberInput
                    key={indicator.code}
                    label={indicator.name}
                    description={
                      below === undefined ? t('myWork.countedIn', { unit: indicator.unit }) : t('myWork.countedInWithBelow', { unit: indicator.unit, below: formatNumber(below) })
                    }
                    min={0}
                    allowNegative={false}
                    thousandSeparator="."
                    decimalSeparator=","
                    value={values.indicators[indicator.code] ?? ''}
                    onChange={(value) => setValues((v) => ({ ...v, indicators: { ...v.indicators, [indicator.code]: typeof value === 'number' ? value : '' } }))}
                    error={server.byField[`indicators.${indicator.code}`]}
                    data-indicator={indicator.code}
                  />
                );
              })}
            </SimpleGrid>
          </Stack>
        </Paper>

        <Paper withBorder p="md" component="section">
          <Stack gap="sm">
            <Title order={2} size="h4">
              {t('myWork.attachments')}
            </Title>
            <Attachments report={report} onRemove={(a) => detach.mutate(a)} removing={detach.isPending} />
            <Group>
              <FileButton onChange={(file) => file && attach.mutate(file)}>
                {(props) => (
                  <Button {...props} variant="default" leftSection={<IconPaperclip size={18} aria-hidden />} loading={attach.isPending}>
                    {t('myWork.attach')}
                  </Button>
                )}
              </FileButton>
            </Group>
            <ApiErrorAlert error={attach.error ?? detach.error} />
          </Stack>
        </Paper>

        <Group>
          <Button type="submit" variant="default" leftSection={<IconDeviceFloppy size={18} aria-hidden />} loading={save.isPending} disabled={busy && !save.isPending}>
            {t('myWork.saveDraft')}
          </Button>
          <Button type="button" leftSection={<IconSend size={18} aria-hidden />} loading={submit.isPending} disabled={busy && !submit.isPending} onClick={() => submit.mutate()}>
            {t('myWork.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The attached files, each downloadable (GET /reports/:id/files/:checksum behind the bearer token). */
function Attachments({ report, onRemove, removing }: { report: Report; onRemove?: (a: Attachment) => void; removing?: boolean }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const get = (a: Attachment) =>
    download(api.GET('/reports/{id}/files/{checksum}', { params: { path: { id: report.id, checksum: a.checksum } }, parseAs: 'blob' }), a.name).catch(setError);
  if (report.attachments.length === 0) return <Text size="sm">{t('myWork.noAttachments')}</Text>;
  return (
    <Stack gap={4}>
      <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {report.attachments.map((a) => (
          <Group key={a.checksum} component="li" gap="xs" wrap="nowrap" data-testid="attachment">
            <Anchor component="button" type="button" size="sm" onClick={() => void get(a)} style={{ overflowWrap: 'anywhere', textAlign: 'left' }}>
              <IconDownload size={14} aria-hidden /> {a.name}
            </Anchor>
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {t('myWork.size', { kb: formatNumber(Math.max(1, Math.round(a.size / 1024))) })}
            </Text>
            {onRemove && (
              <Button size="compact-xs" variant="subtle" color="red" onClick={() => onRemove(a)} loading={removing} aria-label={t('myWork.removeAttachment', { name: a.name })}>
                <IconTrash size={14} aria-hidden />
              </Button>
            )}
          </Group>
        ))}
      </Stack>
      <ApiErrorAlert error={error} />
    </Stack>
  );
}

/** A report sent or decided: what was sent, read-only. */
function ReportView({ report, catalogue }: { report: Report; catalogue: Indicator[] }) {
  const { t } = useTranslation();
  const counted = catalogue.filter((i) => report.indicators[i.code] !== undefined);
  return (
    <Stack>
      <Paper withBorder p="md" component="section">
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('myWork.narrative')}
          </Title>
          {SECTIONS.map((section) => (
            <Stack key={section} gap={2}>
              <Text size="sm" fw={600}>
                {t(`myWork.sections.${section}`)}
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {report[section] ?? t('plan.none')}
              </Text>
            </Stack>
          ))}
        </Stack>
      </Paper>
      <Paper withBorder p="md" component="section">
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('myWork.indicators')}
          </Title>
          {counted.length === 0 ? (
            <Text size="sm">{t('plan.none')}</Text>
          ) : (
            <Table>
              <Table.Tbody>
                {counted.map((i) => (
                  <Table.Tr key={i.code} data-testid="indicator-row">
                    <Table.Td>{i.name}</Table.Td>
                    <Table.Td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                      {formatNumber(report.indicators[i.code])} {i.unit}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      </Paper>
      <Paper withBorder p="md" component="section">
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('myWork.attachments')}
          </Title>
          <Attachments report={report} />
        </Stack>
      </Paper>
      {report.decidedAt && <Text size="sm">{t('myWork.decidedAt', { at: formatDate(report.decidedAt) })}</Text>}
    </Stack>
  );
}
