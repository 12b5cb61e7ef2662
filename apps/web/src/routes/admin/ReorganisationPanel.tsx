import { Alert, Badge, Button, Group, List, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { DayInput } from '../auditor/DayInput';
import { ChangeBuilder, ItemLabel, useOpenItems, useUnitNames, type Planned } from './ReorganisationBuilder';
import { isNewUnit, newUnitsOf, problemsByChange, withKeys, type Change, type ChangeProblem, type Target, type UnitId } from './reorganisation-changes';

type Result = components['schemas']['ReorganisationResultDto'];

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });
/** Handovers listed one by one in the preview; the rest are counted. */
const SHOWN_HANDOVERS = 200;

/** Every existing unit a change names (to show names, not ids). */
const unitsOf = (c: Change): string[] => {
  const id = (u: UnitId | null) => (typeof u === 'string' ? [u] : []);
  const target = (t: Target) => (isNewUnit(t) ? id(t.parentId) : id(t));
  if (c.kind === 'merge') return [...c.from, ...target(c.into)];
  if (c.kind === 'split') return [c.unitId, ...c.into.flatMap(target)];
  if (c.kind === 'dissolve') return [c.unitId, ...id(c.successorId)];
  if (c.kind === 'move') return [c.unitId, ...id(c.parentId)];
  return [c.unitId];
};

/**
 * The admin builds a reorganisation: an effective day and a list of changes (merge into an
 * existing or a new unit, split with each open item mapped to a successor, dissolve with a
 * successor, rename, move), previews everything it touches (POST /reorganisations?dryRun=true),
 * then applies it, or schedules it for a later day and may cancel it. The API's refusals are
 * shown next to the change they concern.
 */
export function ReorganisationPanel() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [effectiveOn, setEffectiveOn] = useState<string | undefined>(today());
  const [changes, setChanges] = useState<Change[]>([]);
  const [preview, setPreview] = useState<Result | null>(null);
  const body = () => ({ effectiveOn: effectiveOn!, changes: changes as unknown as Record<string, never>[] });
  const dryRun = useMutation({ mutationFn: () => unwrap(api.POST('/reorganisations', { params: { query: { dryRun: 'true' } }, body: body() })), onSuccess: setPreview });
  const apply = useMutation({
    mutationFn: () => unwrap(api.POST('/reorganisations', { params: { query: {} }, body: body() })),
    // The tree, the units' names and their open work have changed.
    onSuccess: () => Promise.all(['units', 'unit', 'open-items'].map((key) => client.invalidateQueries({ queryKey: [key] }))),
  });
  const cancel = useMutation({ mutationFn: (id: string) => unwrap(api.POST('/reorganisations/{id}/cancel', { params: { path: { id } } })) });
  const edited = () => {
    setPreview(null);
    dryRun.reset();
    apply.reset();
  };
  const error = dryRun.error ?? apply.error;
  const problems = problemsByChange(error);
  const placed = problems.byChange.size > 0;
  const done = apply.data;
  // New units of the changes so far, which later changes may name (by the key each was given).
  const planned: Planned[] = changes.flatMap(newUnitsOf).map((u) => ({ key: u.key!, name: u.name }));
  return (
    <Stack>
      <DayInput label={t('admin.reorg.effectiveOn')} value={effectiveOn} onChange={(day) => (setEffectiveOn(day), edited())} />
      <ChangeBuilder planned={planned} onAdd={(change) => (setChanges([...changes, withKeys(change, planned.map((p) => p.key))]), edited())} />
      {changes.length > 0 && (
        <Stack gap={4}>
          <Title order={2} size="h4">
            {t('admin.reorg.changes')}
          </Title>
          <List type="ordered" aria-label={t('admin.reorg.changes')} spacing="xs">
            {changes.map((c, i) => (
              <List.Item key={i}>
                <Stack gap={2}>
                  <Group gap="xs" wrap="nowrap" align="flex-start">
                    <Badge variant="light" style={{ flexShrink: 0 }}>
                      {t(`admin.reorg.kinds.${c.kind}`)}
                    </Badge>
                    <ChangeSummary change={c} planned={planned} />
                    <Button size="compact-xs" variant="subtle" aria-label={t('admin.reorg.remove', { n: i + 1 })} onClick={() => (setChanges(changes.filter((_, j) => j !== i)), edited())}>
                      ×
                    </Button>
                  </Group>
                  {(problems.byChange.get(i) ?? []).map((p, k) => (
                    <ProblemLine key={k} problem={p} change={c} />
                  ))}
                </Stack>
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
      <ApiErrorAlert error={error ?? cancel.error} extra={placed ? [t('admin.reorg.problemsPlaced')] : undefined} />
      {problems.general.map((p, k) => (
        <ProblemLine key={k} problem={p} />
      ))}
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
            <Group>
              <Button variant="default" onClick={() => (setChanges([]), edited(), cancel.reset())}>
                {t('admin.reorg.startOver')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}

/** A change as a sentence, with the units' names. */
function ChangeSummary({ change: c, planned }: { change: Change; planned: Planned[] }) {
  const { t } = useTranslation();
  const names = useUnitNames(unitsOf(c));
  const unit = (id: UnitId | null) => (id === null ? '—' : typeof id === 'string' ? (names[id] ?? '…') : (planned.find((p) => p.key === id.key)?.name ?? id.key));
  const target = (x: Target) => (isNewUnit(x) ? t('admin.reorg.summary.newUnit', { name: x.name, shortName: x.shortName, parent: unit(x.parentId) }) : unit(x));
  const text =
    c.kind === 'merge'
      ? t('admin.reorg.summary.merge', { from: c.from.map(unit).join(', '), into: target(c.into) })
      : c.kind === 'split'
        ? t('admin.reorg.summary.split', {
            unit: unit(c.unitId),
            into: c.into.map((x, i) => `${i + 1}. ${target(x)} (${t('admin.reorg.summary.items', { count: Object.values(c.map).filter((n) => n === i).length })})`).join('; '),
          })
        : c.kind === 'dissolve'
          ? t('admin.reorg.summary.dissolve', { unit: unit(c.unitId), successor: unit(c.successorId) })
          : c.kind === 'rename'
            ? t('admin.reorg.summary.rename', { unit: unit(c.unitId), name: c.shortName ? `${c.name} (${c.shortName})` : c.name })
            : t('admin.reorg.summary.move', { unit: unit(c.unitId), parent: unit(c.parentId) });
  return (
    <Text size="sm" style={{ flex: 1, minWidth: 0 }}>
      {text}
    </Text>
  );
}

/** A refusal of the API, translated, with the units or open items it names. */
function ProblemLine({ problem, change }: { problem: ChangeProblem; change?: Change }) {
  const { t, i18n } = useTranslation();
  const items = problem.code === 'UNMAPPED_ITEMS' || problem.code === 'UNKNOWN_ITEMS';
  const open = useOpenItems(items && change && change.kind === 'split' ? change.unitId : undefined);
  const names = useUnitNames(items ? [] : problem.unitIds.slice(0, 20));
  const key = `admin.reorg.problems.${problem.code}`;
  const byId = new Map((open.data?.items ?? []).map((i) => [i.id, i]));
  return (
    <Alert color="red" variant="light" p="xs" data-testid="reorganisation-problem" data-code={problem.code}>
      <Text size="sm">
        {i18n.exists(key) ? t(key) : problem.code} {problem.code === 'FIELD' && problem.message}
      </Text>
      {problem.unitIds.length > 0 && (
        <List size="sm">
          {problem.unitIds.slice(0, 20).map((id) => (
            <List.Item key={id}>{items ? byId.get(id) ? <ItemLabel {...byId.get(id)!} /> : <code>{id}</code> : (names[id] ?? <code>{id}</code>)}</List.Item>
          ))}
          {problem.unitIds.length > 20 && <List.Item>{t('admin.reorg.more', { count: problem.unitIds.length - 20 })}</List.Item>}
        </List>
      )}
    </Alert>
  );
}

/** What a reorganisation touches (or touched), readably: units by name, each handover, plans needing an amendment. */
function Outcome({ result }: { result: Result }) {
  const { t } = useTranslation();
  const name = (id: string) => result.unitNames[id] ?? id.slice(0, 8);
  const amendments = useQueries({
    queries: result.amendmentsNeeded.slice(0, 20).map((id) => ({ queryKey: ['plan', id], queryFn: () => unwrap(api.GET('/plans/{id}', { params: { path: { id } } })), retry: false })),
  });
  const groups = (['created', 'dissolved', 'renamed', 'moved'] as const).filter((g) => result.units[g].length > 0);
  return (
    <Stack gap="xs" data-testid="reorganisation-outcome">
      <Text>{t('admin.reorg.touched', result.touched)}</Text>
      {groups.map((g) => (
        <Stack gap={2} key={g}>
          <Title order={3} size="h5">
            {t(`admin.reorg.unitGroups.${g}`)}
          </Title>
          <List size="sm" aria-label={t(`admin.reorg.unitGroups.${g}`)}>
            {result.units[g].map((id) => (
              <List.Item key={id}>{name(id)}</List.Item>
            ))}
          </List>
        </Stack>
      ))}
      {result.handovers.length > 0 && (
        <Stack gap={2}>
          <Title order={3} size="h5">
            {t('admin.reorg.handovers')}
          </Title>
          <List size="sm" aria-label={t('admin.reorg.handovers')}>
            {result.handovers.slice(0, SHOWN_HANDOVERS).map((h) => (
              <List.Item key={`${h.subjectType}-${h.id}`}>
                <ItemLabel type={h.subjectType} title={h.title} detail={h.detail} />
                <Text size="sm">{t('admin.reorg.fromTo', { from: name(h.fromUnitId), to: name(h.toUnitId) })}</Text>
              </List.Item>
            ))}
            {result.handovers.length > SHOWN_HANDOVERS && <List.Item>{t('admin.reorg.more', { count: result.handovers.length - SHOWN_HANDOVERS })}</List.Item>}
          </List>
          <Text size="sm">{t('admin.reorg.notifications', { count: result.touched.notifications })}</Text>
        </Stack>
      )}
      {result.amendmentsNeeded.length > 0 && (
        <Stack gap={2}>
          <Text c="red.9" fw={600}>{t('admin.reorg.amendments', { count: result.amendmentsNeeded.length })}</Text>
          <List size="sm" aria-label={t('admin.reorg.amendmentsList')}>
            {result.amendmentsNeeded.slice(0, 20).map((id, i) => (
              <List.Item key={id}>{amendments[i]?.data ? `${amendments[i].data.numberAndSymbol ?? ''} ${amendments[i].data.title}`.trim() : <code>{id}</code>}</List.Item>
            ))}
            {result.amendmentsNeeded.length > 20 && <List.Item>{t('admin.reorg.more', { count: result.amendmentsNeeded.length - 20 })}</List.Item>}
          </List>
        </Stack>
      )}
    </Stack>
  );
}
