const OFFSET_MS = 7 * 3600 * 1000;

/** An instant as ISO 8601 in Vietnam's time (+07:00, no daylight saving): "2026-12-07T09:15:00+07:00". */
export function vietnamIso(at: Date): string {
  return `${new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 19)}+07:00`;
}
