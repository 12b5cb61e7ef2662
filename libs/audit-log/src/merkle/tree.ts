import { createHash } from 'node:crypto';
import { HASH_SIZE } from './encoding.js';

/*
 * RFC 9162 §2.1 Merkle trees over SHA-256: leaf hash = H(0x00 ‖ data), node hash =
 * H(0x01 ‖ left ‖ right), a tree of n leaves split at the largest power of two below n.
 * Sizes and indexes are JavaScript numbers (exact to 2^53), so the arithmetic below halves
 * with Math.floor instead of bit shifts, which would wrap at 2^31.
 */

const LEAF = Buffer.from([0x00]);
const NODE = Buffer.from([0x01]);

export function leafHash(data: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF).update(data).digest();
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(NODE).update(left).update(right).digest();
}

/** The root of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT = createHash('sha256').digest();

/** The largest power of two strictly below n (n ≥ 2): where RFC 9162 splits a tree of n leaves. */
export function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Leaves [start, end) of the tree. */
export interface Range {
  start: number;
  end: number;
}

/** A perfect subtree: 2^level leaves starting at leaf index × 2^level. */
export interface NodeId {
  level: number;
  index: number;
}

function checkSize(size: number, what: string): void {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`${what} must be a whole number ≥ 0`);
}

/**
 * The subtrees whose hashes make the inclusion proof of leaf `index` in a tree of `size`
 * (RFC 9162 §2.1.3.1 PATH), in proof order: from the leaf's sibling up to the root's child.
 */
export function inclusionRanges(index: number, size: number): Range[] {
  checkSize(size, 'size');
  checkSize(index, 'index');
  if (index >= size) throw new RangeError(`index ${index} is not below size ${size}`);
  const rootDown: Range[] = [];
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const k = split(end - start);
    if (index < start + k) {
      rootDown.push({ start: start + k, end });
      end = start + k;
    } else {
      rootDown.push({ start, end: start + k });
      start += k;
    }
  }
  return rootDown.reverse();
}

/**
 * The subtrees whose hashes make the consistency proof from size `from` to size `to`
 * (RFC 9162 §2.1.4.1 PROOF / SUBPROOF), in proof order. Empty when from = to; from 0 has no
 * proof (see verifyConsistency).
 */
export function consistencyRanges(from: number, to: number): Range[] {
  checkSize(from, 'from');
  checkSize(to, 'to');
  if (from > to) throw new RangeError(`from ${from} is above to ${to}`);
  if (from === 0 || from === to) return [];
  const rootDown: Range[] = [];
  let start = 0;
  let end = to;
  let whole = true; // SUBPROOF's b: the old tree's root is itself a node of this subtree's path
  for (;;) {
    if (from === end) {
      if (!whole) rootDown.push({ start, end });
      break;
    }
    const k = split(end - start);
    if (from <= start + k) {
      rootDown.push({ start: start + k, end });
      end = start + k;
    } else {
      rootDown.push({ start, end: start + k });
      start += k;
      whole = false;
    }
  }
  return rootDown.reverse();
}

/**
 * The perfect subtrees that make up a node [start, end) of some tree (start a multiple of the
 * smallest power of two ≥ end − start, as every node of an RFC 9162 tree is), largest first.
 * Its hash is theirs folded from the right, so a stored set of perfect nodes serves any proof.
 */
export function perfectNodes(range: Range): NodeId[] {
  const { start, end } = range;
  if (!(end > start)) throw new RangeError('empty range');
  const nodes: NodeId[] = [];
  let at = start;
  let size = 1;
  let level = 0;
  while (size * 2 <= end - start) {
    size *= 2;
    level += 1;
  }
  if (size !== end - start && start % (size * 2) !== 0) throw new RangeError(`[${start}, ${end}) is not a node of a tree`);
  if (size === end - start && start % size !== 0) throw new RangeError(`[${start}, ${end}) is not a node of a tree`);
  while (at < end) {
    while (at + size > end) {
      size /= 2;
      level -= 1;
    }
    nodes.push({ level, index: at / size });
    at += size;
  }
  return nodes;
}

/** The hash of a node from its perfect subtrees' hashes (as perfectNodes lists them). */
export function foldRight(hashes: Uint8Array[]): Buffer {
  if (hashes.length === 0) throw new RangeError('nothing to fold');
  let hash: Buffer = Buffer.from(hashes[hashes.length - 1]);
  for (let i = hashes.length - 2; i >= 0; i--) hash = nodeHash(hashes[i], hash);
  return hash;
}

/** MTH(D[start:end]) over leaf hashes, by the RFC's recursive definition (reference and small trees). */
export function rangeRoot(leafHashes: Uint8Array[], start = 0, end = leafHashes.length): Buffer {
  if (end === start) return Buffer.from(EMPTY_ROOT);
  if (end - start === 1) return Buffer.from(leafHashes[start]);
  const k = split(end - start);
  return nodeHash(rangeRoot(leafHashes, start, start + k), rangeRoot(leafHashes, start + k, end));
}

/**
 * The right edge of a tree (its compact range [0, size)): one perfect subtree hash per set bit
 * of the size, largest first — at most 53 here, 64 in general. Appending a leaf costs O(log n)
 * and reports the perfect nodes it completes, which is what the log stores to serve proofs.
 */
export class CompactRange {
  private constructor(
    private treeSize: number,
    private readonly edge: Buffer[],
  ) {}

  static empty(): CompactRange {
    return new CompactRange(0, []);
  }

  /** From a stored size and right edge; the edge must have one hash per set bit of the size. */
  static of(size: number, edge: Uint8Array[]): CompactRange {
    checkSize(size, 'size');
    let bits = 0;
    for (let s = size; s > 0; s = Math.floor(s / 2)) bits += s % 2;
    if (edge.length !== bits || edge.some((h) => h.length !== HASH_SIZE)) throw new RangeError(`a right edge of size ${size} has ${bits} hashes`);
    return new CompactRange(size, edge.map((h) => Buffer.from(h)));
  }

  get size(): number {
    return this.treeSize;
  }

  /** The edge's hashes, largest subtree first. */
  hashes(): Buffer[] {
    return [...this.edge];
  }

  /** Appends one leaf hash; returns the perfect nodes it completed (the leaf itself first). */
  append(leaf: Uint8Array): (NodeId & { hash: Buffer })[] {
    const index = this.treeSize;
    let hash: Buffer = Buffer.from(leaf);
    const made = [{ level: 0, index, hash }];
    let level = 0;
    let position = index;
    // Each trailing one bit of the old size is a left sibling waiting on the edge.
    while (position % 2 === 1) {
      const left = this.edge.pop() as Buffer;
      hash = nodeHash(left, hash);
      level += 1;
      position = (position - 1) / 2;
      made.push({ level, index: position, hash });
    }
    this.edge.push(hash);
    this.treeSize += 1;
    return made;
  }

  root(): Buffer {
    return this.edge.length === 0 ? Buffer.from(EMPTY_ROOT) : foldRight(this.edge);
  }
}

function isPowerOfTwo(n: number): boolean {
  let m = n;
  while (m > 1 && m % 2 === 0) m /= 2;
  return m === 1;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/**
 * RFC 9162 §2.1.3.2: does `proof` show leaf `hash` at `index` in the tree of `size` with `root`?
 * Answers false for any malformed input rather than throwing.
 */
export function verifyInclusion(hash: Uint8Array, index: number, size: number, proof: Uint8Array[], root: Uint8Array): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  if (hash.length !== HASH_SIZE || root.length !== HASH_SIZE || proof.some((p) => p.length !== HASH_SIZE)) return false;
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(hash);
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(r, root);
}

/**
 * RFC 9162 §2.1.4.2: is the tree (`to`, `toRoot`) an append-only extension of (`from`, `fromRoot`)?
 * Equal sizes need an empty proof and equal roots. From size 0 there is nothing to prove and
 * this answers false: a verifier that accepted it would let "from 0, no proof" stand in for the
 * proof from the size it actually saved.
 */
export function verifyConsistency(from: number, to: number, proof: Uint8Array[], fromRoot: Uint8Array, toRoot: Uint8Array): boolean {
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 1 || from > to) return false;
  if (fromRoot.length !== HASH_SIZE || toRoot.length !== HASH_SIZE || proof.some((p) => p.length !== HASH_SIZE)) return false;
  if (from === to) return proof.length === 0 && equal(fromRoot, toRoot);
  if (proof.length === 0) return false;
  let path = proof.map((p) => Buffer.from(p));
  // A power-of-two old tree is itself a node of the new one: its root starts the path.
  if (isPowerOfTwo(from)) path = [Buffer.from(fromRoot), ...path];
  let fn = from - 1;
  let sn = to - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Buffer = path[0];
  let sr: Buffer = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(fr, fromRoot) && equal(sr, toRoot);
}

/** Inclusion proof hashes over leaf hashes held in memory (tests, bench, small trees). */
export function inclusionProof(leafHashes: Uint8Array[], index: number, size = leafHashes.length): Buffer[] {
  return inclusionRanges(index, size).map((r) => rangeRoot(leafHashes, r.start, r.end));
}

/** Consistency proof hashes over leaf hashes held in memory. */
export function consistencyProof(leafHashes: Uint8Array[], from: number, to = leafHashes.length): Buffer[] {
  return consistencyRanges(from, to).map((r) => rangeRoot(leafHashes, r.start, r.end));
}
