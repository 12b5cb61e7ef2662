import { ActionIcon, Alert, Badge, Box, Button, Group, Menu, Paper, Stack, Text, TextInput } from '@mantine/core';
import { PageLoader } from '../../components/PageLoader';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconArrowsMove, IconChevronDown, IconChevronRight, IconDots, IconPencil, IconPlus, IconPower } from '@tabler/icons-react';
import { useQueries, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { MAX_INDENT_LEVELS, VirtualTree } from '../../components/VirtualTree';
import { formatDate } from '../../i18n/format';
import { DayInput } from '../auditor/DayInput';
import { UnitDialog, type UnitAction } from './UnitDialog';

export type Unit = components['schemas']['UnitDto'];
/** The largest page the API gives: a level is read whole, a page at a time. */
const PAGE = 500;
const INDENT = 20;

export function useUnitKinds() {
  return useQuery({ queryKey: ['unit-kinds'], queryFn: () => unwrap(api.GET('/unit-kinds')), staleTime: Infinity });
}

/**
 * The organisation tree on the shared virtualised tree, each unit's children loaded when it is
 * opened (GET /units, /units/:id/children; `hasChildren` says which units open), or a search
 * across it (GET /units/search); each unit's menu (Enter on its row) creates below it, renames,
 * moves or (de)activates. With a day, the tree and the search read as of that day (`?asOf=`):
 * names, kinds and parents of the day, only units that existed then, and no menu (changes are
 * made on today's tree).
 */
export function UnitsPanel({ q, onSearch }: { q?: string; onSearch: (q?: string) => void }) {
  const { t } = useTranslation();
  const [action, setAction] = useState<UnitAction | null>(null);
  // The tree as it was on a day (GET /units, /units/:id/children and /units/search with ?asOf=).
  const [asOf, setAsOf] = useState<string>();
  const setText = useDebouncedCallback((text: string) => onSearch(text.trim() || undefined), 300);
  return (
    <Stack>
      <Group align="flex-end">
        <TextInput type="search" label={t('admin.units.search')} defaultValue={q ?? ''} onChange={(e) => setText(e.currentTarget.value)} style={{ flex: '1 1 16rem' }} />
        <Button variant="default" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAction({ kind: 'create', parent: null })}>
          {t('admin.units.createTop')}
        </Button>
      </Group>
      <Group align="flex-end">
        <DayInput label={t('admin.reorg.asOf')} value={asOf} onChange={setAsOf} />
        {asOf && (
          <Button variant="subtle" onClick={() => setAsOf(undefined)}>
            {t('admin.units.today')}
          </Button>
        )}
      </Group>
      {asOf && (
        <Alert color="blue" variant="light" data-testid="units-as-of">
          {t('admin.units.asOfNote', { day: formatDate(asOf) })}
        </Alert>
      )}
      {q ? <SearchResults q={q} onAction={asOf ? undefined : setAction} asOf={asOf} /> : <OrgTree key={asOf ?? 'today'} onAction={asOf ? undefined : setAction} asOf={asOf} />}
      {action && <UnitDialog action={action} onClose={() => setAction(null)} />}
    </Stack>
  );
}

function SearchResults({ q, onAction, asOf }: { q: string; onAction?: (a: UnitAction) => void; asOf?: string }) {
  const { t } = useTranslation();
  const found = useQuery({ queryKey: ['units', 'search', q, 'admin', asOf ?? null], queryFn: () => unwrap(api.GET('/units/search', { params: { query: { q, limit: 50, asOf } } })) });
  if (found.isPending) return <PageLoader />;
  if (found.isError) return <ApiErrorAlert error={found.error} onRetry={() => void found.refetch()} />;
  if (found.data.items.length === 0) return <Text>{t('admin.units.none')}</Text>;
  return (
    <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('admin.units.results')}>
      {found.data.items.map((unit) => (
        <li key={unit.id}>
          <UnitRow unit={unit} onAction={onAction} />
        </li>
      ))}
    </Stack>
  );
}

/** A level of the tree whole: the caller's top-level units, or a unit's children. */
async function level(parentId: string | null, asOf?: string): Promise<Unit[]> {
  const units: Unit[] = [];
  let cursor: string | undefined;
  do {
    const page = await unwrap(
      parentId === null
        ? api.GET('/units', { params: { query: { limit: PAGE, cursor, asOf } } })
        : api.GET('/units/{id}/children', { params: { path: { id: parentId }, query: { limit: PAGE, cursor, asOf } } }),
    );
    units.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return units;
}

interface OrgNode {
  id: string;
  unit: Unit;
  hasChildren: boolean;
  /** Undefined until the unit is opened and its children have come. */
  children?: OrgNode[];
}

type Children = { parentId: string; units: Unit[] };

function combineChildren(results: UseQueryResult<Children>[]): { childrenOf: Map<string, Unit[]>; failed?: UseQueryResult<Children> } {
  return { childrenOf: new Map(results.flatMap((r) => (r.data ? [[r.data.parentId, r.data.units]] : []))), failed: results.find((r) => r.isError) };
}

function OrgTree({ onAction, asOf }: { onAction?: (a: UnitAction) => void; asOf?: string }) {
  const { t } = useTranslation();
  const top = useQuery({ queryKey: ['units', 'children', null, asOf ?? null], queryFn: () => level(null, asOf) });
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  // The children of every opened unit; a unit closed again keeps them (cached) for the next time.
  const { childrenOf, failed } = useQueries({
    queries: [...expanded].map((id) => ({ queryKey: ['units', 'children', id, asOf ?? null], queryFn: async (): Promise<Children> => ({ parentId: id, units: await level(id, asOf) }) })),
    combine: combineChildren,
  });
  const roots = useMemo(() => {
    const node = (unit: Unit): OrgNode => ({ id: unit.id, unit, hasChildren: unit.hasChildren, children: childrenOf.get(unit.id)?.map(node) });
    return (top.data ?? []).map(node);
  }, [top.data, childrenOf]);
  // Enter on a row opens its menu; closing it gives the focus back to the row.
  const [menuFor, setMenuFor] = useState<string | null>(null);

  if (top.isPending) return <PageLoader />;
  if (top.isError) return <ApiErrorAlert error={top.error} onRetry={() => void top.refetch()} />;
  return (
    <Stack gap="xs">
      {failed && <ApiErrorAlert error={failed.error} onRetry={() => void failed.refetch()} />}
      <Paper withBorder>
        <VirtualTree
          roots={roots}
          expanded={expanded}
          onExpandedChange={setExpanded}
          label={t('admin.units.tree')}
          onActivate={(n) => setMenuFor(n.id)}
          estimateRowHeight={45}
          indent={INDENT}
          renderRow={({ node, level: depth, hasChildren, expanded: open, toggle }) => (
            <Group
              gap={4}
              wrap="nowrap"
              py={4}
              pr="xs"
              style={{ borderBottom: '1px solid var(--mantine-color-gray-3)', paddingLeft: `calc(var(--mantine-spacing-xs) + ${Math.min(depth - 1, MAX_INDENT_LEVELS) * INDENT}px)` }}
            >
              <Box w={28} style={{ flex: 'none' }}>
                {hasChildren && (
                  <ActionIcon variant="subtle" color="dark" tabIndex={-1} onClick={toggle} aria-label={t(open ? 'admin.units.collapse' : 'admin.units.expand', { name: node.unit.name })}>
                    {open ? <IconChevronDown size={18} aria-hidden /> : <IconChevronRight size={18} aria-hidden />}
                  </ActionIcon>
                )}
              </Box>
              <UnitRow unit={node.unit} onAction={onAction} menuOpened={menuFor === node.id} onMenuChange={(o) => setMenuFor(o ? node.id : null)} />
            </Group>
          )}
        />
      </Paper>
    </Stack>
  );
}

function UnitRow({ unit, onAction, menuOpened, onMenuChange }: {
  /** Without it (the tree as of a past day), no menu. */
  unit: Unit; onAction?: (a: UnitAction) => void;
  /** In the tree, the row's menu is controlled (Enter on the row opens it); in the search results it is its own. */
  menuOpened?: boolean; onMenuChange?: (opened: boolean) => void;
}) {
  const { t, i18n } = useTranslation();
  const kinds = useUnitKinds();
  const kind = kinds.data?.find((k) => k.code === unit.kind);
  return (
    <Group gap="xs" wrap="nowrap" justify="space-between" style={{ flex: 1, minWidth: 0 }} data-testid="unit-row" data-unit={unit.id}>
      <Group gap={6} style={{ minWidth: 0 }}>
        <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
          {unit.name}
        </Text>
        <Text size="xs">
          {unit.shortName} · {kind ? (i18n.language === 'vi' ? kind.nameVi : kind.name) : unit.kind}
        </Text>
        {!unit.active && (
          <Badge color="dark" variant="outline" size="sm">
            {t('admin.units.inactive')}
          </Badge>
        )}
      </Group>
      {onAction && (
        <Menu position="bottom-end" withinPortal opened={menuOpened} onChange={onMenuChange}>
          <Menu.Target>
            <ActionIcon variant="subtle" color="dark" tabIndex={onMenuChange ? -1 : undefined} aria-label={t('admin.units.actions', { name: unit.name })}>
              <IconDots size={18} aria-hidden />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item leftSection={<IconPlus size={16} aria-hidden />} onClick={() => onAction({ kind: 'create', parent: unit })} disabled={!unit.active}>
              {t('admin.units.create')}
            </Menu.Item>
            <Menu.Item leftSection={<IconPencil size={16} aria-hidden />} onClick={() => onAction({ kind: 'edit', unit })}>
              {t('admin.units.edit')}
            </Menu.Item>
            <Menu.Item leftSection={<IconArrowsMove size={16} aria-hidden />} onClick={() => onAction({ kind: 'move', unit })}>
              {t('admin.units.move')}
            </Menu.Item>
            <Menu.Item leftSection={<IconPower size={16} aria-hidden />} onClick={() => onAction({ kind: 'active', unit })}>
              {t(unit.active ? 'admin.units.deactivate' : 'admin.units.activate')}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      )}
    </Group>
  );
}
