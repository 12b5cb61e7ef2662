import type { Font } from 'fontkit';

/**
 * What a render thread keeps per parsed font across documents: shaped runs and per-glyph data.
 *
 * A document still gets glyph objects of its own (fontkit keeps each glyph with the code points
 * of its first use, and pdfkit writes the ToUnicode map from them), so what is shared is what
 * does not depend on the document: for a run of text, the glyph ids, their positions and the
 * `getGlyph(id, codePoints)` calls its shaping made, replayed on the document's view in the
 * same order, so that each glyph gets the code points an uncached layout would have given it;
 * for a glyph, its metrics and its subset data (glyf bytes, components, advance and bearing).
 * Shaping happens on a scratch view with an empty glyph cache, so a run's result does not depend
 * on what was shaped before it either.
 */

/** fontkit's internals this relies on (fontkit 2.0; absent from @types/fontkit). */
interface FontInternals {
  _glyphs: Record<number, GlyphInternals>;
  getGlyph(id: number, codePoints?: number[]): GlyphInternals;
  layout(text: string, features?: unknown): Run;
  createSubset(): SubsetInternals;
  loca: { offsets: number[]; version: number };
  directory: { tables: Record<string, { length: number } | undefined> };
  _getTableStream(tag: string): { pos: number; readBuffer(length: number): Uint8Array };
  _variationProcessor?: unknown;
}

interface GlyphInternals {
  id: number;
  codePoints: number[];
  _metrics?: Metrics;
  _getMetrics(): Metrics;
  _decode(): { numberOfContours: number; components?: { glyphID: number; pos: number }[] } | null;
}

interface Metrics {
  advanceWidth: number;
  leftBearing: number;
}

interface Position {
  xAdvance: number;
  xOffset: number;
  yOffset: number;
  [key: string]: number;
}

interface Run {
  glyphs: GlyphInternals[];
  positions: Position[];
  readonly advanceWidth: number;
}

interface SubsetInternals {
  glyphs: number[];
  includeGlyph(id: number): number;
  encode(): Uint8Array;
}

interface ShapedRun {
  /** The `getGlyph` calls of the shaping, the first per glyph id, in order. */
  calls: [number, number[]][];
  ids: number[];
  /** Unscaled, as fontkit returns them: pdfkit scales its copy in place. */
  positions: Position[];
}

interface SubsetGlyph {
  bytes: Uint8Array;
  components?: { glyphID: number; pos: number }[];
  advance: number;
  bearing: number;
}

/** Distinct runs kept per font: words mostly, so a few documents' worth; emptied when full. */
const MAX_RUNS = 20_000;

class SharedFont {
  private readonly runs = new Map<string, ShapedRun>();
  private readonly metrics = new Map<number, Metrics>();
  private readonly subsetGlyphs = new Map<number, SubsetGlyph>();
  private readonly scratch: FontInternals;
  private recording?: { calls: [number, number[]][]; seen: Set<number> };

  constructor(private readonly font: FontInternals) {
    // The scratch view shapes every run; its layout engine (GSUB/GPOS processors) is built once.
    this.scratch = Object.create(font) as FontInternals;
    this.scratch._glyphs = {};
    const getGlyph = font.getGlyph;
    this.scratch.getGlyph = (id: number, codePoints: number[] = []) => {
      const rec = this.recording;
      if (rec && !rec.seen.has(id)) {
        rec.seen.add(id);
        rec.calls.push([id, codePoints]);
      }
      return this.withMetrics(getGlyph.call(this.scratch, id, codePoints));
    };
  }

  /** A document's view: the font's tables shared, a glyph cache of its own. */
  view(): Font {
    const view = Object.create(this.font) as FontInternals;
    view._glyphs = {};
    const getGlyph = this.font.getGlyph;
    const createSubset = this.font.createSubset;
    view.getGlyph = (id: number, codePoints: number[] = []) => view._glyphs[id] ?? this.withMetrics(getGlyph.call(view, id, codePoints));
    view.layout = (text: string, features?: unknown) => this.layout(view, text, features);
    view.createSubset = () => this.subset(createSubset.call(view));
    return view as unknown as Font;
  }

  private withMetrics(glyph: GlyphInternals): GlyphInternals {
    if (glyph && !glyph._metrics) {
      let metrics = this.metrics.get(glyph.id);
      if (!metrics) this.metrics.set(glyph.id, (metrics = glyph._getMetrics()));
      glyph._metrics = metrics;
    }
    return glyph;
  }

  /** The run of `text` shaped once per thread (with fontkit's default features unless given). */
  run(text: string, features?: unknown): ShapedRun {
    const key = features === undefined ? text : `${JSON.stringify(features)}\u0000${text}`;
    let shaped = this.runs.get(key);
    if (!shaped) {
      shaped = this.shape(text, features);
      if (this.runs.size >= MAX_RUNS) this.runs.clear();
      this.runs.set(key, shaped);
    }
    return shaped;
  }

  /** A glyph's advance width in font units. */
  advance(id: number): number {
    return this.metrics.get(id)?.advanceWidth ?? this.withMetrics(this.font.getGlyph.call(this.scratch, id))._metrics!.advanceWidth;
  }

  private layout(view: FontInternals, text: string, features: unknown): Run {
    const shaped = this.run(text, features);
    for (const [id, codePoints] of shaped.calls) view.getGlyph(id, codePoints);
    const glyphs = shaped.ids.map((id) => view._glyphs[id]);
    const positions = shaped.positions.map((p) => ({ ...p }));
    // Summed once, when pdfkit first asks: after it has scaled the positions, which it does at once.
    let width: number | undefined;
    return {
      glyphs,
      positions,
      get advanceWidth() {
        if (width === undefined) {
          width = 0;
          for (const p of positions) width += p.xAdvance;
        }
        return width;
      },
    };
  }

  private shape(text: string, features: unknown): ShapedRun {
    this.scratch._glyphs = {};
    this.recording = { calls: [], seen: new Set() };
    try {
      const run = this.scratch.layout(text, features);
      return { calls: this.recording.calls, ids: run.glyphs.map((g) => g.id), positions: run.positions.map((p) => ({ ...p })) };
    } finally {
      this.recording = undefined;
    }
  }

  /**
   * The subset as fontkit's TTFSubset.encode writes it, byte for byte (the tables PDF needs, in
   * its order, checksums 0), from the shared per-glyph data and the font's own bytes for the
   * tables that do not change: fontkit decodes the glyphs again and re-encodes the hinting
   * programs value by value for every document, several milliseconds per font.
   */
  private subset(subset: SubsetInternals): SubsetInternals {
    if (this.font._variationProcessor || !this.font.directory.tables.glyf) return subset;
    subset.encode = () => this.encodeSubset(subset);
    return subset;
  }

  private encodeSubset(subset: SubsetInternals): Uint8Array {
    const glyphs: SubsetGlyph[] = [];
    const bytes: Uint8Array[] = [];
    // Components add glyphs to the subset as it goes.
    for (let i = 0; i < subset.glyphs.length; i++) {
      const glyph = this.subsetGlyph(subset.glyphs[i]);
      let data = glyph.bytes;
      if (glyph.components) {
        // A composite glyph names its components by their ids in the subset.
        data = Uint8Array.from(glyph.bytes);
        const view = new DataView(data.buffer);
        for (const component of glyph.components) view.setUint16(component.pos, subset.includeGlyph(component.glyphID));
      }
      glyphs.push(glyph);
      bytes.push(data);
    }
    const long = this.font.loca.version !== 0;
    const raw = this.rawTables();
    const glyfLength = bytes.reduce((n, b) => n + b.length, 0);
    const lengths: [string, number][] = [
      ['head', raw.head.length],
      ['hhea', raw.hhea.length],
      ['loca', (glyphs.length + 1) * (long ? 4 : 2)],
      ['maxp', raw.maxp.length],
      ['cvt ', raw['cvt ']?.length ?? 0],
      ['prep', raw.prep?.length ?? 0],
      ['glyf', glyfLength],
      ['hmtx', glyphs.length * 4],
      ['fpgm', raw.fpgm?.length ?? 0],
    ];
    const tables = lengths.filter(([tag]) => tag in raw || ['loca', 'glyf', 'hmtx'].includes(tag));
    const headerLength = 12 + 16 * tables.length;
    const out = new Uint8Array(headerLength + tables.reduce((n, [, length]) => n + length, 0));
    const view = new DataView(out.buffer);
    const exponent = Math.floor(Math.log2(tables.length));
    out.set([0x74, 0x72, 0x75, 0x65]); // 'true'
    view.setUint16(4, tables.length);
    view.setUint16(6, 16 * 2 ** exponent);
    view.setUint16(8, exponent);
    view.setUint16(10, tables.length * 16 - 16 * 2 ** exponent);
    let entry = 12;
    let offset = headerLength;
    for (const [tag, length] of tables) {
      for (let i = 0; i < 4; i++) out[entry + i] = tag.charCodeAt(i);
      view.setUint32(entry + 8, offset);
      view.setUint32(entry + 12, length);
      entry += 16;
      switch (tag) {
        case 'head':
          out.set(raw.head, offset);
          view.setInt16(offset + 50, long ? 1 : 0); // indexToLocFormat
          break;
        case 'hhea':
          out.set(raw.hhea, offset);
          view.setUint16(offset + 34, glyphs.length); // numberOfMetrics
          break;
        case 'maxp':
          out.set(raw.maxp, offset);
          view.setUint16(offset + 4, glyphs.length); // numGlyphs
          break;
        case 'loca': {
          let at = 0;
          for (let i = 0; i <= glyphs.length; i++) {
            if (long) view.setUint32(offset + 4 * i, at);
            else view.setUint16(offset + 2 * i, at >>> 1);
            at += bytes[i]?.length ?? 0;
          }
          break;
        }
        case 'glyf': {
          let at = offset;
          for (const b of bytes) {
            out.set(b, at);
            at += b.length;
          }
          break;
        }
        case 'hmtx':
          glyphs.forEach((g, i) => {
            view.setUint16(offset + 4 * i, g.advance);
            view.setInt16(offset + 4 * i + 2, g.bearing);
          });
          break;
        default:
          out.set(raw[tag], offset);
      }
      offset += length;
    }
    return out;
  }

  private raw?: Record<string, Uint8Array>;

  /** The font's own bytes of the tables a subset copies (head, hhea and maxp get their counts patched). */
  private rawTables(): Record<string, Uint8Array> {
    if (!this.raw) {
      this.raw = {};
      for (const tag of ['head', 'hhea', 'maxp', 'cvt ', 'prep', 'fpgm']) {
        const entry = this.font.directory.tables[tag];
        if (!entry) continue;
        const stream = this.font._getTableStream(tag);
        this.raw[tag] = Uint8Array.from(stream.readBuffer(entry.length));
      }
    }
    return this.raw;
  }

  private subsetGlyph(gid: number): SubsetGlyph {
    let cached = this.subsetGlyphs.get(gid);
    if (cached) return cached;
    // As fontkit's TTFSubset._addGlyph reads it.
    const glyph = this.withMetrics(this.font.getGlyph.call(this.scratch, gid) as GlyphInternals);
    const glyf = glyph._decode();
    const start = this.font.loca.offsets[gid];
    const stream = this.font._getTableStream('glyf');
    stream.pos += start;
    const bytes = Uint8Array.from(stream.readBuffer(this.font.loca.offsets[gid + 1] - start));
    const metrics = glyph._getMetrics();
    cached = {
      bytes,
      components: glyf && glyf.numberOfContours < 0 ? glyf.components!.map((c) => ({ glyphID: c.glyphID, pos: c.pos })) : undefined,
      advance: metrics.advanceWidth,
      bearing: metrics.leftBearing,
    };
    this.subsetGlyphs.set(gid, cached);
    return cached;
  }
}

let shared = new WeakMap<Font, SharedFont>();

/** Forgets every shaped run and glyph kept so far: a test renders "in a fresh thread" with it. */
export function forgetFontCaches(): void {
  shared = new WeakMap();
}

function sharedFont(font: Font): SharedFont {
  let entry = shared.get(font);
  if (!entry) shared.set(font, (entry = new SharedFont(font as unknown as FontInternals)));
  return entry;
}

/** A document's own view of a parsed font, backed by the thread's caches for that font. */
export function documentView(font: Font): Font {
  return sharedFont(font).view();
}

/** A run shaped as a document view's `layout(text)` shapes it, from the thread's cache (read only). */
export interface SharedRun {
  /** The `getGlyph(id, codePoints)` calls of the shaping, the first per glyph id, in order: a view replays them. */
  readonly calls: readonly (readonly [number, readonly number[]])[];
  readonly ids: readonly number[];
  /** Unscaled (font units). */
  readonly positions: readonly { readonly xAdvance: number; readonly xOffset: number; readonly yOffset: number }[];
}

/**
 * The shaped run of `text` in a parsed font (the one `documentView` was given), as the thread's
 * cache keeps it: for a layout that encodes glyphs itself rather than through a view's glyphs.
 */
export function shapedRun(font: Font, text: string): SharedRun {
  return sharedFont(font).run(text);
}

/** A glyph's advance width in font units, from the thread's metrics cache. */
export function glyphAdvance(font: Font, id: number): number {
  return sharedFont(font).advance(id);
}

