import { Select, Textarea, TextInput, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { Lines, Picked } from './plan-form';

type PickerProps = Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchValue' | 'onSearchChange'> & {
  value: Picked | null;
  onChange: (picked: Picked | null) => void;
};

/**
 * A search box over the server: what the user types goes to `search` (debounced, 2 characters
 * at least) and the answers are offered as they come; the picked one stays listed.
 */
function ServerPicker({ value, onChange, search, queryKey, ...props }: PickerProps & { search: (text: string) => Promise<Picked[]>; queryKey: readonly unknown[] }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [debounced] = useDebouncedValue(text.trim(), 250);
  const enabled = debounced.length >= 2 && debounced !== value?.label;
  const found = useQuery({ queryKey: [...queryKey, debounced], queryFn: () => search(debounced), enabled, placeholderData: keepPreviousData, staleTime: 30_000 });
  const options = [...(value ? [value] : []), ...(enabled ? (found.data ?? []) : []).filter((o) => o.id !== value?.id)];
  return (
    <Select
      {...props}
      searchable
      clearable
      data={options.map((o) => ({ value: o.id, label: o.label }))}
      value={value?.id ?? null}
      searchValue={text}
      onSearchChange={setText}
      // The server has filtered already (ignoring Vietnamese marks, which the default filter would not).
      filter={({ options: all }) => all}
      onChange={(id) => onChange(options.find((o) => o.id === id) ?? null)}
      nothingFoundMessage={enabled && found.isFetched ? t('drafter.nothingFound') : t('drafter.typeToSearch')}
      clearButtonProps={{ 'aria-label': t('drafter.clear') }}
    />
  );
}

/** A unit of the issuer's subtree, found by part of its name, accents or not (GET /units/search). */
export function UnitPicker({ under, ...props }: PickerProps & { under: string | undefined }) {
  return (
    <ServerPicker
      {...props}
      queryKey={['units', 'search', under]}
      search={async (q) => (await unwrap(api.GET('/units/search', { params: { query: { q, under, limit: 20 } } }))).items.map((u) => ({ id: u.id, label: u.name }))}
    />
  );
}

/** A plan in the system, by title or number (GET /plans?text=). */
export function PlanPicker(props: PickerProps) {
  return (
    <ServerPicker
      {...props}
      queryKey={['plans', 'basis-search']}
      search={async (text) =>
        (await unwrap(api.GET('/plans', { params: { query: { text, limit: 20 } } }))).items.map((p) => ({ id: p.id, label: [p.numberAndSymbol, p.title].filter(Boolean).join(' · ') }))
      }
    />
  );
}

/** A list of short texts, one per line. */
export function LinesInput({ value, onChange, ...props }: { label: string; value: Lines; onChange: (value: Lines) => void; error?: string; description?: string; required?: boolean }) {
  const { t } = useTranslation();
  return <Textarea {...props} description={props.description ?? t('drafter.onePerLine')} autosize minRows={2} value={value} onChange={(e) => onChange(e.currentTarget.value)} />;
}

/** The browser's own date picker: keyboard and screen reader friendly, and an ISO date (YYYY-MM-DD) as its value. */
export function DateField({ value, onChange, ...props }: { label: string; value: string; onChange: (value: string) => void; error?: string; required?: boolean }) {
  return <TextInput {...props} type="date" value={value} onChange={(e) => onChange(e.currentTarget.value)} />;
}
