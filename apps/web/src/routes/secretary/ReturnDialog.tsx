import { Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../api/errors';
import { usePlanEvent } from '../../api/plan-events';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';

/** RETURN with its required comment. */
export function ReturnDialog({ planId, version, opened, onClose }: { planId: string; version: number; opened: boolean; onClose: (done: boolean) => void }) {
  const { t } = useTranslation();
  const send = usePlanEvent(planId);
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const server = fieldErrors(send.error, ['comment']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (comment.trim() === '') return setMissing(true);
    send.mutate({ type: 'RETURN', expectedVersion: version, comment: comment.trim() }, { onSuccess: () => onClose(true) });
  };
  return (
    <Modal opened={opened} onClose={() => onClose(false)} title={t('secretary.returnTitle')} size="lg" closeButtonProps={{ 'aria-label': t('app.close') }}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <ApiErrorAlert error={send.error} extra={server.other} />
          <Textarea
            label={t('secretary.comment')}
            required
            autosize
            minRows={4}
            data-autofocus
            value={comment}
            onChange={(e) => {
              setComment(e.currentTarget.value);
              setMissing(false);
            }}
            error={missing ? t('secretary.commentRequired') : server.byField.comment}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => onClose(false)}>
              {t('secretary.cancel')}
            </Button>
            <Button type="submit" color="red" loading={send.isPending}>
              {t('secretary.confirmReturn')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
