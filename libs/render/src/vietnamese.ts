/** How Vietnamese official documents write dates, numerals and headings. */

const pad = (n: number) => String(n).padStart(2, '0');

function parts(iso: string): { day: number; month: number; year: number } {
  const [year, month, day] = iso.split('-').map(Number);
  return { day, month, year };
}

/** dd/mm/yyyy, as references and deadlines are written in the text: 04/02/2016. */
export function shortDate(iso: string): string {
  const { day, month, year } = parts(iso);
  return `${pad(day)}/${pad(month)}/${year}`;
}

/**
 * The place-and-date line: "Long Biên, ngày 29 tháng 12 năm 2015". Days below 10 and the
 * months January and February take a leading zero (decree 30/2020/NĐ-CP, annex I). A draft
 * leaves the day and month blank, to be filled in when it is signed.
 */
export function placeAndDate(place: string | null, issuedOn: string | null, year: number): string {
  const where = place?.trim() || '……';
  if (!issuedOn) return `${where}, ngày     tháng     năm ${year}`;
  const { day, month, year: y } = parts(issuedOn);
  return `${where}, ngày ${pad(day)} tháng ${month <= 2 ? pad(month) : month} năm ${y}`;
}

const ROMAN: [number, string][] = [[10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];

/** Section numbers: I, II … XX (a plan has a handful of sections). */
export function roman(n: number): string {
  let rest = n;
  let out = '';
  for (const [value, digits] of ROMAN) {
    while (rest >= value) {
      out += digits;
      rest -= value;
    }
  }
  return out;
}

/** Sub-items under a numbered item: a, b, c … */
export function letter(index: number): string {
  return String.fromCharCode(0x61 + (index % 26));
}

export function upper(text: string): string {
  return text.toLocaleUpperCase('vi');
}
