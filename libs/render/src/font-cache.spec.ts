import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { create, type Font } from 'fontkit';
import { documentView } from './font-cache.js';
import { fontDirectory, FONT_FILES } from './fonts.js';

/** fontkit's own view of a font, as the renderer used it before the cache: a glyph cache of its own, nothing shared. */
const plainView = (font: Font) => Object.assign(Object.create(font) as Font, { _glyphs: {} });

interface GlyphLike {
  id: number;
  codePoints: number[];
  advanceWidth: number;
}

const TEXTS = [
  'Tuyên truyền sâu rộng để cán bộ, đảng viên, nhân dân nhận thức sâu sắc',
  'ĐẢNG CỘNG SẢN VIỆT NAM',
  'Số 17-KH/QU',
  'fi ffi fl — “quoted” … 1/2',
  'Ặ ặ Ẫ ẫ Ỵ ỵ Ữ ữ',
  'a\u0301 e\u0323 o\u0309', // combining marks: decomposed Vietnamese
  '',
];

describe('the per-thread font cache', () => {
  const fonts = Object.values(FONT_FILES).map((file) => create(readFileSync(join(fontDirectory(), file))) as Font);

  it('lays out every run as fontkit does: the same glyphs, code points and positions, shared runs or not', () => {
    for (const font of fonts) {
      for (const order of [TEXTS, [...TEXTS].reverse()]) {
        const reference = plainView(font);
        const view = documentView(font);
        for (const text of order) {
          const want = reference.layout(text);
          const got = view.layout(text);
          const glyphs = (run: { glyphs: unknown[] }) => (run.glyphs as GlyphLike[]).map((g) => [g.id, g.codePoints, g.advanceWidth]);
          expect(glyphs(got)).toEqual(glyphs(want));
          expect(got.positions.map((p) => ({ ...p }))).toEqual(want.positions.map((p) => ({ ...p })));
          expect(got.advanceWidth).toBe(want.advanceWidth);
        }
        // Each document's glyphs carry the code points of their first use in that document.
        for (const id of Object.keys((reference as unknown as { _glyphs: object })._glyphs)) {
          const ref = (reference as unknown as { _glyphs: Record<string, GlyphLike> })._glyphs[id];
          expect((view as unknown as { _glyphs: Record<string, GlyphLike> })._glyphs[id]?.codePoints).toEqual(ref.codePoints);
        }
      }
    }
  });

  it('writes a subset byte for byte as fontkit does, composite glyphs included', () => {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (const font of fonts) {
      for (let trial = 0; trial < 12; trial++) {
        const ids: number[] = Array.from({ length: 3 + trial * 9 }, () => Math.floor(random() * font.numGlyphs));
        ids.push(...font.layout('Ặ ẫ Ỵ ữ ĐÔ').glyphs.map((g) => g.id)); // composites in Liberation Serif
        // @types/fontkit types includeGlyph as taking a Glyph; fontkit takes an id as well.
        const want = plainView(font).createSubset() as unknown as { includeGlyph(id: number): number; encode(): Uint8Array };
        const got = documentView(font).createSubset() as unknown as typeof want;
        for (const id of ids) {
          want.includeGlyph(id);
          got.includeGlyph(id);
        }
        expect(Buffer.from(got.encode()).equals(Buffer.from(want.encode()))).toBe(true);
      }
    }
  });
});
