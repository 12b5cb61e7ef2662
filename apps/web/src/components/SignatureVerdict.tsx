import { Alert, Code, SimpleGrid, Spoiler, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconRosetteDiscountCheck } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { ApiErrorAlert } from './ApiErrorAlert';

/** "2015-12-29T09:30:00+07:00" as Vietnam's clock and calendar read it: "09:30 29/12/2015" (whatever the browser's zone). */
function vietnamClock(iso: string | null): string {
  const m = iso && /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)/.exec(iso);
  return m ? `${m[4]}:${m[5]} ${m[3]}/${m[2]}/${m[1]}` : '';
}

/**
 * The issued document's digital signature as GET /plans/:id/signature checks it, in plain
 * words ("Đã ký số bởi … lúc …; hợp lệ") with the details behind them.
 */
export function SignatureVerdict({ planId }: { planId: string }) {
  const { t } = useTranslation();
  const check = useQuery({ queryKey: ['plan', planId, 'signature'], queryFn: () => unwrap(api.GET('/plans/{id}/signature', { params: { path: { id: planId } } })) });
  if (check.isPending) return null;
  if (check.isError) return <ApiErrorAlert error={check.error} onRetry={() => void check.refetch()} />;
  const s = check.data;
  const good = s.signed && s.valid && s.coversWholeDocument && s.trusted && s.sha256.matches;
  const verdict = !s.signed
    ? t('signature.unsigned')
    : [
        t('signature.signedBy', { signer: s.signer.commonName ?? s.signer.subject, at: vietnamClock(s.signingTime) }),
        !s.valid ? t('signature.invalid') : !s.coversWholeDocument ? t('signature.notWhole') : !s.trusted ? t('signature.untrusted') : !s.sha256.matches ? t('signature.checksumMismatch') : t('signature.valid'),
      ].join('; ');
  const row = (label: string, value: string, testId?: string) => (
    <div>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      <Text size="sm" data-testid={testId} style={{ wordBreak: 'break-word' }}>
        {value}
      </Text>
    </div>
  );
  const yesNo = (v: boolean) => (v ? t('signature.yes') : t('signature.no'));
  return (
    <Alert
      role="status"
      color={good ? 'green' : 'red'}
      variant="light"
      icon={good ? <IconRosetteDiscountCheck aria-hidden /> : <IconAlertTriangle aria-hidden />}
      title={<span data-testid="signature-verdict">{verdict}</span>}
      styles={{ title: { color: 'var(--mantine-color-text)' } }}
    >
      {s.signed && (
        <Spoiler maxHeight={0} showLabel={t('signature.details')} hideLabel={t('signature.hideDetails')} styles={{ control: { color: 'var(--mantine-color-text)', textDecoration: 'underline' } }}>
          <Stack gap="xs" pt="xs" data-testid="signature-details">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {row(t('signature.subject'), s.signer.subject, 'signature-subject')}
              {row(t('signature.issuer'), s.signer.issuer)}
              {row(t('signature.serial'), s.signer.serialNumber)}
              {row(t('signature.signingTime'), s.signingTime ?? '')}
              {row(t('signature.algorithm'), `${s.signatureAlgorithm} · ${s.digestAlgorithm} · ${s.subFilter ?? ''}${s.pades ? ` · PAdES-${s.pades}` : ''}`)}
              {row(t('signature.validity'), `${s.signer.notBefore} – ${s.signer.notAfter}`)}
              {row(t('signature.validLabel'), yesNo(s.valid))}
              {row(t('signature.whole'), yesNo(s.coversWholeDocument))}
              {row(t('signature.trusted'), yesNo(s.trusted))}
              {row(t('signature.checksum'), yesNo(s.sha256.matches))}
            </SimpleGrid>
            <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
              {`${t('signature.recorded')}: ${s.sha256.recorded ?? '—'}\n${t('signature.stored')}: ${s.sha256.stored}`}
            </Code>
          </Stack>
        </Spoiler>
      )}
    </Alert>
  );
}
