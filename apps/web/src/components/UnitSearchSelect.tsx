import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';

type Props = Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchable' | 'onSearchChange' | 'filter'> & {
  value?: string;
  onChange: (unitId?: string) => void;
  /** Units to leave out (a unit cannot be moved under itself). */
  exclude?: readonly string[];
};

/**
 * A unit chosen by typing part of its name: the tree is searched on the server (GET /units/search,
 * accent-insensitive, within the caller's scope); the chosen unit keeps its name (GET /units/:id).
 */
export function UnitSearchSelect({ value, onChange, exclude = [], ...props }: Props) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [q] = useDebouncedValue(typed.trim(), 250);
  const chosen = useQuery({ queryKey: ['unit', value], queryFn: () => unwrap(api.GET('/units/{id}', { params: { path: { id: value! } } })), enabled: !!value });
  const found = useQuery({
    queryKey: ['units', 'search', q],
    queryFn: () => unwrap(api.GET('/units/search', { params: { query: { q, limit: 20 } } })),
    enabled: q.length >= 2,
    placeholderData: keepPreviousData,
  });
  const units = [...(chosen.data && chosen.data.id === value ? [chosen.data] : []), ...(found.data?.items ?? []).filter((u) => u.id !== value && !exclude.includes(u.id))];
  return (
    <Select
      {...props}
      searchable
      // The server already filtered; Mantine's own filter would hide a match found without accents.
      filter={({ options }) => options}
      data={units.map((u) => ({ value: u.id, label: u.name }))}
      value={value ?? null}
      onChange={(id) => onChange(id ?? undefined)}
      onSearchChange={setTyped}
      nothingFoundMessage={q.length >= 2 && found.isSuccess ? t('unitSearch.none') : t('unitSearch.type')}
    />
  );
}
