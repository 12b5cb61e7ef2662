import { loadCorpus, report, score, shares, type Fact } from './corpus-score.js';
import { parsePlan } from './parse-plan.js';
import { repoPath } from './repo-path.js';

/**
 * The importer on documents it was not written against: real public plans, guidelines and
 * decisions (libs/import/corpus, each with its source), the facts a reader finds in each
 * written beside it. At least 95% of them must land in their fields.
 */
const corpus = loadCorpus(repoPath('libs', 'import', 'corpus'));
const facts: Fact[] = corpus.flatMap((doc) => score(doc, parsePlan(doc.text)));
/** Documents added after the parser was last changed (heldOut in their fixture): how it does on what it has never seen. */
const heldOut = new Set(corpus.filter((d) => d.heldOut).map((d) => d.slug));

describe('the corpus of real documents', () => {
  it('holds at least 30 documents from commune to central level, Party and state style, each citing its source', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
    expect(new Set(corpus.map((d) => d.level))).toEqual(new Set(['commune', 'province', 'central']));
    expect(new Set(corpus.map((d) => d.style))).toEqual(new Set(['party', 'state']));
    for (const doc of corpus) expect(doc.source).toMatch(/^https?:\/\/\S+$/);
  });

  it('finds at least 95% of the expected facts in their fields', () => {
    const { total } = shares(facts);
    // The share per kind and every miss, for the closing note and docs/import.md.
    process.stdout.write(`\nimport corpus (${corpus.length} documents)\n${report(facts)}\n`);
    process.stdout.write(`\nof which held out (${heldOut.size} documents)\n${report(facts.filter((f) => heldOut.has(f.doc)))}\n`);
    expect(total.found / total.expected).toBeGreaterThanOrEqual(0.95);
  });

  it('finds at least 95% on the held-out documents too', () => {
    const { total } = shares(facts.filter((f) => heldOut.has(f.doc)));
    expect(heldOut.size).toBeGreaterThanOrEqual(5);
    expect(total.found / total.expected).toBeGreaterThanOrEqual(0.95);
  });

  it('finds at least 90% of each kind of fact', () => {
    for (const s of shares(facts).perKind) expect({ kind: s.kind, share: s.found / s.expected >= 0.9 }).toEqual({ kind: s.kind, share: true });
  });

  it('keeps whatever it does not understand in unclassified, never drops a paragraph silently', () => {
    for (const doc of corpus) {
      const plan = parsePlan(doc.text);
      expect(plan.unclassified.length + plan.basis.length + plan.purposes.length + plan.phases.length + (plan.title ? 1 : 0)).toBeGreaterThan(0);
    }
  });
});
