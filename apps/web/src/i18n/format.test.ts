import { describe, expect, it } from 'vitest';
import { formatDate, formatNumber } from './format';
import { i18n } from './i18n';

describe('formats', () => {
  it('writes dates dd/MM/yyyy in either language, a bare date without a time-zone shift', async () => {
    for (const language of ['vi', 'en']) {
      await i18n.changeLanguage(language);
      expect(formatDate('2016-02-04')).toBe('04/02/2016');
      expect(formatDate('2015-12-31')).toBe('31/12/2015');
    }
    expect(formatDate(null)).toBe('');
  });

  it('writes numbers in vi-VN format', () => {
    expect(formatNumber(1234567.5)).toBe('1.234.567,5');
  });

  it('keeps the language in localStorage and <html lang> in step', async () => {
    await i18n.changeLanguage('en');
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem('pc.language')).toBe('en');
    await i18n.changeLanguage('vi');
    expect(document.documentElement.lang).toBe('vi');
  });
});
