import { ActionIcon, Badge, Button, Group, Loader, Menu, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconArrowsMove, IconChevronDown, IconChevronRight, IconDots, IconPencil, IconPlus, IconPower } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { UnitDialog, type UnitAction } from './UnitDialog';

export type Unit = components['schemas']['UnitDto'];
const PAGE = 100;

export function useUnitKinds() {
  return useQuery({ queryKey: ['unit-kinds'], queryFn: () => unwrap(api.GET('/unit-kinds')), staleTime: Infinity });
}

/**
 * The organisation tree, children loaded when a unit is opened (GET /units, /units/:id/children),
 * or a search across it (GET /units/search); each unit's menu creates below it, renames, moves or
 * (de)activates. A plain nested list: it should adopt the shared virtualised tree of src/components
 * once that exists, for subtrees of thousands.
 */
export function UnitsPanel({ q, onSearch }: { q?: string; onSearch: (q?: string) => void }) {
  const { t } = useTranslation();
  const [action, setAction] = useState<UnitAction | null>(null);
  const setText = useDebouncedCallback((text: string) => onSearch(text.trim() || undefined), 300);
  return (
    <Stack>
      <Group align="flex-end">
        <TextInput type="search" label={t('admin.units.search')} defaultValue={q ?? ''} onChange={(e) => setText(e.currentTarget.value)} style={{ flex: '1 1 16rem' }} />
        <Button variant="default" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAction({ kind: 'create', parent: null })}>
          {t('admin.units.createTop')}
        </Button>
      </Group>
      {q ? <SearchResults q={q} onAction={setAction} /> : <Level parentId={null} depth={0} onAction={setAction} />}
      {action && <UnitDialog action={action} onClose={() => setAction(null)} />}
    </Stack>
  );
}

function SearchResults({ q, onAction }: { q: string; onAction: (a: UnitAction) => void }) {
  const { t } = useTranslation();
  const found = useQuery({ queryKey: ['units', 'search', q, 'admin'], queryFn: () => unwrap(api.GET('/units/search', { params: { query: { q, limit: 50 } } })) });
  if (found.isPending) return <Loader aria-label={t('app.loading')} />;
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

/** One level of the tree: the top-level units, or a unit's children, a page at a time. */
function Level({ parentId, depth, onAction }: { parentId: string | null; depth: number; onAction: (a: UnitAction) => void }) {
  const { t } = useTranslation();
  const units = useInfiniteQuery({
    queryKey: ['units', 'children', parentId],
    queryFn: ({ pageParam }) =>
      unwrap(
        parentId === null
          ? api.GET('/units', { params: { query: { limit: PAGE, cursor: pageParam } } })
          : api.GET('/units/{id}/children', { params: { path: { id: parentId }, query: { limit: PAGE, cursor: pageParam } } }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  if (units.isPending) return <Loader size="sm" aria-label={t('app.loading')} />;
  if (units.isError) return <ApiErrorAlert error={units.error} onRetry={() => void units.refetch()} />;
  const items = units.data.pages.flatMap((p) => p.items);
  if (items.length === 0) return <Text size="sm" c="dimmed" pl={depth * 20}>{t('admin.units.noChildren')}</Text>;
  return (
    <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={parentId === null ? t('admin.units.tree') : undefined}>
      {items.map((unit) => (
        <TreeNode key={unit.id} unit={unit} depth={depth} onAction={onAction} />
      ))}
      {units.hasNextPage && (
        <li>
          <Button size="compact-sm" variant="subtle" ml={depth * 20} onClick={() => void units.fetchNextPage()} loading={units.isFetchingNextPage}>
            {t('admin.units.more')}
          </Button>
        </li>
      )}
    </Stack>
  );
}

function TreeNode({ unit, depth, onAction }: { unit: Unit; depth: number; onAction: (a: UnitAction) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <li>
      <Group gap={4} wrap="nowrap" pl={depth * 20}>
        <ActionIcon variant="subtle" color="dark" onClick={() => setOpen((o) => !o)} aria-expanded={open} aria-label={t(open ? 'admin.units.collapse' : 'admin.units.expand', { name: unit.name })}>
          {open ? <IconChevronDown size={18} aria-hidden /> : <IconChevronRight size={18} aria-hidden />}
        </ActionIcon>
        <UnitRow unit={unit} onAction={onAction} />
      </Group>
      {open && <Level parentId={unit.id} depth={depth + 1} onAction={onAction} />}
    </li>
  );
}

function UnitRow({ unit, onAction }: { unit: Unit; onAction: (a: UnitAction) => void }) {
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
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="dark" aria-label={t('admin.units.actions', { name: unit.name })}>
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
    </Group>
  );
}
