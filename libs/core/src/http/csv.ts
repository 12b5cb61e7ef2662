/**
 * One CSV cell (RFC 4180), safe to open in a spreadsheet: text that begins with `=`, `+`, `-`,
 * `@`, a tab or a carriage return would be read as a formula (`=HYPERLINK("https://…"&A2, …)`
 * sends a cell's content away), so it is prefixed with `'` as OWASP advises; then a cell with a
 * quote, comma or line break is quoted.
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
