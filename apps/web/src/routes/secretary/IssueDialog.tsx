import { Alert, Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../api/errors';
import { usePlanEvent } from '../../api/plan-events';
import type { components } from '../../api/schema';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';

type Signature = components['schemas']['SignatureDto'];
type Authority = Signature['authority'];

/** Party forms, then state forms (Quy định 66-QĐ/TW, Nghị định 30/2020/NĐ-CP). */
const AUTHORITIES = ['T/M', 'K/T', 'T/L', 'T/U', 'TM.', 'KT.', 'Q.', 'TL.', 'TUQ.'] as const satisfies readonly Authority[];
// The API's list and this one must not drift apart: a missing form fails the type check.
const EVERY_AUTHORITY: Exclude<Authority, (typeof AUTHORITIES)[number]> extends never ? true : never = true;
void EVERY_AUTHORITY;

const FIELDS = ['authority', 'onBehalfOf', 'signerTitle'] as const;

/** ISSUE with the signature block, prefilled from what the API can tell (`signatureDefaults`). */
export function IssueDialog({
  planId,
  version,
  defaults,
  opened,
  onClose,
}: {
  planId: string;
  version: number;
  defaults: components['schemas']['SignatureDefaultsDto'] | null;
  opened: boolean;
  onClose: (done: boolean) => void;
}) {
  const { t } = useTranslation();
  const send = usePlanEvent(planId);
  const [form, setForm] = useState({ authority: defaults?.authority ?? null, onBehalfOf: defaults?.onBehalfOf ?? '', signerTitle: defaults?.signerTitle ?? '' });
  const [missing, setMissing] = useState<string[]>([]);
  const server = fieldErrors(send.error, FIELDS, 'signature.');
  const prefilled = !!(defaults?.onBehalfOf || defaults?.signerTitle);
  const errorOf = (field: (typeof FIELDS)[number]) => (missing.includes(field) ? t('secretary.required') : server.byField[field]);
  const set = (field: (typeof FIELDS)[number], value: string | null) => {
    setForm((f) => ({ ...f, [field]: value }));
    setMissing((m) => m.filter((x) => x !== field));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const empty = FIELDS.filter((f) => !form[f] || String(form[f]).trim() === '');
    if (empty.length) return setMissing(empty);
    const signature: Signature = { authority: form.authority as Authority, onBehalfOf: form.onBehalfOf.trim(), signerTitle: form.signerTitle.trim() };
    send.mutate({ type: 'ISSUE', expectedVersion: version, signature }, { onSuccess: () => onClose(true) });
  };
  return (
    <Modal opened={opened} onClose={() => onClose(false)} title={t('secretary.issueTitle')} size="lg" closeButtonProps={{ 'aria-label': t('app.close') }}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {prefilled && (
            <Alert color="blue" variant="light">
              {t('secretary.prefilled')}
            </Alert>
          )}
          <ApiErrorAlert error={send.error} extra={server.other} />
          <Select
            label={t('secretary.authority')}
            required
            data-autofocus
            data={[...AUTHORITIES]}
            value={form.authority}
            onChange={(v) => set('authority', v)}
            allowDeselect={false}
            error={errorOf('authority')}
          />
          <TextInput label={t('secretary.onBehalfOf')} required value={form.onBehalfOf} onChange={(e) => set('onBehalfOf', e.currentTarget.value)} error={errorOf('onBehalfOf')} />
          <TextInput label={t('secretary.signerTitle')} required value={form.signerTitle} onChange={(e) => set('signerTitle', e.currentTarget.value)} error={errorOf('signerTitle')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => onClose(false)}>
              {t('secretary.cancel')}
            </Button>
            <Button type="submit" loading={send.isPending}>
              {t('secretary.confirmIssue')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
