import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../i18n/i18n';

/** vi / en; the choice is kept in localStorage and `<html lang>` follows (i18n/i18n.ts). */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('app.language')}
      value={i18n.language}
      onChange={(language) => void i18n.changeLanguage(language)}
      data={LANGUAGES.map((l) => ({ value: l, label: <span lang={l} title={t(`app.languages.${l}`)}>{l.toUpperCase()}</span> }))}
    />
  );
}
