import { Alert, Badge, Button, Group, List, Paper, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { UnitSearchSelect } from '../../components/UnitSearchSelect';
import { DayInput } from '../auditor/DayInput';

type Result = components['schemas']['ReorganisationResultDto'];
const KINDS = ['merge', 'dissolve', 'rename', 'move'] as const;
type Kind = (typeof KINDS)[number];
/** One change as the API takes it (POST /reorganisations). */
type Change =
  | { kind: 'merge'; from: string[]; into: string }
  | { kind: 'dissolve'; unitId: string; successorId: string }
  | { kind: 'rename'; unitId: string; name: string; shortName?: string }
  | { kind: 'move'; unitId: string; parentId: string };

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });

/**
 * The admin builds a reorganisation: an effective day and a list of changes (merge into an
 * existing unit, dissolve with a successor, rename, move), previews what it touches
 * (POST /reorganisations?dryRun=true), then applies it, or schedules it for a later day and may
 * cancel it. Splits are made through the API for now (their open items are mapped one by one).
 */
export function ReorganisationPanel() {
  const { t } = useTranslation();
  const [effectiveOn, setEffectiveOn] = useState<string | undefined>(today());
  const [changes, setChanges] = useState<Change[]>([]);
  const [kind, setKind] = useState<Kind>('merge');
  const [from, setFrom] = useState<string[]>([]);
  const [unit, setUnit] = useState<string>();
  const [other, setOther] = useState<string>();
  const [name, setName] = useState('');
  const [shortName, setShortName] = useState('');
  const [preview, setPreview] = useState<Result | null>(null);
  const body = () => ({ effectiveOn: effectiveOn!, changes: changes as unknown as Record<string, never>[] });
  const dryRun = useMutation({ mutationFn: () => unwrap(api.POST('/reorganisations', { params: { query: { dryRun: 'true' } }, body: body() })), onSuccess: setPreview });
  const apply = useMutation({ mutationFn: () => unwrap(api.POST('/reorganisations', { params: { query: {} }, body: body() })) });
  const cancel = useMutation({ mutationFn: (id: string) => unwrap(api.POST('/reorganisations/{id}/cancel', { params: { path: { id } } })) });

  const ready =
    kind === 'merge' ? from.length > 0 && !!other : kind === 'rename' ? !!unit && name.trim() !== '' : !!unit && !!other;
  const add = () => {
    const change: Change =
      kind === 'merge'
        ? { kind, from, into: other! }
        : kind === 'dissolve'
          ? { kind, unitId: unit!, successorId: other! }
          : kind === 'rename'
            ? { kind, unitId: unit!, name: name.trim(), ...(shortName.trim() ? { shortName: shortName.trim() } : {}) }
            : { kind, unitId: unit!, parentId: other! };
    setChanges([...changes, change]);
    setFrom([]);
    setUnit(undefined);
    setOther(undefined);
    setName('');
    setShortName('');
    setPreview(null);
    apply.reset();
  };
  const done = apply.data;
  return (
    <Stack>
      <DayInput label={t('admin.reorg.effectiveOn')} value={effectiveOn} onChange={(day) => (setEffectiveOn(day), setPreview(null))} />
      <Paper withBorder p="sm">
        <Stack gap="xs">
          <SegmentedControl
            aria-label={t('admin.reorg.kind')}
            value={kind}
            onChange={(value) => setKind(value as Kind)}
            data={KINDS.map((k) => ({ value: k, label: t(`admin.reorg.kinds.${k}`) }))}
          />
          {kind === 'merge' ? (
            <>
              {from.map((id, i) => (
                <UnitSearchSelect key={id} label={`${t('admin.reorg.from')} ${i + 1}`} value={id} onChange={(next) => setFrom(next ? from.map((f, j) => (j === i ? next : f)) : from.filter((_, j) => j !== i))} />
              ))}
              <UnitSearchSelect key={from.length} label={t('admin.reorg.addFrom')} exclude={from} onChange={(id) => id && setFrom([...from, id])} />
              <UnitSearchSelect label={t('admin.reorg.into')} value={other} exclude={from} onChange={setOther} />
            </>
          ) : (
            <>
              <UnitSearchSelect label={t('admin.reorg.unit')} value={unit} onChange={setUnit} />
              {kind === 'dissolve' && <UnitSearchSelect label={t('admin.reorg.successor')} value={other} exclude={unit ? [unit] : []} onChange={setOther} />}
              {kind === 'move' && <UnitSearchSelect label={t('admin.reorg.parent')} value={other} exclude={unit ? [unit] : []} onChange={setOther} />}
              {kind === 'rename' && (
                <Group grow>
                  <TextInput label={t('admin.reorg.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
                  <TextInput label={t('admin.reorg.shortName')} value={shortName} onChange={(e) => setShortName(e.currentTarget.value)} />
                </Group>
              )}
            </>
          )}
          <Group>
            <Button variant="default" disabled={!ready} onClick={add}>
              {t('admin.reorg.add')}
            </Button>
          </Group>
        </Stack>
      </Paper>
      {changes.length > 0 && (
        <Stack gap={4}>
          <Title order={2} size="h4">
            {t('admin.reorg.changes')}
          </Title>
          <List type="ordered" aria-label={t('admin.reorg.changes')}>
            {changes.map((c, i) => (
              <List.Item key={i}>
                <Group gap="xs">
                  <Badge variant="light">{t(`admin.reorg.kinds.${c.kind}`)}</Badge>
                  <Text size="sm" ff="monospace">
                    {JSON.stringify(c)}
                  </Text>
                  <Button size="compact-xs" variant="subtle" aria-label={t('admin.reorg.remove', { n: i + 1 })} onClick={() => (setChanges(changes.filter((_, j) => j !== i)), setPreview(null))}>
                    ×
                  </Button>
                </Group>
              </List.Item>
            ))}
          </List>
          <Group>
            <Button variant="default" disabled={!effectiveOn} loading={dryRun.isPending} onClick={() => dryRun.mutate()}>
              {t('admin.reorg.preview')}
            </Button>
            <Button disabled={!preview || !!done} loading={apply.isPending} onClick={() => apply.mutate()}>
              {effectiveOn && effectiveOn > today() ? t('admin.reorg.schedule') : t('admin.reorg.apply')}
            </Button>
          </Group>
        </Stack>
      )}
      <ApiErrorAlert error={dryRun.error ?? apply.error ?? cancel.error} />
      {preview && !done && <Outcome result={preview} />}
      {done && (
        <Alert color={done.state === 'scheduled' ? 'blue' : 'green'} role="status">
          <Stack gap="xs">
            <Text>{done.state === 'scheduled' ? t('admin.reorg.scheduled', { day: done.effectiveOn }) : t('admin.reorg.applied')}</Text>
            <Outcome result={done} />
            {done.state === 'scheduled' && done.id && !cancel.isSuccess && (
              <Button variant="default" loading={cancel.isPending} onClick={() => cancel.mutate(done.id!)}>
                {t('admin.reorg.cancel')}
              </Button>
            )}
            {cancel.isSuccess && <Text>{t('admin.reorg.cancelled')}</Text>}
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}

function Outcome({ result }: { result: Result }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4} data-testid="reorganisation-outcome">
      <Text>{t('admin.reorg.touched', result.touched)}</Text>
      {result.amendmentsNeeded.length > 0 && <Text c="orange.9">{t('admin.reorg.amendments', { count: result.amendmentsNeeded.length })}</Text>}
      {result.handovers.length > 0 && (
        <List size="sm" aria-label={t('admin.reorg.handovers')}>
          {result.handovers.slice(0, 50).map((h) => (
            <List.Item key={`${h.subjectType}-${h.id}`}>
              {h.subjectType} <code>{h.id.slice(0, 8)}</code> → <code>{h.toUnitId.slice(0, 8)}</code>
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
