import { Box, Group, Loader, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A node of any tree the screens show (the cascade, the organisation): an id and its children.
 * Lazy mode: `children` is undefined until they are loaded and `hasChildren` says whether there
 * are any; an opened node whose children are not there yet shows a loading row. The owner loads
 * them (it knows which nodes are open).
 */
export interface TreeNode<T> {
  id: string;
  children?: readonly T[];
  /** Whether the node opens; by default, whether it has loaded children. */
  hasChildren?: boolean;
}

/** Whether the node has children to open, loaded or not. */
export function opens<T extends TreeNode<T>>(node: T): boolean {
  return node.hasChildren ?? (node.children?.length ?? 0) > 0;
}

/** A node as it is drawn: where it sits, and whether it has children to open. */
export interface TreeRow<T> {
  node: T;
  level: number;
  hasChildren: boolean;
  expanded: boolean;
  /** Opens or closes the node. */
  toggle: () => void;
}

/** A drawn row: a node, or (`loading`) the row standing for an opened node's children until they arrive. */
export interface VisibleRow<T> {
  node: T;
  level: number;
  loading?: true;
}

/** The rows a reader sees, depth-first: a closed node hides its branch, an open one not loaded yet shows one loading row. */
export function visibleRows<T extends TreeNode<T>>(roots: readonly T[], expanded: ReadonlySet<string>): VisibleRow<T>[] {
  const rows: VisibleRow<T>[] = [];
  const stack: VisibleRow<T>[] = [...roots].reverse().map((node) => ({ node, level: 1 }));
  while (stack.length > 0) {
    const row = stack.pop()!;
    rows.push(row);
    if (row.loading || !expanded.has(row.node.id) || !opens(row.node)) continue;
    const { children } = row.node;
    if (children === undefined) stack.push({ node: row.node, level: row.level + 1, loading: true });
    else for (let i = children.length - 1; i >= 0; i -= 1) stack.push({ node: children[i], level: row.level + 1 });
  }
  return rows;
}

/** Every node id that opens, down through the loaded children (for "expand all"), and the ids down to a level. */
export function branchIds<T extends TreeNode<T>>(roots: readonly T[], maxLevel = Infinity): string[] {
  const ids: string[] = [];
  const walk = (nodes: readonly T[], level: number) => {
    for (const n of nodes) {
      if (opens(n) && level <= maxLevel) {
        ids.push(n.id);
        walk(n.children ?? [], level + 1);
      }
    }
  };
  walk(roots, 1);
  return ids;
}

interface VirtualTreeProps<T extends TreeNode<T>> {
  roots: readonly T[];
  /** Ids of open nodes; the owner keeps them (so it can open all, or a level). */
  expanded: ReadonlySet<string>;
  onExpandedChange: (next: Set<string>) => void;
  /** Accessible name of the tree. */
  label: string;
  renderRow: (row: TreeRow<T>) => ReactNode;
  /** Enter on a row. */
  onActivate?: (node: T) => void;
  /** Space on a row: the tree is then multi-select, and `isSelected` tells which rows are. */
  onSelect?: (node: T) => void;
  isSelected?: (node: T) => boolean;
  /** Greatest height of the scrolling box (CSS). */
  height?: string;
  /** First guess of a row's height in px; rows are measured once drawn (they wrap on a phone). */
  estimateRowHeight?: number;
  /** Indentation of a level in px (a loading row's; `renderRow` indents its own rows), up to six levels. */
  indent?: number;
}

/** Levels deeper than this are not indented further (a phone has no room for them). */
export const MAX_INDENT_LEVELS = 6;

/**
 * A tree of any size drawn virtually (@tanstack/react-virtual): only the rows in view are in the
 * page. ARIA tree semantics with one tab stop: arrows move, Right/Left open or close (or go to the
 * child or parent), Home/End jump, Enter activates, Space selects. Loading rows are announced
 * (busy) but skipped by the arrows.
 */
export function VirtualTree<T extends TreeNode<T>>({
  roots, expanded, onExpandedChange, label, renderRow, onActivate, onSelect, isSelected, height = '60vh', estimateRowHeight = 56, indent = 14,
}: VirtualTreeProps<T>) {
  const { t } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => visibleRows(roots, expanded), [roots, expanded]);
  const [activeId, setActiveId] = useState<string | null>(null);
  const activeIndex = Math.max(0, rows.findIndex((r) => !r.loading && r.node.id === activeId));
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => estimateRowHeight,
    overscan: 8,
    getItemKey: (i) => (rows[i].loading ? `${rows[i].node.id}/loading` : rows[i].node.id),
  });

  const toggle = (id: string) => {
    const next = new Set(expanded);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onExpandedChange(next);
  };

  /** The first node row from `from` on, stepping by `step`, else `fallback` (loading rows are not focusable). */
  const nodeRow = (from: number, step: 1 | -1, fallback: number) => {
    for (let i = from; i >= 0 && i < rows.length; i += step) if (!rows[i].loading) return i;
    return fallback;
  };

  const focusRow = (index: number) => {
    const row = rows[index];
    if (!row || row.loading) return;
    setActiveId(row.node.id);
    virtualizer.scrollToIndex(index, { align: 'auto' });
    // The row may only be drawn after the scroll: focus it on the next frames.
    const tryFocus = (attempts: number) => {
      const el = scroller.current?.querySelector<HTMLElement>(`[data-tree-id="${CSS.escape(row.node.id)}"]`);
      if (el) el.focus();
      else if (attempts > 0) requestAnimationFrame(() => tryFocus(attempts - 1));
    };
    requestAnimationFrame(() => tryFocus(5));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>, index: number) => {
    if (event.target !== event.currentTarget) return;
    const { node, level } = rows[index];
    const open = expanded.has(node.id);
    const handled = () => {
      event.preventDefault();
      event.stopPropagation();
    };
    switch (event.key) {
      case 'ArrowDown':
        handled();
        return focusRow(nodeRow(index + 1, 1, index));
      case 'ArrowUp':
        handled();
        return focusRow(nodeRow(index - 1, -1, index));
      case 'Home':
        handled();
        return focusRow(0);
      case 'End':
        handled();
        return focusRow(nodeRow(rows.length - 1, -1, index));
      case 'ArrowRight':
        handled();
        if (!opens(node)) return;
        if (!open) return toggle(node.id);
        // Open: to the first child (nowhere while they load).
        return rows[index + 1]?.level > level ? focusRow(index + 1) : undefined;
      case 'ArrowLeft': {
        handled();
        if (open && opens(node)) return toggle(node.id);
        for (let i = index - 1; i >= 0; i -= 1) if (rows[i].level < level && !rows[i].loading) return focusRow(i);
        return;
      }
      case 'Enter':
        handled();
        return onActivate?.(node);
      case ' ':
        handled();
        return onSelect?.(node);
    }
  };

  return (
    // Grows with its rows up to `height`, then scrolls: a short tree leaves no empty box.
    <Box ref={scroller} style={{ maxHeight: height, overflowY: 'auto', contain: 'content' }} data-testid="virtual-tree">
      <div role="tree" aria-label={label} aria-multiselectable={onSelect ? true : undefined} style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const { node, level, loading } = rows[item.index];
          if (loading) {
            return (
              <div
                key={item.key}
                ref={virtualizer.measureElement}
                data-index={item.index}
                role="treeitem"
                aria-level={level}
                aria-busy
                aria-disabled
                tabIndex={-1}
                style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${item.start}px)` }}
              >
                <Group gap="xs" px="xs" py={6} style={{ paddingLeft: `calc(var(--mantine-spacing-xs) + ${Math.min(level - 1, MAX_INDENT_LEVELS) * indent}px)` }}>
                  <Loader size="xs" aria-hidden />
                  <Text size="sm">{t('app.loading')}</Text>
                </Group>
              </div>
            );
          }
          const hasChildren = opens(node);
          const isOpen = hasChildren && expanded.has(node.id);
          return (
            <div
              key={item.key}
              ref={virtualizer.measureElement}
              data-index={item.index}
              data-tree-id={node.id}
              role="treeitem"
              aria-level={level}
              aria-expanded={hasChildren ? isOpen : undefined}
              aria-selected={onSelect ? (isSelected?.(node) ?? false) : undefined}
              tabIndex={item.index === activeIndex ? 0 : -1}
              onFocus={(e) => e.target === e.currentTarget && setActiveId(node.id)}
              onKeyDown={(e) => onKeyDown(e, item.index)}
              style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${item.start}px)` }}
            >
              {renderRow({ node, level, hasChildren, expanded: isOpen, toggle: () => toggle(node.id) })}
            </div>
          );
        })}
      </div>
    </Box>
  );
}
