import { graphlib, layout } from '@dagrejs/dagre';
import { Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useId, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { eventLabel, stateLabel } from './labels';
import { machinePath, type AuditEntry, type Edge, type MachineGraph } from './machine-path';

const COLOR = { path: '#1864ab', idle: '#868e96', text: '#212529', muted: '#495057', cluster: '#f1f3f5' };
const FONT = 13;
const NODE_HEIGHT = 36;
const CLUSTER_LABEL = 22;
/** Narrower than this, the labels would be too small to read. */
const MIN_WIDTH = 560;

type Point = { x: number; y: number };
type Box = Point & { width: number; height: number };

/** Text width in the diagram's font, close enough for layout (no DOM measuring, so it lays out before paint). */
const textWidth = (text: string, size = FONT) => text.length * size * 0.58;

/** Where the line from a box's centre towards `to` leaves the box. */
function border(box: Box, to: Point): Point {
  const dx = to.x - box.x;
  const dy = to.y - box.y;
  if (dx === 0 && dy === 0) return box;
  const scale = Math.min(box.width / 2 / Math.abs(dx || 1e-9), box.height / 2 / Math.abs(dy || 1e-9));
  return { x: box.x + dx * scale, y: box.y + dy * scale };
}

interface Laid {
  width: number;
  height: number;
  nodes: (Box & { id: string; label: string; final: boolean; compound: boolean })[];
  edges: (Edge & { points: Point[]; label: string; labelAt: Point })[];
}

/**
 * dagre's layered layout of the machine: nested states inside their parent's box. dagre cannot
 * route an edge from a box (DISCARD from `draft`): it is laid out from the box's first child and
 * drawn from the box's border.
 */
function lay(graph: MachineGraph, edges: Edge[], label: (state: string) => string, edgeLabel: (edge: Edge) => string): Laid {
  const g = new graphlib.Graph({ compound: true, multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 28, ranksep: 44, edgesep: 12, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  const parents = new Set(graph.states.map((s) => s.parent).filter((p): p is string => p !== null));
  const firstChild = new Map<string, string>();
  for (const s of graph.states) {
    if (parents.has(s.path)) g.setNode(s.path, { label: label(s.path), paddingTop: CLUSTER_LABEL } as never);
    else g.setNode(s.path, { width: Math.max(96, textWidth(label(s.path)) + 28), height: NODE_HEIGHT });
    if (s.parent) {
      g.setParent(s.path, s.parent);
      if (s.initial || !firstChild.has(s.parent)) firstChild.set(s.parent, s.path);
    }
  }
  const leaf = (state: string) => firstChild.get(state) ?? state;
  const children = (state: string) => graph.states.filter((s) => s.parent === state).length;
  for (const e of edges) {
    const text = edgeLabel(e);
    // An edge leaving a box is laid from its first child: long enough to put the target below the box.
    const minlen = parents.has(e.source) ? children(e.source) + 1 : 1;
    g.setEdge(leaf(e.source), leaf(e.target), { width: textWidth(text, 12) + 8, height: 16, labelpos: 'c', minlen }, e.id);
  }
  layout(g);
  const box = (id: string): Box => {
    const n = g.node(id) as unknown as Box;
    return { x: n.x, y: n.y, width: n.width, height: n.height };
  };
  const nodes = graph.states.map((s) => ({ id: s.path, label: label(s.path), final: s.final, compound: parents.has(s.path), ...box(s.path) }));
  const laidEdges = edges.map((e) => {
    const data = g.edge(leaf(e.source), leaf(e.target), e.id) as { points: Point[]; x: number; y: number };
    let points = data.points;
    let labelAt: Point = { x: data.x, y: data.y };
    if (parents.has(e.source) || parents.has(e.target)) {
      const from = box(e.source);
      const to = box(e.target);
      points = [border(from, to), border(to, from)];
      labelAt = { x: (points[0].x + points[1].x) / 2, y: (points[0].y + points[1].y) / 2 };
    }
    return { ...e, points, label: edgeLabel(e), labelAt };
  });
  const size = g.graph() as { width: number; height: number };
  return { width: size.width, height: size.height, nodes, edges: laidEdges };
}

/** A smooth path through dagre's points. */
function pathOf(points: Point[]): string {
  const [first, ...rest] = points;
  if (rest.length === 0) return `M${first.x},${first.y}`;
  let d = `M${first.x},${first.y}`;
  for (let i = 0; i < rest.length - 1; i++) {
    const mid = { x: (rest[i].x + rest[i + 1].x) / 2, y: (rest[i].y + rest[i + 1].y) / 2 };
    d += ` Q${rest[i].x},${rest[i].y} ${mid.x},${mid.y}`;
  }
  const last = rest[rest.length - 1];
  return `${d} L${last.x},${last.y}`;
}

/**
 * The subject's machine drawn from its definition (GET /workflows/:machine): states visited
 * outlined, transitions taken in colour with their count, the current state filled; then the
 * same as a list, which screen readers read instead of the picture.
 */
export function MachineDiagram({ graph, history }: { graph: MachineGraph; history: readonly AuditEntry[] }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const kind = graph.machine;
  const path = useMemo(() => machinePath(graph, history), [graph, history]);
  // Labels change with the language (and `t` with them), and so do the boxes' widths.
  const state = useCallback((s: string) => stateLabel(t, i18n, kind, s), [t, i18n, kind]);
  const events = useCallback((e: Edge) => e.events.map((ev) => eventLabel(t, i18n, ev)).join(' / ') + (e.taken > 0 ? ` ×${e.taken}` : ''), [t, i18n]);
  const laid = useMemo(() => lay(graph, path.edges, state, events), [graph, path, state, events]);
  const current = history.at(-1)?.toState ?? null;
  const box = useRef<HTMLDivElement>(null);
  // When the picture is wider than its box, start with the current state in view.
  useEffect(() => {
    const node = laid.nodes.find((n) => n.id === current);
    const el = box.current;
    if (!node || !el || el.scrollWidth <= el.clientWidth) return;
    el.scrollLeft = node.x * (el.scrollWidth / laid.width) - el.clientWidth / 2;
  }, [laid, current]);
  const leaves = graph.states.filter((s) => !laid.nodes.find((n) => n.id === s.path)?.compound);
  const visitedLeaves = leaves.filter((s) => path.visited.has(s.path));
  const taken = path.edges.filter((e) => e.taken > 0);

  return (
    <Paper withBorder p="sm">
      <Stack gap="sm">
        <Title order={2} size="h4" id={`${id}-title`}>
          {t('auditor.diagram.title')}
        </Title>
        {/* On a phone the picture keeps a readable size and scrolls inside its own box, not the page. */}
        <div ref={box} style={{ overflowX: 'auto' }} tabIndex={0} role="group" aria-label={t('auditor.diagram.title')}>
        <svg
          role="img"
          aria-labelledby={`${id}-title`}
          aria-describedby={`${id}-list`}
          viewBox={`0 0 ${laid.width} ${laid.height}`}
          width="100%"
          style={{ maxWidth: laid.width, minWidth: Math.min(laid.width, MIN_WIDTH), height: 'auto', display: 'block', margin: '0 auto' }}
          data-testid="machine-diagram"
          fontFamily="inherit"
        >
          <defs>
            {(['path', 'idle'] as const).map((look) => (
              <marker key={look} id={`${id}-arrow-${look}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M0,0 L10,5 L0,10 z" fill={COLOR[look]} />
              </marker>
            ))}
          </defs>
          {laid.nodes
            .filter((n) => n.compound)
            .map((n) => (
              <g key={n.id} data-state={n.id} data-visited={path.visited.has(n.id)} data-current={path.current.has(n.id)}>
                <rect x={n.x - n.width / 2} y={n.y - n.height / 2} width={n.width} height={n.height} rx={8} fill={COLOR.cluster} stroke={path.visited.has(n.id) ? COLOR.path : COLOR.idle} strokeWidth={path.visited.has(n.id) ? 2 : 1} />
                <text x={n.x - n.width / 2 + 8} y={n.y - n.height / 2 + 16} fontSize={FONT} fontWeight={600} fill={COLOR.text}>
                  {n.label}
                </text>
              </g>
            ))}
          {laid.edges.map((e) => {
            const look = e.taken > 0 ? 'path' : 'idle';
            return (
              <g key={e.id} data-edge={e.id} data-taken={e.taken}>
                <path d={pathOf(e.points)} fill="none" stroke={COLOR[look]} strokeWidth={e.taken > 0 ? 2.5 : 1} strokeDasharray={e.taken > 0 ? undefined : '4 3'} markerEnd={`url(#${id}-arrow-${look})`} />
                <text x={e.labelAt.x} y={e.labelAt.y + 4} fontSize={12} textAnchor="middle" fill={e.taken > 0 ? COLOR.path : COLOR.muted} fontWeight={e.taken > 0 ? 700 : 400} paintOrder="stroke" stroke="#fff" strokeWidth={4}>
                  {e.label}
                </text>
              </g>
            );
          })}
          {laid.nodes
            .filter((n) => !n.compound)
            .map((n) => {
              const isCurrent = path.current.has(n.id);
              const visited = path.visited.has(n.id);
              const x = n.x - n.width / 2;
              const y = n.y - n.height / 2;
              return (
                <g key={n.id} data-state={n.id} data-visited={visited} data-current={isCurrent}>
                  <rect x={x} y={y} width={n.width} height={n.height} rx={6} fill={isCurrent ? COLOR.path : '#fff'} stroke={visited ? COLOR.path : COLOR.idle} strokeWidth={visited ? 3 : 1} strokeDasharray={visited ? undefined : '4 3'} />
                  {n.final && <rect x={x + 3} y={y + 3} width={n.width - 6} height={n.height - 6} rx={4} fill="none" stroke={isCurrent ? '#fff' : visited ? COLOR.path : COLOR.idle} strokeWidth={1} />}
                  <text x={n.x} y={n.y + 4.5} fontSize={FONT} textAnchor="middle" fill={isCurrent ? '#fff' : visited ? COLOR.text : COLOR.muted} fontWeight={visited ? 600 : 400}>
                    {n.label}
                  </text>
                </g>
              );
            })}
        </svg>
        </div>
        <Group gap="md" aria-hidden>
          <Legend swatch={<rect x={1} y={1} width={22} height={12} rx={3} fill={COLOR.path} />} text={t('auditor.diagram.legendCurrent')} />
          <Legend swatch={<rect x={1.5} y={1.5} width={21} height={11} rx={3} fill="#fff" stroke={COLOR.path} strokeWidth={3} />} text={t('auditor.diagram.legendVisited')} />
          <Legend swatch={<line x1={0} y1={7} x2={24} y2={7} stroke={COLOR.path} strokeWidth={2.5} />} text={t('auditor.diagram.legendTaken')} />
          <Legend swatch={<line x1={0} y1={7} x2={24} y2={7} stroke={COLOR.idle} strokeDasharray="4 3" />} text={t('auditor.diagram.legendIdle')} />
        </Group>
        <div id={`${id}-list`} data-testid="machine-path-list">
          <Text size="sm" fw={600}>
            {t('auditor.diagram.current', { state: current ? state(current) : '—' })}
          </Text>
          <Text size="sm">{t('auditor.diagram.visited', { states: visitedLeaves.map((s) => state(s.path)).join(', ') || '—' })}</Text>
          <Text size="sm">{t('auditor.diagram.taken')}</Text>
          <List size="sm">
            {taken.map((e) => (
              <List.Item key={e.id}>
                {t('auditor.diagram.edge', { from: state(e.source), to: state(e.target), events: e.events.map((ev) => eventLabel(t, i18n, ev)).join(' / '), count: e.taken })}
              </List.Item>
            ))}
            {[...path.other].map(([event, count]) => (
              <List.Item key={event}>{t('auditor.diagram.other', { event: eventLabel(t, i18n, event), count })}</List.Item>
            ))}
          </List>
        </div>
      </Stack>
    </Paper>
  );
}

function Legend({ swatch, text }: { swatch: React.ReactNode; text: string }) {
  return (
    <Group gap={6} wrap="nowrap">
      <svg width={24} height={14} aria-hidden>
        {swatch}
      </svg>
      <Text size="xs">{text}</Text>
    </Group>
  );
}
