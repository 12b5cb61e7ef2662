import { Badge, Button, Fieldset, Group, NativeSelect, Paper, SegmentedControl, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQueries, useQuery } from '@tanstack/react-query';
import { createContext, useContext, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { UnitSearchSelect } from '../../components/UnitSearchSelect';
import { formatDate } from '../../i18n/format';
import {
  cleanTarget,
  countsBySuccessor,
  emptyNewUnit,
  isCompleteTarget,
  isNewUnit,
  isRef,
  mapAll,
  mapItem,
  splitChange,
  unmapped,
  withoutSuccessor,
  type Change,
  type Mapping,
  type NewUnit,
  type Target,
  type UnitId,
} from './reorganisation-changes';
import { useUnitKinds } from './UnitsPanel';

export type OpenItem = components['schemas']['OpenItemDto'];
/** A unit an earlier change of the list creates: later changes may name it by its key. */
export interface Planned {
  key: string;
  name: string;
}
const PlannedUnits = createContext<Planned[]>([]);
export const KINDS = ['merge', 'split', 'dissolve', 'rename', 'move'] as const;
type Kind = (typeof KINDS)[number];

/** A unit's name as the rest of the app caches it (GET /units/:id, the key UnitSearchSelect uses). */
export function useUnitNames(ids: readonly string[]): Record<string, string> {
  const results = useQueries({
    queries: ids.map((id) => ({ queryKey: ['unit', id], queryFn: () => unwrap(api.GET('/units/{id}', { params: { path: { id } } })), staleTime: 60_000 })),
  });
  return Object.fromEntries(results.flatMap((r) => (r.data ? [[r.data.id, r.data.name]] : [])));
}

/** The open work of a unit (GET /units/:id/open-items): what a split maps and a dissolve hands over. */
export function useOpenItems(unitId: string | undefined) {
  return useQuery({
    queryKey: ['open-items', unitId],
    queryFn: () => unwrap(api.GET('/units/{id}/open-items', { params: { path: { id: unitId! } } })),
    enabled: !!unitId,
  });
}

/**
 * Builds one change: merge (into an existing unit or a new one), split (into several successors,
 * existing or new, each open item mapped to one), dissolve with a successor, rename, move.
 */
export function ChangeBuilder({ onAdd, planned }: { onAdd: (change: Change) => void; planned: Planned[] }) {
  const { t } = useTranslation();
  const narrow = useMediaQuery('(max-width: 48em)');
  const [kind, setKind] = useState<Kind>('merge');
  const [from, setFrom] = useState<string[]>([]);
  const [unit, setUnit] = useState<string>();
  const [other, setOther] = useState<UnitId>();
  const [into, setInto] = useState<Target | undefined>(undefined);
  const [successors, setSuccessors] = useState<(Target | undefined)[]>([]);
  const [mapping, setMapping] = useState<Mapping>({});
  const [name, setName] = useState('');
  const [shortName, setShortName] = useState('');
  const open = useOpenItems(kind === 'split' || kind === 'dissolve' ? unit : undefined);
  const itemIds = (open.data?.items ?? []).map((i) => i.id);

  const split = kind === 'split' && open.isSuccess ? splitChange(unit, successors, itemIds, mapping) : undefined;
  const change: Change | undefined =
    kind === 'merge'
      ? from.length > 0 && isCompleteTarget(into)
        ? { kind, from, into: cleanTarget(into) }
        : undefined
      : kind === 'split'
        ? split
        : kind === 'dissolve'
          ? unit && other
            ? { kind, unitId: unit, successorId: other }
            : undefined
          : kind === 'rename'
            ? unit && name.trim()
              ? { kind, unitId: unit, name: name.trim(), ...(shortName.trim() ? { shortName: shortName.trim() } : {}) }
              : undefined
            : unit && other
              ? { kind, unitId: unit, parentId: other }
              : undefined;
  const reset = () => {
    setFrom([]);
    setUnit(undefined);
    setOther(undefined);
    setInto(undefined);
    setSuccessors([]);
    setMapping({});
    setName('');
    setShortName('');
  };
  const chooseUnit = (id?: string) => {
    setUnit(id);
    setMapping({});
  };

  return (
    <PlannedUnits.Provider value={planned}>
    <Paper withBorder p="sm">
      <Stack gap="xs">
        <SegmentedControl
          aria-label={t('admin.reorg.kind')}
          orientation={narrow ? 'vertical' : 'horizontal'}
          value={kind}
          onChange={(value) => (setKind(value as Kind), reset())}
          data={KINDS.map((k) => ({ value: k, label: t(`admin.reorg.kinds.${k}`) }))}
        />
        {kind === 'merge' && (
          <>
            {from.map((id, i) => (
              <UnitSearchSelect key={id} label={`${t('admin.reorg.from')} ${i + 1}`} value={id} onChange={(next) => setFrom(next ? from.map((f, j) => (j === i ? next : f)) : from.filter((_, j) => j !== i))} />
            ))}
            <UnitSearchSelect key={from.length} label={t('admin.reorg.addFrom')} exclude={from} onChange={(id) => id && setFrom([...from, id])} />
            <TargetPicker legend={t('admin.reorg.into')} value={into} onChange={setInto} exclude={from} />
          </>
        )}
        {kind !== 'merge' && <UnitSearchSelect label={t('admin.reorg.unit')} value={unit} onChange={chooseUnit} />}
        {kind === 'split' && (
          <>
            {successors.map((s, i) => (
              <Group key={i} align="flex-start" wrap="nowrap">
                <div style={{ flex: 1, minWidth: 0 }}>
                  <TargetPicker legend={t('admin.reorg.successorN', { n: i + 1 })} value={s} onChange={(next) => setSuccessors(successors.map((x, j) => (j === i ? next : x)))} exclude={unit ? [unit] : []} />
                </div>
                <Button
                  mt="md"
                  variant="subtle"
                  aria-label={t('admin.reorg.removeSuccessor', { n: i + 1 })}
                  onClick={() => (setSuccessors(successors.filter((_, j) => j !== i)), setMapping(withoutSuccessor(mapping, i)))}
                >
                  ×
                </Button>
              </Group>
            ))}
            <Group>
              <Button variant="default" size="xs" onClick={() => setSuccessors([...successors, ''])}>
                {t('admin.reorg.addSuccessor')}
              </Button>
            </Group>
            {unit && (
              <OpenItemsPanel query={open}>
                {(items) => <MappingTable items={items} successors={successors} mapping={mapping} onChange={setMapping} />}
              </OpenItemsPanel>
            )}
          </>
        )}
        {kind === 'dissolve' && (
          <>
            <UnitOrPlanned label={t('admin.reorg.successor')} value={other} exclude={unit ? [unit] : []} onChange={setOther} />
            {unit && <OpenItemsPanel query={open}>{(items) => <ItemList items={items} />}</OpenItemsPanel>}
          </>
        )}
        {kind === 'move' && <UnitOrPlanned label={t('admin.reorg.parent')} value={other} exclude={unit ? [unit] : []} onChange={setOther} />}
        {kind === 'rename' && (
          <Group grow>
            <TextInput label={t('admin.reorg.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
            <TextInput label={t('admin.reorg.shortName')} value={shortName} onChange={(e) => setShortName(e.currentTarget.value)} />
          </Group>
        )}
        <Group>
          <Button variant="default" disabled={!change} onClick={() => change && (onAdd(change), reset())}>
            {t('admin.reorg.add')}
          </Button>
        </Group>
      </Stack>
    </Paper>
    </PlannedUnits.Provider>
  );
}

/** An existing unit (searched by name), or one an earlier change of the list creates. */
function UnitOrPlanned({ label, value, onChange, exclude, required }: { label: string; value: UnitId | undefined; onChange: (u: UnitId | undefined) => void; exclude: string[]; required?: boolean }) {
  const { t } = useTranslation();
  const planned = useContext(PlannedUnits);
  const [mode, setMode] = useState<'existing' | 'planned'>(isRef(value) ? 'planned' : 'existing');
  if (planned.length === 0) return <UnitSearchSelect label={label} value={typeof value === 'string' ? value : undefined} exclude={exclude} onChange={onChange} required={required} />;
  return (
    <Fieldset legend={label} variant="unstyled">
      <Stack gap="xs">
        <SegmentedControl
          size="xs"
          aria-label={t('admin.reorg.targetMode', { what: label })}
          value={mode}
          onChange={(m) => (setMode(m as 'existing' | 'planned'), onChange(undefined))}
          data={(['existing', 'planned'] as const).map((m) => ({ value: m, label: t(`admin.reorg.targetModes.${m}`) }))}
        />
        {mode === 'planned' ? (
          <PlannedSelect value={isRef(value) ? value : undefined} onChange={onChange} />
        ) : (
          <UnitSearchSelect label={t('admin.reorg.existingUnit')} value={typeof value === 'string' ? value : undefined} exclude={exclude} onChange={onChange} required={required} />
        )}
      </Stack>
    </Fieldset>
  );
}

function PlannedSelect({ value, onChange }: { value: { key: string } | undefined; onChange: (u: UnitId | undefined) => void }) {
  const { t } = useTranslation();
  const planned = useContext(PlannedUnits);
  return (
    <NativeSelect
      label={t('admin.reorg.plannedUnit')}
      data={[{ value: '', label: t('admin.reorg.choose') }, ...planned.map((p) => ({ value: p.key, label: p.name }))]}
      value={value?.key ?? ''}
      onChange={(e) => onChange(e.currentTarget.value ? { key: e.currentTarget.value } : undefined)}
    />
  );
}

/** A successor: an existing unit (searched by name), a new one (its fields), or one an earlier change creates. */
function TargetPicker({ legend, value, onChange, exclude }: { legend: string; value: Target | undefined; onChange: (t: Target | undefined) => void; exclude: string[] }) {
  const { t } = useTranslation();
  const planned = useContext(PlannedUnits);
  const mode = value !== undefined && isNewUnit(value) ? 'new' : isRef(value) ? 'planned' : 'existing';
  const modes = planned.length > 0 ? (['existing', 'new', 'planned'] as const) : (['existing', 'new'] as const);
  return (
    <Fieldset legend={legend} variant="unstyled">
      <Stack gap="xs">
        <SegmentedControl
          size="xs"
          aria-label={t('admin.reorg.targetMode', { what: legend })}
          value={mode}
          onChange={(m) => onChange(m === 'new' ? emptyNewUnit() : m === 'planned' ? { key: '' } : undefined)}
          data={modes.map((m) => ({ value: m, label: t(`admin.reorg.targetModes.${m}`) }))}
        />
        {value !== undefined && isNewUnit(value) ? (
          <NewUnitFields value={value} onChange={onChange} />
        ) : isRef(value) ? (
          <PlannedSelect value={value.key ? value : undefined} onChange={(u) => onChange(u ?? { key: '' })} />
        ) : (
          <UnitSearchSelect label={t('admin.reorg.existingUnit')} value={value || undefined} exclude={exclude} onChange={(id) => onChange(id ?? '')} />
        )}
      </Stack>
    </Fieldset>
  );
}

/** The fields of a unit the reorganisation creates. */
function NewUnitFields({ value, onChange }: { value: NewUnit; onChange: (u: NewUnit) => void }) {
  const { t, i18n } = useTranslation();
  const kinds = useUnitKinds();
  const set = (patch: Partial<NewUnit>) => onChange({ ...value, ...patch });
  return (
    <Stack gap="xs">
      <Group grow align="flex-start">
        <TextInput label={t('admin.reorg.newUnit.name')} value={value.name} onChange={(e) => set({ name: e.currentTarget.value })} required />
        <TextInput label={t('admin.reorg.newUnit.shortName')} description={t('admin.units.shortNameHelp')} value={value.shortName} onChange={(e) => set({ shortName: e.currentTarget.value })} required />
      </Group>
      <Group grow align="flex-start">
        <Select
          label={t('admin.reorg.newUnit.kind')}
          data={(kinds.data ?? []).map((k) => ({ value: k.code, label: i18n.language === 'vi' ? k.nameVi : k.name }))}
          value={value.kind || null}
          onChange={(kind) => set({ kind: kind ?? '' })}
          required
          allowDeselect={false}
        />
        <Select
          label={t('admin.reorg.newUnit.symbolStyle')}
          data={(['party', 'state'] as const).map((s) => ({ value: s, label: t(`admin.units.symbolStyles.${s}`) }))}
          value={value.symbolStyle}
          onChange={(s) => s && set({ symbolStyle: s as NewUnit['symbolStyle'] })}
          allowDeselect={false}
        />
      </Group>
      <UnitOrPlanned label={t('admin.reorg.newUnit.parent')} value={value.parentId ?? undefined} onChange={(id) => set({ parentId: id ?? null })} exclude={[]} required />
    </Stack>
  );
}

function OpenItemsPanel({ query, children }: { query: ReturnType<typeof useOpenItems>; children: (items: OpenItem[]) => React.ReactNode }) {
  const { t } = useTranslation();
  if (query.isPending) return <PageLoader />;
  if (query.isError) return <ApiErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <Stack gap={4}>
      <Text fw={600}>{t('admin.reorg.openItems', { count: query.data.items.length })}</Text>
      {query.data.items.length === 0 ? <Text size="sm">{t('admin.reorg.noOpenItems')}</Text> : children(query.data.items)}
    </Stack>
  );
}

/** How an open item reads: its kind, title, detail and due day. */
export function ItemLabel({ type, title, detail, dueOn }: { type: string; title: string; detail?: string | null; dueOn?: string | null }) {
  const { t } = useTranslation();
  return (
    <Group gap={6} wrap="wrap">
      <Badge variant="light" size="sm">
        {t(`admin.reorg.itemTypes.${type}`)}
      </Badge>
      <Text size="sm" span>
        {title}
      </Text>
      {detail && (
        <Text size="sm" span c="dimmed">
          {type === 'membership' ? t(`roles.${detail}`, { defaultValue: detail }) : detail}
        </Text>
      )}
      {dueOn && (
        <Text size="sm" span c="dimmed">
          {t('admin.reorg.dueOn', { day: formatDate(dueOn) })}
        </Text>
      )}
    </Group>
  );
}

function ItemList({ items }: { items: OpenItem[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('admin.reorg.openItemsList')}>
      {items.map((item) => (
        <li key={item.id}>
          <ItemLabel {...item} />
        </li>
      ))}
      <Text size="sm" c="dimmed">
        {t('admin.reorg.allToSuccessor')}
      </Text>
    </Stack>
  );
}

/** Each open item with the successor it goes to, and "map all to…". */
function MappingTable({ items, successors, mapping, onChange }: { items: OpenItem[]; successors: (Target | undefined)[]; mapping: Mapping; onChange: (m: Mapping) => void }) {
  const { t } = useTranslation();
  const existing = useUnitNames(successors.filter((s): s is string => typeof s === 'string' && s !== ''));
  const planned = useContext(PlannedUnits);
  const [all, setAll] = useState('');
  const label = (s: Target | undefined, i: number) =>
    `${i + 1}. ${
      s !== undefined && isNewUnit(s)
        ? s.name.trim() || t('admin.reorg.unnamedNewUnit')
        : isRef(s)
          ? (planned.find((p) => p.key === s.key)?.name ?? t('admin.reorg.notChosen'))
          : s
            ? (existing[s] ?? '…')
            : t('admin.reorg.notChosen')
    }`;
  const options = [{ value: '', label: t('admin.reorg.choose') }, ...successors.map((s, i) => ({ value: String(i), label: label(s, i) }))];
  const ids = items.map((i) => i.id);
  const left = unmapped(ids, mapping).length;
  const counts = countsBySuccessor(mapping, successors.length);
  if (successors.length === 0) return <Text size="sm">{t('admin.reorg.addSuccessorsFirst')}</Text>;
  return (
    <Stack gap="xs">
      <Group align="flex-end">
        <NativeSelect label={t('admin.reorg.mapAll')} data={options} value={all} onChange={(e) => setAll(e.currentTarget.value)} />
        <Button variant="default" disabled={all === ''} onClick={() => onChange(mapAll(ids, Number(all)))}>
          {t('admin.reorg.mapAllApply')}
        </Button>
      </Group>
      <Table.ScrollContainer minWidth={320}>
        <Table aria-label={t('admin.reorg.mapping')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.reorg.item')}</Table.Th>
              <Table.Th>{t('admin.reorg.goesTo')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => (
              <Table.Tr key={item.id} data-item={item.id}>
                <Table.Td>
                  <ItemLabel {...item} />
                </Table.Td>
                <Table.Td>
                  <NativeSelect
                    aria-label={t('admin.reorg.goesToFor', { title: item.title })}
                    data={options}
                    value={item.id in mapping ? String(mapping[item.id]) : ''}
                    onChange={(e) => onChange(mapItem(mapping, item.id, e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value)))}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="sm" role="status" c={left > 0 ? 'red.9' : undefined} fw={left > 0 ? 600 : undefined}>
        {left > 0 ? t('admin.reorg.unmapped', { count: left }) : t('admin.reorg.allMapped', { counts: counts.map((c, i) => `${i + 1}: ${c}`).join(', ') })}
      </Text>
    </Stack>
  );
}
