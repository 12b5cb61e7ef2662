import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { unzipSync } from 'fflate';

/**
 * Bounds on a .docx before and while it is read. A Word plan of 30 pages is ~40 entries and
 * under 1 MB inflated; text XML deflates about 5–15 times. A decompression bomb (a small
 * archive that inflates to hundreds of MB) is refused by what its directory declares before
 * anything is inflated, and what lies about its sizes is stopped while inflating, inside a
 * worker with its own heap and a time limit, so the API's own thread never holds it.
 */
export interface ArchiveLimits {
  /** Entries in the archive. */
  maxEntries: number;
  /** Sum of the entries' uncompressed sizes, as declared and as actually inflated. */
  maxInflatedBytes: number;
  /** Uncompressed ÷ compressed size of one entry, checked for entries above `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
  /** The reading worker's old-generation heap, in MB. */
  heapMb: number;
  /** Wall-clock time the reading worker may take. */
  timeLimitMs: number;
}

export const DOCX_LIMITS: ArchiveLimits = {
  maxEntries: 1000,
  maxInflatedBytes: 32 * 1024 * 1024,
  maxRatio: 100,
  ratioFloorBytes: 1024 * 1024,
  heapMb: 256,
  timeLimitMs: 15_000,
};

export type ArchiveRefusal = 'ENTRY_COUNT' | 'INFLATED_SIZE' | 'COMPRESSION_RATIO' | 'TIME_LIMIT' | 'MEMORY_LIMIT';

/** An archive refused for its size or shape (never inflated), or stopped while being read. */
export class ArchiveRefused extends Error {
  constructor(
    readonly reason: ArchiveRefusal,
    message: string,
    readonly details: Record<string, number | string> = {},
  ) {
    super(message);
    this.name = 'ArchiveRefused';
  }
}

/** Thrown for bytes that are not a readable zip at all. */
export class BrokenArchive extends Error {}

/**
 * The archive's central directory against the limits, without inflating anything
 * (fflate's filter sees each entry's declared sizes; returning false skips it).
 */
export function inspectArchive(bytes: Uint8Array, limits: ArchiveLimits = DOCX_LIMITS): { entries: number; inflatedBytes: number } {
  let entries = 0;
  let inflatedBytes = 0;
  let refusal: ArchiveRefused | undefined;
  try {
    unzipSync(bytes, {
      filter: (file) => {
        if (refusal) return false;
        entries += 1;
        inflatedBytes += file.originalSize;
        if (entries > limits.maxEntries) {
          refusal = new ArchiveRefused('ENTRY_COUNT', `The archive has more than ${limits.maxEntries} entries`, { maxEntries: limits.maxEntries });
        } else if (inflatedBytes > limits.maxInflatedBytes) {
          refusal = new ArchiveRefused('INFLATED_SIZE', `The archive inflates to more than ${limits.maxInflatedBytes} bytes`, { maxInflatedBytes: limits.maxInflatedBytes });
        } else if (file.originalSize > limits.ratioFloorBytes && file.originalSize > limits.maxRatio * Math.max(file.size, 1)) {
          refusal = new ArchiveRefused('COMPRESSION_RATIO', `An entry of the archive is compressed more than ${limits.maxRatio} times`, {
            entry: file.name.slice(0, 200),
            maxRatio: limits.maxRatio,
          });
        }
        return false;
      },
    });
  } catch {
    throw new BrokenArchive('Not a zip archive');
  }
  if (refusal) throw refusal;
  return { entries, inflatedBytes };
}

const require = createRequire(import.meta.url);

/**
 * Runs in the worker (CommonJS, from source text: the same from the TypeScript sources under
 * Jest and from the build). It inflates every entry counting the bytes it really gets, stops
 * past the limit whatever the directory said, then lets mammoth read the checked archive.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { Unzip, UnzipInflate } = require(workerData.fflate);
const mammoth = require(workerData.mammoth);
const bytes = workerData.bytes;
let inflated = 0;
let over = false;
const unzip = new Unzip((file) => {
  file.ondata = (error, chunk) => {
    if (error) throw error;
    inflated += chunk.length;
    if (inflated > workerData.maxInflatedBytes && !over) { over = true; file.terminate(); }
  };
  if (!over) file.start();
});
unzip.register(UnzipInflate);
function main() {
  try {
    unzip.push(bytes, true);
  } catch (error) {
    parentPort.postMessage({ broken: true });
    return;
  }
  if (over) {
    parentPort.postMessage({ refused: 'INFLATED_SIZE' });
    return;
  }
  mammoth.convertToHtml({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }).then(
    (result) => parentPort.postMessage({ html: result.value }),
    () => parentPort.postMessage({ broken: true }),
  );
}
main();
`;

const MODULES = { fflate: require.resolve('fflate'), mammoth: require.resolve('mammoth') };

/**
 * A .docx as mammoth's HTML, read on a worker thread with `limits.heapMb` of heap and
 * `limits.timeLimitMs` of time. Throws ArchiveRefused (too big, too slow, out of memory) or
 * BrokenArchive; the caller's thread only ever holds the compressed bytes and the result.
 */
export async function readDocxHtml(bytes: Uint8Array, limits: ArchiveLimits = DOCX_LIMITS): Promise<string> {
  inspectArchive(bytes, limits);
  const copy = new Uint8Array(bytes);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { ...MODULES, bytes: copy, maxInflatedBytes: limits.maxInflatedBytes },
    transferList: [copy.buffer],
    resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 16, codeRangeSizeMb: 16, stackSizeMb: 4 },
    stdout: true,
    stderr: true,
  });
  try {
    return await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new ArchiveRefused('TIME_LIMIT', `The document took longer than ${limits.timeLimitMs} ms to read`, { timeLimitMs: limits.timeLimitMs }));
      }, limits.timeLimitMs);
      const settle = (fn: () => void) => {
        clearTimeout(timer);
        fn();
      };
      worker.once('message', (message: { html?: string; broken?: boolean; refused?: ArchiveRefusal }) =>
        settle(() => {
          if (message.html !== undefined) resolve(message.html);
          else if (message.refused) reject(new ArchiveRefused(message.refused, `The archive inflates to more than ${limits.maxInflatedBytes} bytes`, { maxInflatedBytes: limits.maxInflatedBytes }));
          else reject(new BrokenArchive('Not a Word document'));
        }),
      );
      worker.once('error', (error: Error & { code?: string }) =>
        settle(() =>
          reject(
            error.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? new ArchiveRefused('MEMORY_LIMIT', `The document needs more than ${limits.heapMb} MB to read`, { heapMb: limits.heapMb })
              : new BrokenArchive(error.message),
          ),
        ),
      );
      worker.once('exit', () => settle(() => reject(new BrokenArchive('The reader stopped'))));
    });
  } finally {
    await worker.terminate();
  }
}
