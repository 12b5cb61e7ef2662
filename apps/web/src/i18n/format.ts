import dayjs from 'dayjs';

/** Dates as Vietnamese documents write them, whatever the UI language: dd/MM/yyyy. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  // A bare date (YYYY-MM-DD) is a calendar date, not an instant: no time zone shift.
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(value) ? dayjs(value, 'YYYY-MM-DD') : dayjs(value);
  return parsed.isValid() ? parsed.format('DD/MM/YYYY') : value;
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const parsed = dayjs(value);
  return parsed.isValid() ? parsed.format('DD/MM/YYYY HH:mm') : value;
}

const NUMBER = new Intl.NumberFormat('vi-VN');

/** Numbers in vi-VN format (1.234,5). */
export function formatNumber(value: number): string {
  return NUMBER.format(value);
}
