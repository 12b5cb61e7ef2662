import { Anchor, Badge, Button, FileInput, Group, List, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';

type ImportResult = components['schemas']['ImportResultDto'];

type Unmatched = ImportResult['report']['unmatched'][number];

const unmatchedText = (entry: Unmatched) => `${entry.name} (${entry.field})`;

function ReportList({ title, items, testId }: { title: string; items: string[]; testId: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4} data-testid={testId}>
      <Text size="sm" fw={600}>
        {title} ({items.length})
      </Text>
      {items.length === 0 ? (
        <Text size="sm">{t('plan.none')}</Text>
      ) : (
        <List size="sm" spacing={2}>
          {items.map((item, i) => (
            <List.Item key={i} style={{ overflowWrap: 'anywhere' }}>
              {item}
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

/** A field the importer guessed (`title`, `basis[1].issuedOn`), in the drafter's words: "Căn cứ 2: issuedOn" reads as the basis's second reference's date. */
function uncertainText(path: string, field: (name: string) => string, reference: string): string {
  const ref = path.match(/^basis\[(\d+)\]\.(\w+)$/);
  return ref ? `${reference} ${Number(ref[1]) + 1}: ${field(ref[2])}` : field(path);
}

/** What the import found and did not: recognised fields with counts, missing fields, paragraphs no field took, names no unit matched. */
export function ImportReport({ result }: { result: ImportResult }) {
  const { t, i18n } = useTranslation();
  const field = (name: string) => (i18n.exists(`drafter.fields.${name}`) ? t(`drafter.fields.${name}`) : name);
  const recognised = Object.entries(result.report.recognised as Record<string, number>);
  return (
    <Paper withBorder p="md" data-testid="import-report">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('drafter.importReport')}
        </Title>
        <Text size="sm">
          {t('drafter.importedAs')}{' '}
          <Anchor component={Link} to={`/drafter/plans/${result.plan.id}`} fw={600}>
            {result.plan.title}
          </Anchor>
        </Text>
        <Stack gap={4} data-testid="import-recognised">
          <Text size="sm" fw={600}>
            {t('drafter.recognised')} ({recognised.length})
          </Text>
          <Group gap={6}>
            {recognised.map(([name, count]) => (
              <Badge key={name} variant="outline" color="dark" tt="none">
                {field(name)}: {count}
              </Badge>
            ))}
          </Group>
        </Stack>
        <SimpleGrid cols={{ base: 1, md: 3 }}>
          <ReportList testId="import-missing" title={t('drafter.missing')} items={result.report.missing.map(field)} />
          <ReportList testId="import-unmatched" title={t('drafter.unmatched')} items={result.report.unmatched.map(unmatchedText)} />
          <ReportList testId="import-unclassified" title={t('drafter.unclassified')} items={result.report.unclassified} />
        </SimpleGrid>
        {result.report.uncertain.length > 0 && (
          <Stack gap={4} data-testid="import-uncertain">
            <Text size="sm" fw={600}>
              {t('drafter.uncertain')} ({result.report.uncertain.length})
            </Text>
            <Group gap={6}>
              {result.report.uncertain.map((path) => (
                <Badge key={path} variant="filled" color="red.9" tt="none">
                  {uncertainText(path, field, t('drafter.uncertainReference'))}
                </Badge>
              ))}
            </Group>
          </Stack>
        )}
        {(result.report.notes ?? []).length > 0 && <ReportList testId="import-notes" title={t('drafter.importNotes')} items={result.report.notes ?? []} />}
      </Stack>
    </Paper>
  );
}

/** Import a .docx or .txt into a new draft of the issuer (POST /plans/import) and show the import report. */
export function ImportPanel({ issuerUnitId }: { issuerUnitId: string | undefined }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: (f: File) =>
      unwrap(
        api.POST('/plans/import', {
          body: { file: f as unknown as string, issuerUnitId: issuerUnitId! },
          bodySerializer: (body) => {
            const data = new FormData();
            data.append('issuerUnitId', body.issuerUnitId);
            data.append('file', f, f.name);
            return data;
          },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['plans'] }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file && issuerUnitId) upload.mutate(file);
  };
  return (
    <Stack>
      <form onSubmit={submit}>
        <Group align="flex-end">
          <FileInput
            label={t('drafter.importFile')}
            description={t('drafter.importHint')}
            accept=".docx,.txt,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            value={file}
            onChange={(f) => {
              setFile(f);
              upload.reset();
            }}
            clearable
            clearButtonProps={{ 'aria-label': t('drafter.clear') }}
            style={{ flex: '1 1 16rem', minWidth: 0 }}
          />
          <Button type="submit" leftSection={<IconFileImport size={18} aria-hidden />} disabled={!file || !issuerUnitId} loading={upload.isPending}>
            {t('drafter.import')}
          </Button>
        </Group>
      </form>
      <ApiErrorAlert error={upload.error} />
      {upload.data && <ImportReport result={upload.data} />}
    </Stack>
  );
}
