import { clean, squash } from './text.js';

/**
 * A section's paragraphs as a tree by their markers: `1.` over `1.1` over `a)` over `-`/`*`
 * over `+`; a paragraph with no marker belongs to the nearest heading above it.
 */
export type NodeKind = 'num' | 'sub' | 'letter' | 'bullet' | 'plus' | 'plain';

export interface OutlineNode {
  kind: NodeKind;
  /** The marker as written: `1`, `1.1`, `a`, `-`. */
  label: string;
  /** The words without the marker. */
  text: string;
  /** The paragraph as written (emphasis removed, spaces squashed). */
  raw: string;
  /** The paragraph with its emphasis marks, which may carry meaning (a bold window). */
  original: string;
  children: OutlineNode[];
}

const RANK: Record<NodeKind, number> = { num: 1, sub: 2, letter: 3, bullet: 4, plus: 5, plain: 6 };

export function classify(paragraph: string): { kind: NodeKind; label: string; text: string } {
  const p = clean(paragraph);
  let m = p.match(/^(\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)\.?\s*(?:[-–:)]\s*)?(\S.*)$/);
  if (m) return { kind: 'sub', label: m[1], text: m[2] };
  m = p.match(/^(\d{1,2})\s*[.)]\s*(\S.*)$/);
  if (m && !/^\d/.test(m[2])) return { kind: 'num', label: m[1], text: m[2] };
  m = p.match(/^([a-zđ])\s*[.)]\s+(\S.*)$/);
  if (m) return { kind: 'letter', label: m[1], text: m[2] };
  m = p.match(/^([-–•])\s*(\S.*)$/) ?? p.match(/^(\*)\s+(\S.*)$/);
  if (m) return { kind: 'bullet', label: m[1], text: m[2] };
  m = p.match(/^(\+)\s*(\S.*)$/);
  if (m) return { kind: 'plus', label: m[1], text: m[2] };
  return { kind: 'plain', label: '', text: p };
}

export function outline(paragraphs: string[]): OutlineNode[] {
  const roots: OutlineNode[] = [];
  const stack: OutlineNode[] = [];
  for (const paragraph of paragraphs) {
    const { kind, label, text } = classify(paragraph);
    const node: OutlineNode = { kind, label, text, raw: clean(paragraph), original: squash(paragraph), children: [] };
    // A plain paragraph goes under the nearest heading, never under a bullet.
    const rank = kind === 'plain' ? RANK.bullet : RANK[kind];
    while (stack.length && RANK[stack[stack.length - 1].kind] >= rank) stack.pop();
    (stack.length ? stack[stack.length - 1].children : roots).push(node);
    if (kind !== 'plain') stack.push(node);
  }
  return roots;
}

/** Every paragraph under a node, in order, as list items: headings keep their number, bullets lose theirs. */
export function items(node: OutlineNode): string[] {
  return node.children.flatMap((c) => [c.kind === 'sub' || c.kind === 'letter' ? c.raw : c.text, ...items(c)]);
}
