import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The API's cursor paging: back to the first page when on a later one, on to the next when there is one. */
export function CursorPager({ cursor, next, onPage }: { cursor?: string; next?: string | null; onPage: (cursor: string | undefined) => void }) {
  const { t } = useTranslation();
  return (
    <Group>
      {cursor && (
        <Button variant="default" onClick={() => onPage(undefined)}>
          {t('list.first')}
        </Button>
      )}
      {next && (
        <Button variant="default" onClick={() => onPage(next)}>
          {t('list.next')}
        </Button>
      )}
    </Group>
  );
}
