import { Alert, Anchor, Badge, Box, Button, Checkbox, Group, Paper, Select, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { PageLoader } from '../../components/PageLoader';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { keepPreviousData, useQueries, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { DeadlineBadge } from '../../components/DeadlineBadge';
import { StateBadge } from '../../components/StateBadge';
import { branchIds, VirtualTree } from '../../components/VirtualTree';
import { formatDate, formatNumber } from '../../i18n/format';
import { completionBelow, levelSummaries, monitorTree, type CascadeNode, type Completion, type MonitorNode } from './cascade-model';
import { NodeDrawer } from './NodeDrawer';
import { ReminderDialog } from './ReminderDialog';
import { monitorCascadeRoute } from './routes';
import type { CascadeSearch } from './search';
import { NameAtTheTime } from '../../components/NameAtTheTime';

const DEPTHS = [1, 2, 3, 4, 5];

export type IndicatorCatalogue = Map<string, { name: string; unit: string }>;

/** The indicator catalogue by code, for names and units beside the figures. */
export function useIndicators(): IndicatorCatalogue {
  const indicators = useQuery({ queryKey: ['indicators'], queryFn: () => unwrap(api.GET('/indicators')), staleTime: 60 * 60_000 });
  return useMemo(() => new Map((indicators.data ?? []).map((i) => [i.code, { name: i.name, unit: i.unit }])), [indicators.data]);
}

export function IndicatorList({ values, catalogue }: { values: Record<string, number>; catalogue: IndicatorCatalogue }) {
  const entries = Object.entries(values);
  if (entries.length === 0) return null;
  return (
    <Text size="sm" component="span">
      {entries.map(([code, value]) => `${catalogue.get(code)?.name ?? code}: ${formatNumber(value)} ${catalogue.get(code)?.unit ?? ''}`.trim()).join(' · ')}
    </Text>
  );
}

function CompletionText({ counts }: { counts: Completion }) {
  const { t } = useTranslation();
  return (
    <Text size="sm" component="span" data-testid="completion">
      {t('monitor.completion', { onTime: formatNumber(counts.onTime), late: formatNumber(counts.late), overdue: formatNumber(counts.overdue) })}
    </Text>
  );
}

type Children = { under: string; nodes: CascadeNode[] };

/** The children fetched for opened nodes, by node id: one query per node, combined when one changes. */
function combineChildren(results: UseQueryResult<Children>[]): { childrenOf: Map<string, CascadeNode[]>; failed?: UseQueryResult<Children> } {
  return { childrenOf: new Map(results.flatMap((r) => (r.data ? [[r.data.under, r.data.nodes]] : []))), failed: results.find((r) => r.isError) };
}

/** The first read's levels: the top one, shown, and the next, ready to open. */
const FIRST_LEVELS = 2;

/**
 * The cascade under a plan for the monitor: filters in the URL, a virtualised tree, reminders and
 * report decisions. The first two levels come first (`maxDepth=2`, tens of milliseconds whatever
 * the size of what lies below), so rows show at once and a top node opens without waiting; the
 * whole listing follows in the background and then feeds the tree, the per-level table and the
 * completion counts. A deeper node opened before it has arrived fetches its own children (`under`).
 */
export function MonitorCascade() {
  const { t, i18n } = useTranslation();
  const { planId } = monitorCascadeRoute.useParams();
  const search: CascadeSearch = monitorCascadeRoute.useSearch();
  const navigate = useNavigate({ from: '/monitor/plans/$planId' });
  const go = (next: Partial<CascadeSearch>) => void navigate({ search: (prev: CascadeSearch) => ({ ...prev, ...next }) });
  const setName = useDebouncedCallback((name: string) => go({ name: name.trim().length >= 2 ? name.trim() : undefined }), 300);
  const catalogue = useIndicators();

  const filters = { overdue: search.overdue, unitKind: search.kind, unitName: search.name };
  const read = (query: { maxDepth?: number; under?: string }) => unwrap(api.GET('/plans/{id}/cascade', { params: { path: { id: planId }, query: { ...filters, ...query } } }));
  const firstLevels = Math.min(search.depth ?? FIRST_LEVELS, FIRST_LEVELS);
  const top = useQuery({ queryKey: ['cascade', planId, 'top', filters, firstLevels], queryFn: () => read({ maxDepth: firstLevels }), placeholderData: keepPreviousData });
  // With no more levels chosen than the first read has, it is the whole listing.
  const firstIsAll = search.depth !== undefined && search.depth <= FIRST_LEVELS;
  const full = useQuery({
    queryKey: ['cascade', planId, 'full', filters, search.depth],
    queryFn: () => read({ maxDepth: search.depth }),
    enabled: top.isSuccess && !top.isPlaceholderData && !firstIsAll,
  });
  const listing = firstIsAll ? top : full;
  const cascade = listing.data ?? top.data;
  // Nodes whose children came with a read (the first levels, or the whole listing): nothing to fetch when they open.
  const withChildren = useMemo(() => {
    const ids = new Set<string>();
    const walk = (nodes: readonly CascadeNode[]) => nodes.forEach((n) => n.children.length > 0 && (ids.add(n.id), walk(n.children)));
    walk(cascade?.nodes ?? []);
    return ids;
  }, [cascade]);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const { childrenOf, failed } = useQueries({
    queries: [...expanded]
      .filter((id) => !withChildren.has(id))
      .map((id) => ({ queryKey: ['cascade', planId, 'under', id, filters], queryFn: async (): Promise<Children> => ({ under: id, nodes: (await read({ maxDepth: 1, under: id })).nodes }) })),
    combine: combineChildren,
  });
  const kinds = useQuery({ queryKey: ['unit-kinds'], queryFn: () => unwrap(api.GET('/unit-kinds')), staleTime: 60 * 60_000 });

  const roots = useMemo(() => monitorTree(cascade?.nodes ?? [], childrenOf, search.depth), [cascade, childrenOf, search.depth]);
  const filtered = search.overdue === true || search.kind !== undefined || search.name !== undefined;
  // "Expand all" asked for before the whole listing is there: done when it arrives.
  const [openAll, setOpenAll] = useState(false);
  // A new view starts at its top level; a filtered one opens every branch once all of it is there,
  // so the units that match are in sight. Both adjust state while rendering, as the data arrives.
  const view = JSON.stringify([planId, search.overdue, search.depth, search.kind, search.name]);
  const [expandedFor, setExpandedFor] = useState(view);
  const [openedWith, setOpenedWith] = useState<object>();
  if (expandedFor !== view) {
    setExpandedFor(view);
    setExpanded(new Set());
    setOpenedWith(undefined);
  } else if (listing.data && (openAll || (filtered && openedWith !== listing.data))) {
    setOpenedWith(listing.data);
    setExpanded(new Set(branchIds(monitorTree(listing.data.nodes, new Map(), search.depth))));
    setOpenAll(false);
  }
  const below = useMemo(() => (listing.data ? completionBelow(listing.data.nodes) : undefined), [listing.data]);
  const levels = useMemo(() => (listing.data ? levelSummaries(listing.data.nodes) : undefined), [listing.data]);
  const byId = useMemo(() => {
    const map = new Map<string, MonitorNode>();
    const walk = (nodes: readonly MonitorNode[]) => nodes.forEach((n) => (map.set(n.id, n), walk(n.children ?? [])));
    walk(roots);
    return map;
  }, [roots]);

  const [selected, setSelected] = useState<Set<string>>(new Set());
  const toggleSelected = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const [reminding, setReminding] = useState<string[] | null>(null);
  const [sentCount, setSentCount] = useState<number | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const open = openId ? byId.get(openId) : undefined;

  const totals = cascade?.totals;
  const kindLabel = (k: { code: string; name: string; nameVi: string }) => (i18n.language === 'vi' ? k.nameVi : k.name);

  // Behind an open dialog or drawer the page is inert: no focus, no reading, no clicks (the dialogs are portalled outside it).
  const covered = reminding !== null || open !== undefined;
  return (
    <Stack inert={covered}>
      <Anchor component={Link} to="/monitor" size="sm">
        ← {t('monitor.backToPlans')}
      </Anchor>
      <Title order={1} size="h2">
        {cascade?.plan.title ?? t('monitor.title')}
      </Title>
      {cascade && (
        <Group gap="xs">
          <StateBadge state={cascade.plan.state} />
          <Text size="sm">{cascade.plan.numberAndSymbol ?? t('plan.noNumber')}</Text>
          <Text size="sm">
            · {cascade.plan.issuerUnitName}
            <NameAtTheTime current={cascade.plan.issuerUnitName} atTime={cascade.plan.issuedBy} kind="issued" />
          </Text>
        </Group>
      )}

      <Paper withBorder p="sm" component="section" aria-labelledby="cascade-filters">
        <Title order={2} size="h4" id="cascade-filters" mb="xs">
          {t('monitor.filters')}
        </Title>
        <Group align="flex-end" gap="md">
          <Switch label={t('monitor.overdueOnly')} checked={search.overdue === true} onChange={(e) => go({ overdue: e.currentTarget.checked ? true : undefined })} />
          <Select
            label={t('monitor.depth')}
            w={160}
            data={[{ value: '', label: t('monitor.allLevels') }, ...DEPTHS.map((d) => ({ value: String(d), label: t('monitor.levels', { count: d }) }))]}
            value={search.depth ? String(search.depth) : ''}
            onChange={(v) => go({ depth: v ? Number(v) : undefined })}
            allowDeselect={false}
          />
          <Select
            label={t('monitor.unitKind')}
            w={200}
            data={[{ value: '', label: t('monitor.allKinds') }, ...(kinds.data ?? []).map((k) => ({ value: k.code, label: kindLabel(k) }))]}
            value={search.kind ?? ''}
            onChange={(v) => go({ kind: v || undefined })}
            allowDeselect={false}
          />
          <TextInput type="search" label={t('monitor.unitName')} defaultValue={search.name ?? ''} onChange={(e) => setName(e.currentTarget.value)} w={220} />
        </Group>
      </Paper>

      {[top, full, failed].map((q, i) => q?.isError && <ApiErrorAlert key={i} error={q.error} onRetry={() => void q.refetch()} />)}
      {top.isPending && <PageLoader />}

      {totals && (
        <Paper withBorder p="sm" component="section" aria-labelledby="cascade-totals">
          <Title order={2} size="h4" id="cascade-totals" mb="xs">
            {t('monitor.totals')}
          </Title>
          <Group gap="md">
            <Text size="sm" data-testid="totals-units">
              {listing.data
                ? t('monitor.unitsListed', { listed: formatNumber(listing.data.listed), total: formatNumber(totals.nodes) })
                : t('monitor.unitsTotal', { total: formatNumber(totals.nodes) })}
            </Text>
            <CompletionText counts={{ onTime: totals.byDeadline.done_on_time ?? 0, late: totals.byDeadline.done_late ?? 0, overdue: totals.byDeadline.overdue ?? 0 }} />
          </Group>
          <IndicatorList values={totals.indicators} catalogue={catalogue} />
          {!levels && <PageLoader size="sm" mt="xs" />}
          {levels && levels.length > 0 && (
            <Table.ScrollContainer minWidth={0} mt="xs">
              <Table striped withTableBorder fz="sm" data-testid="levels">
                <Table.Caption>{t('monitor.byLevel')}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('monitor.level')}</Table.Th>
                    <Table.Th scope="col">{t('monitor.units')}</Table.Th>
                    <Table.Th scope="col">{t('monitor.completionHead')}</Table.Th>
                    <Table.Th scope="col">{t('monitor.figures')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {levels.map((l) => (
                    <Table.Tr key={l.level}>
                      <Table.Td>{l.level}</Table.Td>
                      <Table.Td>{formatNumber(l.units)}</Table.Td>
                      <Table.Td>
                        <CompletionText counts={l.completion} />
                      </Table.Td>
                      <Table.Td>
                        <IndicatorList values={l.indicators} catalogue={catalogue} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Paper>
      )}

      {sentCount !== null && (
        <Alert role="status" color="green" withCloseButton closeButtonLabel={t('app.close')} onClose={() => setSentCount(null)}>
          {t('monitor.remindersSent', { count: sentCount })}
        </Alert>
      )}

      {cascade && (
        <Stack gap="xs">
          <Group gap="xs">
            <Button variant="default" size="xs" loading={openAll} onClick={() => setOpenAll(true)}>
              {t('monitor.expandAll')}
            </Button>
            <Button variant="default" size="xs" onClick={() => setExpanded(new Set())}>
              {t('monitor.collapseAll')}
            </Button>
            <Button size="xs" disabled={selected.size === 0} onClick={() => setReminding([...selected])}>
              {t('monitor.remindSelected', { count: selected.size })}
            </Button>
            {selected.size > 0 && (
              <Button variant="subtle" size="xs" onClick={() => setSelected(new Set())}>
                {t('monitor.clearSelection')}
              </Button>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            {t('monitor.treeHelp')}
          </Text>
          {roots.length === 0 ? (
            <Text>{t('monitor.empty')}</Text>
          ) : (
            <Paper withBorder aria-busy={top.isFetching || full.isFetching}>
              <VirtualTree
                roots={roots}
                expanded={expanded}
                onExpandedChange={setExpanded}
                label={t('monitor.treeLabel')}
                onActivate={(n) => setOpenId(n.id)}
                onSelect={(n) => toggleSelected(n.id)}
                isSelected={(n) => selected.has(n.id)}
                renderRow={({ node, level, hasChildren, expanded: isOpen, toggle }) => (
                  <Box px="xs" py={6} style={{ borderBottom: '1px solid var(--mantine-color-gray-3)', paddingLeft: `calc(var(--mantine-spacing-xs) + ${Math.min(level - 1, 6) * 14}px)` }}>
                    <Group gap="xs" wrap="nowrap" align="flex-start">
                      <Box w={20} pt={2} onClick={hasChildren ? toggle : undefined} style={{ cursor: hasChildren ? 'pointer' : undefined, flex: 'none' }} data-testid="toggle">
                        {hasChildren && (isOpen ? <IconChevronDown size={18} aria-hidden /> : <IconChevronRight size={18} aria-hidden />)}
                      </Box>
                      <Checkbox
                        tabIndex={-1}
                        mt={2}
                        aria-label={t('monitor.select', { unit: node.unit.name })}
                        checked={selected.has(node.id)}
                        onChange={() => toggleSelected(node.id)}
                      />
                      <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
                        <Group gap="xs" justify="space-between" wrap="nowrap">
                          <Box style={{ minWidth: 0 }}>
                            <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }} data-testid="unit-name">
                              {node.unit.name}
                            </Text>
                            <NameAtTheTime current={node.unit.name} atTime={node.assigneeAtIssue} kind="assigned" />
                          </Box>
                          <Button size="compact-xs" variant="default" tabIndex={-1} onClick={() => setOpenId(node.id)} style={{ flex: 'none' }}>
                            {t('monitor.details')}
                          </Button>
                        </Group>
                        <Group gap={6}>
                          <StateBadge state={node.state} kind="assignment" />
                          <DeadlineBadge status={node.deadlineStatus} />
                          {node.dueOn && <Text size="xs">{t('monitor.dueOn', { date: formatDate(node.dueOn) })}</Text>}
                          {node.childPlan && (
                            <Text size="xs">
                              {t('monitor.childPlan', { number: node.childPlan.numberAndSymbol ?? t('plan.noNumber'), state: t(`planState.${node.childPlan.state}`, node.childPlan.state) })}
                            </Text>
                          )}
                          {node.report && (
                            <Badge size="sm" variant="dot" color={node.report.state === 'submitted' ? 'blue' : node.report.state === 'accepted' ? 'green' : 'gray'}>
                              {t('monitor.reportLabel', { state: t(`monitor.reportState.${node.report.state}`, node.report.state) })}
                            </Badge>
                          )}
                        </Group>
                        {hasChildren && below?.has(node.id) && <CompletionText counts={below.get(node.id)!} />}
                        <IndicatorList values={node.indicators} catalogue={catalogue} />
                      </Stack>
                    </Group>
                  </Box>
                )}
              />
            </Paper>
          )}
        </Stack>
      )}

      <NodeDrawer
        node={open}
        planId={planId}
        catalogue={catalogue}
        onClose={() => setOpenId(null)}
        onRemind={(id) => setReminding([id])}
      />
      <ReminderDialog
        assignmentIds={reminding ?? []}
        opened={reminding !== null}
        onClose={(sent) => {
          setReminding(null);
          if (sent !== null) {
            setSentCount(sent);
            setSelected(new Set());
          }
        }}
      />
    </Stack>
  );
}
