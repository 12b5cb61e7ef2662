import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { decodeHash } from './encoding.js';
import {
  CompactRange, consistencyProof, consistencyRanges, EMPTY_ROOT, foldRight, inclusionProof, inclusionRanges, leafHash, nodeHash, perfectNodes,
  rangeRoot, verifyConsistency, verifyInclusion,
} from './tree.js';

const FIXTURES = join(process.cwd(), 'libs/audit-log/test/fixtures/transparency-dev-merkle/testdata');
const hex = (s: string) => Buffer.from(s, 'hex');
const b64 = (s: string) => Buffer.from(s, 'base64');

/** transparency-dev/merkle testonly.LeafInputs() and RootHashes() (testonly/constants.go). */
const LEAF_INPUTS = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(hex);
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

function vectors(kind: 'inclusion' | 'consistency'): { file: string; v: Record<string, unknown> }[] {
  const dir = join(FIXTURES, kind);
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ file: `${kind}/${f}`, v: JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown> }));
}

function leaves(n: number): Buffer[] {
  return Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));
}

/** Proof hashes as the log serves them: each proof node folded from stored perfect subtrees. */
function fromPerfectNodes(all: Buffer[], ranges: { start: number; end: number }[]): Buffer[] {
  return ranges.map((r) => foldRight(perfectNodes(r).map((n) => rangeRoot(all, n.index * 2 ** n.level, (n.index + 1) * 2 ** n.level))));
}

describe('RFC 9162 hashes against transparency-dev/merkle', () => {
  it('gives the published roots for every prefix of the reference leaves', () => {
    const hashes = LEAF_INPUTS.map((d) => leafHash(d));
    ROOTS.forEach((root, size) => expect(rangeRoot(hashes, 0, size).toString('hex')).toBe(root));
    const range = CompactRange.empty();
    expect(range.root().toString('hex')).toBe(ROOTS[0]);
    hashes.forEach((h, i) => {
      range.append(h);
      expect(range.root().toString('hex')).toBe(ROOTS[i + 1]);
    });
    expect(EMPTY_ROOT.toString('hex')).toBe(ROOTS[0]);
  });

  it.each(vectors('inclusion'))('inclusion vector $file', ({ v }) => {
    const proof = ((v.proof as string[] | null) ?? []).map(b64);
    const ok = verifyInclusion(b64(v.leafHash as string), v.leafIdx as number, v.treeSize as number, proof, b64((v.root as string) ?? ''));
    expect(ok).toBe(!v.wantErr);
  });

  it.each(vectors('consistency'))('consistency vector $file', ({ v }) => {
    const proof = ((v.proof as string[] | null) ?? []).map(b64);
    const [root1, root2] = [b64((v.root1 as string) ?? ''), b64((v.root2 as string) ?? '')];
    const ok = verifyConsistency(v.size1 as number, v.size2 as number, proof, root1, root2);
    // One vector uses 12-byte placeholder roots; a root that is not 32 bytes is refused here.
    expect(ok).toBe(!v.wantErr && root1.length === 32 && root2.length === 32);
  });

  it('reproduces the accumulated inclusion proof vector of draft-ietf-plants-merkle-tree-certs (sizes to 130)', () => {
    // testonly/vectors_test.go TestSubtreeInclusionProofVectors: a subtree inclusion proof is the
    // RFC 9162 inclusion proof inside the subtree; start = 0 lines are every (index, size) pair.
    const all = Array.from({ length: 130 }, (_, i) => leafHash(Buffer.from([i])));
    const rolling = createHash('sha256');
    for (let end = 0; end <= 130; end++) {
      for (let start = 0; start <= end; start++) {
        const length = end - start;
        let ceil = 1;
        while (ceil < length) ceil *= 2;
        if (start !== 0 && start !== end && start % ceil !== 0) continue;
        for (let index = start; index < end; index++) {
          const proof = inclusionProof(all.slice(start, end), index - start);
          rolling.update(`${index} [${start}, ${end})${proof.map((p) => ` ${p.toString('hex')}`).join('')}\n`);
        }
      }
    }
    expect(rolling.digest('hex')).toBe('ac2a8f989e44d99e399db448050ff5f19757df53cfb716aa81015d3955d8163f');
  });
});

describe('proofs for every pair of sizes up to 64', () => {
  const all = leaves(64);
  const roots = Array.from({ length: 65 }, (_, n) => rangeRoot(all, 0, n));

  it('inclusion: every leaf of every tree, proved, served from perfect nodes, and refused elsewhere', () => {
    for (let size = 1; size <= 64; size++) {
      for (let index = 0; index < size; index++) {
        const proof = inclusionProof(all, index, size);
        expect(fromPerfectNodes(all, inclusionRanges(index, size))).toEqual(proof);
        expect(verifyInclusion(all[index], index, size, proof, roots[size])).toBe(true);
        if (size > 1) expect(verifyInclusion(all[index], (index + 1) % size, size, proof, roots[size])).toBe(false);
        expect(verifyInclusion(all[index], index, size + 1, proof, roots[size + 1] ?? roots[size])).toBe(false);
      }
    }
  });

  it('consistency: every pair of sizes, proved, served from perfect nodes, and refused against another root', () => {
    for (let to = 1; to <= 64; to++) {
      for (let from = 1; from <= to; from++) {
        const proof = consistencyProof(all, from, to);
        expect(fromPerfectNodes(all, consistencyRanges(from, to))).toEqual(proof);
        expect(verifyConsistency(from, to, proof, roots[from], roots[to])).toBe(true);
        if (from < to) expect(verifyConsistency(from, to, proof, roots[from - 1] ?? EMPTY_ROOT, roots[to])).toBe(false);
        if (proof.length > 0) expect(verifyConsistency(from, to, proof.slice(0, -1), roots[from], roots[to])).toBe(false);
      }
    }
  });

  it('refuses a consistency proof from the empty tree, and a non-empty one between equal sizes', () => {
    expect(verifyConsistency(0, 5, [], EMPTY_ROOT, roots[5])).toBe(false);
    expect(verifyConsistency(0, 5, consistencyProof(all, 1, 5), EMPTY_ROOT, roots[5])).toBe(false);
    expect(verifyConsistency(5, 5, [], roots[5], roots[5])).toBe(true);
    expect(verifyConsistency(5, 5, [roots[5]], roots[5], roots[5])).toBe(false);
    expect(verifyConsistency(6, 5, [], roots[6], roots[5])).toBe(false);
  });
});

describe('properties over random sizes up to 10^5', () => {
  const N = 100_000;
  const all = leaves(N);
  // Every perfect node of the whole tree, by level, as the log stores them.
  const levels: Buffer[][] = [all];
  while (levels[levels.length - 1].length > 1) {
    const below = levels[levels.length - 1];
    levels.push(Array.from({ length: Math.floor(below.length / 2) }, (_, i) => nodeHash(below[2 * i], below[2 * i + 1])));
  }
  const node = (n: { level: number; index: number }) => levels[n.level][n.index];
  const hashOf = (r: { start: number; end: number }) => foldRight(perfectNodes(r).map(node));
  const root = (size: number) => (size === 0 ? EMPTY_ROOT : hashOf({ start: 0, end: size }));

  it('the compact range of any prefix has the recursive root, and completes exactly the stored nodes', () => {
    const range = CompactRange.empty();
    const made: string[] = [];
    for (let i = 0; i < 5000; i++) made.push(...range.append(all[i]).map((n) => `${n.level}/${n.index}/${n.hash.toString('hex')}`));
    expect(range.root()).toEqual(rangeRoot(all, 0, 5000));
    const expected = levels.flatMap((level, l) => level.slice(0, Math.floor(5000 / 2 ** l)).map((h, i) => `${l}/${i}/${h.toString('hex')}`));
    expect(made.sort()).toEqual(expected.sort());
    const restored = CompactRange.of(5000, range.hashes());
    restored.append(all[5000]);
    expect(restored.root()).toEqual(rangeRoot(all, 0, 5001));
  });

  it('inclusion proofs verify, and fail with any changed hash, index or size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: N }), fc.nat(), fc.nat(), (size, i, flip) => {
        const index = i % size;
        const proof = inclusionRanges(index, size).map(hashOf);
        expect(verifyInclusion(all[index], index, size, proof, root(size))).toBe(true);
        if (proof.length > 0) {
          const bad = proof.map((p) => Buffer.from(p));
          bad[flip % bad.length][flip % 32] ^= 1;
          expect(verifyInclusion(all[index], index, size, bad, root(size))).toBe(false);
        }
        if (size > 1) expect(verifyInclusion(all[index], (index + 1) % size, size, proof, root(size))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('consistency proofs verify, and fail against a different old root', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: N }), fc.integer({ min: 1, max: N }), (a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const proof = consistencyRanges(from, to).map(hashOf);
        expect(verifyConsistency(from, to, proof, root(from), root(to))).toBe(true);
        if (from < to) expect(verifyConsistency(from, to, proof, root(from + 1), root(to))).toBe(false);
        if (from > 1) expect(verifyConsistency(from - 1, to, proof, root(from), root(to))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('proofs read O(log n) stored nodes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: N }), fc.nat(), (size, i) => {
        const nodes = inclusionRanges(i % size, size).flatMap(perfectNodes);
        expect(nodes.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(size + 1)));
      }),
    );
  });

  it('hashes are exactly 32 bytes', () => {
    expect(decodeHash(all[0].toString('base64'))).toEqual(all[0]);
    expect(verifyInclusion(all[0].subarray(1), 0, 1, [], all[0])).toBe(false);
  });
});
