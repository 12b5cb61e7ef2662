import { fireEvent, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderInApp } from '../test/render';
import { VirtualTree } from './VirtualTree';

interface Node {
  id: string;
  hasChildren: boolean;
  children?: Node[];
}

/** A lazy tree: "city" opens, its children not loaded until the button is pressed; "other" is a leaf. */
function LazyTree() {
  const [loaded, setLoaded] = useState(false);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const roots: Node[] = [
    { id: 'city', hasChildren: true, children: loaded ? [{ id: 'ward', hasChildren: false, children: [] }] : undefined },
    { id: 'other', hasChildren: false, children: [] },
  ];
  return (
    <>
      <button type="button" onClick={() => setLoaded(true)}>load</button>
      <VirtualTree roots={roots} expanded={expanded} onExpandedChange={setExpanded} label="Cây" renderRow={({ node }) => <span>{node.id}</span>} />
    </>
  );
}

const item = (name: string) => screen.getByText(name).closest<HTMLElement>('[role=treeitem]')!;
const press = (key: string) => fireEvent.keyDown(document.activeElement!, { key });

describe('VirtualTree, lazy', () => {
  // happy-dom lays nothing out: give the scrolling box a size (what the virtualiser reads), so it draws rows.
  beforeAll(() => {
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(800);
  });
  afterAll(() => vi.restoreAllMocks());

  it('opens a node whose children are not loaded onto a busy loading row, which the arrows pass over', async () => {
    await renderInApp(<LazyTree />);
    expect(item('city').getAttribute('aria-expanded')).toBe('false');
    expect(item('other').getAttribute('aria-expanded')).toBeNull();
    item('city').focus();
    press('ArrowRight');
    await waitFor(() => expect(item('city').getAttribute('aria-expanded')).toBe('true'));
    const loading = screen.getByText('Đang tải…').closest('[role=treeitem]')!;
    expect([loading.getAttribute('aria-busy'), loading.getAttribute('aria-level'), loading.getAttribute('tabindex')]).toEqual(['true', '2', '-1']);
    // Right on an open node goes to its first child: none yet.
    press('ArrowRight');
    expect(document.activeElement).toBe(item('city'));
    press('ArrowDown');
    await waitFor(() => expect(document.activeElement).toBe(item('other')));
    press('ArrowUp');
    await waitFor(() => expect(document.activeElement).toBe(item('city')));

    // The children come: the loading row gives way to them.
    fireEvent.click(screen.getByText('load'));
    await waitFor(() => expect(screen.queryByText('Đang tải…')).toBeNull());
    expect(item('ward').getAttribute('aria-level')).toBe('2');
    item('city').focus();
    press('ArrowRight');
    await waitFor(() => expect(document.activeElement).toBe(item('ward')));
    press('ArrowLeft');
    await waitFor(() => expect(document.activeElement).toBe(item('city')));
    press('End');
    await waitFor(() => expect(document.activeElement).toBe(item('other')));
    press('Home');
    await waitFor(() => expect(document.activeElement).toBe(item('city')));
    press('ArrowLeft');
    await waitFor(() => expect(item('city').getAttribute('aria-expanded')).toBe('false'));
  });
});
