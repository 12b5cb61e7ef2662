/** One media range of an Accept header: its type, subtype, quality and place in the header. */
interface Range {
  type: string;
  subtype: string;
  q: number;
  order: number;
}

function ranges(header: string): Range[] {
  return header.split(',').flatMap((part, order) => {
    const [media, ...params] = part.trim().split(';');
    const [type, subtype] = media.trim().toLowerCase().split('/');
    if (!type || !subtype) return [];
    const qParam = params.map((p) => p.trim().split('=')).find(([k]) => k.toLowerCase() === 'q');
    const q = qParam ? Number(qParam[1]) : 1;
    return Number.isFinite(q) ? [{ type, subtype, q, order }] : [];
  });
}

/**
 * Which of `offered` (media types, in the server's order of preference) the request's Accept
 * header prefers, as Express' `req.accepts` (negotiator) chose: highest quality, then the most
 * specific range, then the range named first, then the first offered; the first offered when the
 * request has no Accept header; undefined when it accepts none of them.
 */
export function accepts(header: string | undefined, offered: string[]): string | undefined {
  if (!header) return offered[0];
  const accepted = ranges(header);
  let best: { type: string; q: number; s: number; order: number; index: number } | undefined;
  offered.forEach((type, index) => {
    const [t, st] = type.toLowerCase().split('/');
    let match: { q: number; s: number; order: number } | undefined;
    for (const r of accepted) {
      const s = (r.type === t ? 4 : r.type === '*' ? 0 : -1) + (r.subtype === st ? 2 : r.subtype === '*' ? 0 : -10);
      if (s < 0) continue;
      if (!match || s > match.s || (s === match.s && (r.q > match.q || (r.q === match.q && r.order < match.order)))) match = { q: r.q, s, order: r.order };
    }
    if (!match || match.q <= 0) return;
    if (!best || match.q > best.q || (match.q === best.q && (match.s > best.s || (match.s === best.s && (match.order < best.order || (match.order === best.order && index < best.index)))))) {
      best = { type, ...match, index };
    }
  });
  return best?.type;
}
