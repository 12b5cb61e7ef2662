import type { IndicatorValues } from './report.dto.js';

/** The narrative sections of a report, in the order a report writes them. */
export const NARRATIVE_SECTIONS = ['results', 'limitations', 'lessons', 'recommendations'] as const;
export type NarrativeSection = (typeof NARRATIVE_SECTIONS)[number];
export type Narrative = Record<NarrativeSection, string | null>;

/** An accepted report on the unit's implementing plan, as the roll-up lists it. */
export interface ChildNarrative extends Narrative {
  unitName: string;
}

/** Heading of the part each section gets from the units below. */
const CHILDREN_HEADING = 'Tổng hợp từ báo cáo của các đơn vị:';

/** Adds indicator sets code by code; codes missing from a set count as 0. */
export function addIndicators(...sets: IndicatorValues[]): IndicatorValues {
  const sum: IndicatorValues = {};
  for (const set of sets) for (const [code, value] of Object.entries(set)) sum[code] = (sum[code] ?? 0) + value;
  return sum;
}

/**
 * What a unit reports upward in one action: its children's indicator sums plus what it
 * adds itself, and for each section its own text first, then each child's text under one
 * heading, one line per unit that wrote something. A section nobody wrote stays null.
 */
export function rollUp(children: readonly ChildNarrative[], childSums: IndicatorValues, own: Partial<Narrative> & { indicators?: IndicatorValues }) {
  const narrative = Object.fromEntries(
    NARRATIVE_SECTIONS.map((section) => {
      const lines = children.flatMap((c) => (c[section]?.trim() ? [`- ${c.unitName}: ${c[section].trim()}`] : []));
      const parts = [own[section]?.trim() || null, lines.length ? [CHILDREN_HEADING, ...lines].join('\n') : null].filter((p): p is string => p !== null);
      return [section, parts.length ? parts.join('\n\n') : null];
    }),
  ) as Narrative;
  return { ...narrative, indicators: addIndicators(childSums, own.indicators ?? {}) };
}
