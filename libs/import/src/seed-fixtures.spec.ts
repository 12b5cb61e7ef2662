import { readFileSync } from 'node:fs';
import { parsePlan } from './parse-plan.js';
import type { ParsedPlan } from './parsed-plan.js';
import { repoPath } from './repo-path.js';

/**
 * Each seed against its expected result, written by hand from reading the seed
 * (libs/import/fixtures/*.expected.json), field by field, so a failure names the field.
 */
const SEEDS: [string, string][] = [
  ['long-bien-district-2015-17-KH-QU-congress-xii.txt', 'long-bien-17-KH-QU.expected.json'],
  ['luc-ngan-district-2021-after-congress-xiii.txt', 'luc-ngan-19-KH-TU.expected.json'],
  ['kon-tum-economic-zone-2020-17-KH-BQLKKT-toward-congress-xiii.txt', 'kon-tum-17-KH-BQLKKT.expected.json'],
  ['bloc-committee-2024-10-KH-DUK-toward-congress-xiv.txt', 'binh-dinh-10-KH-DUK.expected.json'],
];

/** Every leaf of a value as [path, value], so that each field is compared (and named) on its own. */
function leaves(value: unknown, path = ''): [string, unknown][] {
  if (Array.isArray(value)) return [[`${path}.length`, value.length], ...value.flatMap((v, i) => leaves(v, `${path}[${i}]`))];
  if (value !== null && typeof value === 'object') {
    return [[`${path}{keys}`, Object.keys(value).sort().join(',')], ...Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k))];
  }
  return [[path, value]];
}

describe.each(SEEDS)('importing %s', (seed, fixture) => {
  const expected = JSON.parse(readFileSync(repoPath('libs', 'import', 'fixtures', fixture), 'utf8')) as ParsedPlan;
  const actual = parsePlan(readFileSync(repoPath('seeds', seed), 'utf8'));
  const got = new Map(leaves(actual));

  it.each(leaves(expected))('reproduces %s', (path, value) => {
    expect(got.get(path)).toEqual(value);
  });

  it('recognises nothing the fixture does not have', () => {
    const want = new Set(leaves(expected).map(([p]) => p));
    expect([...got.keys()].filter((p) => !want.has(p))).toEqual([]);
  });
});
