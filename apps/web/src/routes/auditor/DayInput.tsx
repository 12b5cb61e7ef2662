import { TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../i18n/format';

/** dd/MM/yyyy as typed → YYYY-MM-DD, or null when it is not a real day. */
export function parseDay(text: string): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * A day typed as Vietnamese documents write it (dd/MM/yyyy, whatever the browser's locale, which
 * a native date field would follow); applied on Enter or when leaving the field.
 */
export function DayInput({ label, value, onChange }: { label: string; value?: string; onChange: (day?: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(formatDate(value));
  const [invalid, setInvalid] = useState(false);
  // A new value from outside (the URL) replaces what is typed: adjusted while rendering, not after.
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setText(formatDate(value));
  }
  const apply = () => {
    if (text.trim() === '') {
      setInvalid(false);
      if (value) onChange(undefined);
      return;
    }
    const day = parseDay(text);
    setInvalid(day === null);
    if (day && day !== value) onChange(day);
  };
  return (
    <TextInput
      label={label}
      placeholder="dd/mm/yyyy"
      inputMode="numeric"
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={apply}
      onKeyDown={(e) => e.key === 'Enter' && apply()}
      error={invalid ? t('auditor.log.badDay') : undefined}
      style={{ flex: '1 1 9rem' }}
    />
  );
}
