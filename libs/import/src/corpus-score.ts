import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedPlan, ParsedReference } from './parsed-plan.js';
import { fold } from './text.js';

/**
 * Scores the parser against the corpus (libs/import/corpus): real public documents, each
 * kept as the web copy had it, with the facts a reader finds in it written beside it
 * (`*.expected.json`, written by reading the document, never by running the parser).
 */

/** A reference as a reader writes it: a law may have neither number nor date, only its name and year. */
export interface ExpectedReference {
  type: string;
  numberAndSymbol?: string;
  issuedOn?: string;
  year?: number;
  issuer?: string;
  title?: string;
}

export interface ExpectedFacts {
  type?: string;
  carriesPlan?: boolean;
  numberAndSymbol?: string;
  place?: string;
  issuedOn?: string;
  title?: string;
  basis: ExpectedReference[];
  phases?: { title: string; startsOn?: string; endsOn?: string }[];
}

export interface CorpusDocument {
  slug: string;
  source: string;
  level: 'commune' | 'district' | 'province' | 'central';
  style: 'state' | 'party';
  /** Added after the parser was last changed: never tuned against. */
  heldOut: boolean;
  text: string;
  expected: ExpectedFacts;
}

/** One fact a reader expects, and whether the parser put it in its field. */
export interface Fact {
  doc: string;
  kind: string;
  expected: string;
  found?: string;
  ok: boolean;
}

export function loadCorpus(dir: string): CorpusDocument[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const slug = f.replace(/\.txt$/, '');
      const meta = JSON.parse(readFileSync(join(dir, `${slug}.expected.json`), 'utf8')) as Omit<CorpusDocument, 'slug' | 'text'>;
      return { slug, source: meta.source, level: meta.level, style: meta.style, heldOut: meta.heldOut === true, expected: meta.expected, text: readFileSync(join(dir, f), 'utf8') };
    });
}

/** Text compared as a reader would: case, diacritics kept; spaces and line breaks squashed. */
const same = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && squash(a) === squash(b);
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const sameName = (a: string, b: string) => squash(fold(a)) === squash(fold(b));

function referenceFor(want: ExpectedReference, got: ParsedReference[]): ParsedReference | undefined {
  if (want.numberAndSymbol) return got.find((r) => r.numberAndSymbol === want.numberAndSymbol);
  return got.find((r) => r.type === want.type && r.numberAndSymbol === undefined && r.title !== undefined && want.title !== undefined && sameName(r.title, want.title));
}

/** Every expected fact of one document, found or not. */
export function score(doc: CorpusDocument, plan: ParsedPlan): Fact[] {
  const facts: Fact[] = [];
  const e = doc.expected;
  const push = (kind: string, expected: string, found: string | undefined, ok = same(expected, found)) => facts.push({ doc: doc.slug, kind, expected, found, ok });
  if (e.type !== undefined) push('type', e.type, plan.type);
  if (e.carriesPlan !== undefined) push('carriesPlan', String(e.carriesPlan), String(plan.carries === 'KH'));
  if (e.numberAndSymbol !== undefined) push('numberAndSymbol', e.numberAndSymbol, plan.numberAndSymbol);
  if (e.place !== undefined) push('place', e.place, plan.place);
  if (e.issuedOn !== undefined) push('issuedOn', e.issuedOn, plan.issuedOn);
  if (e.title !== undefined) push('title', e.title, plan.title);
  for (const want of e.basis) {
    const got = referenceFor(want, plan.basis);
    const label = want.numberAndSymbol ?? want.title ?? want.type;
    push('basis.reference', label, got ? (got.numberAndSymbol ?? got.title) : undefined, got !== undefined);
    push('basis.kind', `${label}: ${want.type}`, got && `${label}: ${got.type}`);
    if (want.issuedOn !== undefined) push('basis.issuedOn', `${label}: ${want.issuedOn}`, got?.issuedOn && `${label}: ${got.issuedOn}`);
    if (want.year !== undefined) push('basis.issuedOn', `${label}: ${want.year}`, got?.year !== undefined ? `${label}: ${got.year}` : undefined);
    if (want.issuer !== undefined) push('basis.issuer', `${label}: ${want.issuer}`, got?.issuer && `${label}: ${got.issuer}`);
  }
  for (const [k, want] of (e.phases ?? []).entries()) {
    const got = plan.phases.find((p) => same(p.title, want.title)) ?? plan.phases[k];
    push('phases.title', want.title, got?.title);
    if (want.startsOn) push('phases.startsOn', `${want.title}: ${want.startsOn}`, got?.startsOn && `${want.title}: ${got.startsOn}`);
    if (want.endsOn) push('phases.endsOn', `${want.title}: ${want.endsOn}`, got?.endsOn && `${want.title}: ${got.endsOn}`);
  }
  return facts;
}

export interface Share {
  kind: string;
  found: number;
  expected: number;
}

/** Found over expected, per kind of fact and in all. */
export function shares(facts: Fact[]): { perKind: Share[]; total: Share } {
  const perKind = new Map<string, Share>();
  for (const f of facts) {
    const s = perKind.get(f.kind) ?? { kind: f.kind, found: 0, expected: 0 };
    s.expected++;
    if (f.ok) s.found++;
    perKind.set(f.kind, s);
  }
  return {
    perKind: [...perKind.values()],
    total: { kind: 'all', found: facts.filter((f) => f.ok).length, expected: facts.length },
  };
}

export function report(facts: Fact[]): string {
  const { perKind, total } = shares(facts);
  const pct = (s: Share) => `${((100 * s.found) / s.expected).toFixed(1)}%`;
  const lines = [...perKind, total].map((s) => `${s.kind.padEnd(18)} ${String(s.found).padStart(4)} / ${String(s.expected).padEnd(4)} ${pct(s)}`);
  const misses = facts.filter((f) => !f.ok).map((f) => `  ✗ ${f.doc} ${f.kind}: expected «${f.expected}», found «${f.found ?? '—'}»`);
  return [...lines, misses.length ? `misses (${misses.length}):` : 'no misses', ...misses].join('\n');
}
