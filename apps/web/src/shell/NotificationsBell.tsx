import { ActionIcon, Button, Indicator, Popover, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { ApiErrorAlert } from '../components/ApiErrorAlert';
import { formatDateTime, formatNumber } from '../i18n/format';

const KEY = ['me', 'notifications'];

/** The bell with the unread count (GET /me/notifications), polled each minute; opens the latest ten. */
export function NotificationsBell() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const list = useQuery({ queryKey: KEY, queryFn: () => unwrap(api.GET('/me/notifications', { params: { query: { limit: 10 } } })), refetchInterval: 60_000 });
  const readOne = useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/me/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
  const readAll = useMutation({
    mutationFn: () => unwrap(api.POST('/me/notifications/read-all')),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
  const unread = list.data?.unreadCount ?? 0;
  return (
    // The popover's target is the button itself (it gets aria-expanded); the count sits on a wrapper around both.
    <Indicator label={formatNumber(unread)} size={18} disabled={unread === 0} color="red" offset={4}>
    <Popover width={320} position="bottom-end" shadow="md" withinPortal>
      <Popover.Target>
        <ActionIcon variant="subtle" color="dark" size="lg" aria-label={t('notifications.bell', { count: unread })} data-testid="notifications-bell">
          <IconBell aria-hidden />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text fw={600}>{t('notifications.title')}</Text>
          {list.isError && <ApiErrorAlert error={list.error} />}
          {list.data?.items.length === 0 && <Text size="sm">{t('notifications.empty')}</Text>}
          <ScrollArea.Autosize mah={320}>
            <Stack gap={4}>
              {list.data?.items.map((n) => {
                const key = `notifications.types.${n.type}`;
                return (
                  <UnstyledButton key={n.id} onClick={() => !n.readAt && readOne.mutate(n.id)} p={4} aria-label={i18n.exists(key) ? t(key) : n.type}>
                    <Text size="sm" fw={n.readAt ? 400 : 700}>{i18n.exists(key) ? t(key) : n.type}</Text>
                    <Text size="xs" c="dimmed">
                      {n.unitName} · {formatDateTime(n.createdAt)}
                    </Text>
                  </UnstyledButton>
                );
              })}
            </Stack>
          </ScrollArea.Autosize>
          {unread > 0 && (
            <Button size="xs" variant="light" onClick={() => readAll.mutate()} loading={readAll.isPending}>
              {t('notifications.markAllRead')}
            </Button>
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
    </Indicator>
  );
}
