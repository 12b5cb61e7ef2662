import PDFDocument from 'pdfkit';

/**
 * The PNGs of the signature block (a unit's seal, a signer's signature), embedded as pdfkit
 * embeds them but decoded once per thread: pdfkit inflates the PNG, splits its alpha channel
 * and deflates both again for every document (~2.5 ms for two small images). The first use
 * runs pdfkit's own embedding against a recorder, which keeps the objects it makes (their
 * dictionaries, the references between them, their bodies as written) and the order it creates
 * and ends them; each document then gets the same objects, in the same order, of its own.
 */

interface RecordedObject {
  data: Record<string, unknown>;
  body?: Uint8Array;
}

interface RecordedImage {
  width: number;
  height: number;
  objects: RecordedObject[];
  /** The order the embedding ended its objects in (indexes into `objects`); the first object is the image. */
  ends: number[];
}

/** What the embedding calls on a document (pdfkit's PNGImage.embed: `ref()`, and `end()` on what it returns). */
interface RefLike {
  data: Record<string, unknown>;
  end(chunk?: Uint8Array): void;
}

/** At most this many images kept per thread (a few units' seals and signatures); emptied when full. */
const MAX_IMAGES = 32;
const recorded = new Map<string, Promise<RecordedImage>>();

async function record(png: string): Promise<RecordedImage> {
  const scratch = new PDFDocument({ autoFirstPage: false, font: null as unknown as string });
  const image = (scratch as unknown as { openImage(src: Buffer): { width: number; height: number; embed(doc: unknown): void } }).openImage(Buffer.from(png, 'base64'));
  const objects: (RecordedObject & RefLike)[] = [];
  const ends: number[] = [];
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const recorder = {
    ref(data: Record<string, unknown> = {}): RefLike {
      const index = objects.length;
      const object: RecordedObject & RefLike = {
        data,
        end(chunk?: Uint8Array) {
          if (chunk) object.body = Uint8Array.from(chunk);
          ends.push(index);
          // The image itself is ended last (after its soft mask, which it refers to).
          if (index === 0) done();
        },
      };
      objects.push(object);
      return object;
    },
  };
  // Embedding an image with transparency inflates the PNG asynchronously (png-js), then ends.
  image.embed(recorder);
  await finished;
  return { width: image.width, height: image.height, objects, ends };
}

/** Records the image (once per thread) so that `embeddable` can use it synchronously while a document is laid out. */
export function prepareImage(png: string): Promise<unknown> {
  let entry = recorded.get(png);
  if (!entry) {
    if (recorded.size >= MAX_IMAGES) recorded.clear();
    entry = record(png);
    recorded.set(png, entry);
    // A PNG that does not decode is not kept: the render that asked fails with its error.
    entry.catch(() => recorded.delete(png));
  }
  return entry;
}

const settled = new Map<string, RecordedImage>();

/** Records and remembers the image; after this, `embeddable(png)` works without waiting. */
export async function loadImage(png: string): Promise<void> {
  const image = (await prepareImage(png)) as RecordedImage;
  if (settled.size >= MAX_IMAGES) settled.clear();
  settled.set(png, image);
}

/**
 * An image object for pdfkit's `doc.image()` (anything with a width and a height is taken as an
 * opened image): on `embed`, it writes the recorded objects into the document, as pdfkit's PNG
 * embedding would have.
 */
interface Embeddable {
  width: number;
  height: number;
  label: string;
  obj: RefLike | null;
  embed(document: { ref(data?: Record<string, unknown>): RefLike }): void;
}

export function embeddable(doc: PDFKit.PDFDocument, png: string): Embeddable {
  const image = settled.get(png);
  if (!image) throw new Error('The image was not loaded before the layout');
  const internals = doc as unknown as { _imageCount: number };
  const out: Embeddable = {
    width: image.width,
    height: image.height,
    label: `I${++internals._imageCount}`,
    obj: null,
    embed(document) {
      // Created with their dictionaries (pdfkit decides from /Filter whether to compress a body), the references between them filled in after.
      const made = image.objects.map((object) => document.ref({ ...object.data }));
      const map = (value: unknown): unknown => {
        if (Array.isArray(value)) return value.map(map);
        const at = image.objects.indexOf(value as RecordedObject);
        return at >= 0 ? made[at] : value;
      };
      made.forEach((ref) => {
        for (const [key, value] of Object.entries(ref.data)) ref.data[key] = map(value);
      });
      for (const i of image.ends) made[i].end(image.objects[i].body);
      out.obj = made[0];
    },
  };
  return out;
}
