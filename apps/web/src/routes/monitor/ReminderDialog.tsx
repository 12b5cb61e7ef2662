import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { fieldErrors } from '../../api/errors';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';

/** Đôn đốc: one message to the units of the chosen assignments (POST /assignments/reminders). `onClose` gets how many were sent, or null. */
export function ReminderDialog({ assignmentIds, opened, onClose }: { assignmentIds: string[]; opened: boolean; onClose: (sent: number | null) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [message, setMessage] = useState('');
  const [missing, setMissing] = useState(false);
  const send = useMutation({
    mutationFn: () => unwrap(api.POST('/assignments/reminders', { body: { assignmentIds, message: message.trim() } })),
    onSuccess: async (result) => {
      await client.invalidateQueries({ queryKey: ['reminders'] });
      setMessage('');
      send.reset();
      onClose(result.sent.length);
    },
  });
  const server = fieldErrors(send.error, ['message']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (message.trim() === '') return setMissing(true);
    send.mutate();
  };
  const cancel = () => {
    send.reset();
    onClose(null);
  };
  return (
    <Modal opened={opened} onClose={cancel} title={t('monitor.remindTitle')} size="lg" closeButtonProps={{ 'aria-label': t('app.close') }}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{t('monitor.remindTo', { count: assignmentIds.length })}</Text>
          <ApiErrorAlert error={send.error} extra={server.other} />
          <Textarea
            label={t('monitor.remindMessage')}
            required
            autosize
            minRows={3}
            data-autofocus
            value={message}
            onChange={(e) => {
              setMessage(e.currentTarget.value);
              setMissing(false);
            }}
            error={missing ? t('monitor.remindMessageRequired') : server.byField.message}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={cancel}>
              {t('secretary.cancel')}
            </Button>
            <Button type="submit" loading={send.isPending}>
              {t('monitor.remindSend')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
