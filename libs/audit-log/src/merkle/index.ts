/**
 * The pure transparency-log core: RFC 9162 trees and proofs, C2SP signed notes, checkpoints and
 * proofs, and the export bundle's verification. No Nest, no database.
 */
export { decodeBase64, decodeHash, encodeBase64, FormatError, HASH_SIZE, parseSize } from './encoding.js';
export {
  CompactRange, consistencyProof, consistencyRanges, EMPTY_ROOT, foldRight, inclusionProof, inclusionRanges, leafHash, nodeHash,
  perfectNodes, rangeRoot, split, verifyConsistency, verifyInclusion, type NodeId, type Range,
} from './tree.js';
export {
  checkKeyName, cosignNote, formatSignerKey, keyId, NoteVerificationError, openNote, parseNote, parseSignerKey, parseVerifierKey,
  signerFromSeed, signNote, type Note, type NoteSignature, type SignerKey, type VerifierKey,
} from './note.js';
export { formatCheckpoint, formatTlogProof, openCheckpoint, parseCheckpoint, parseTlogProof, TLOG_PROOF_HEADER, type Checkpoint, type TlogProof } from './checkpoint.js';
export {
  BUNDLE_FORMAT, BundleError, verifyBundle, type AuditBundle, type BundleCheck, type BundleConsistency, type BundleEntry, type BundleReport,
  type EntryContent, type VerifyBundleOptions,
} from './bundle.js';
