import { Alert, Button, List, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { asApiError } from '../api/errors';

/**
 * An error from the API in the current language, always with its code (which support staff and the
 * API documentation share); GUARD_FAILED lists the rules that refused, VALIDATION_FAILED the fields
 * a form did not place itself (`extra`).
 */
export function ApiErrorAlert({ error, extra, onRetry }: { error: unknown; extra?: string[]; onRetry?: () => void }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const e = asApiError(error);
  const key = `errors.codes.${e.code}`;
  const message = i18n.exists(key) ? t(key) : t('errors.fallback');
  const rules = e.code === 'GUARD_FAILED' ? ((e.details as { rules?: { rule: string }[] } | undefined)?.rules ?? []).map((r) => r.rule) : [];
  return (
    <Alert role="alert" color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('errors.title')}>
      <Text size="sm">{message}</Text>
      {rules.length > 0 && <Text size="sm">{t('errors.rules', { rules: rules.join(', ') })}</Text>}
      {extra && extra.length > 0 && (
        <List size="sm">
          {extra.map((line) => (
            <List.Item key={line}>{line}</List.Item>
          ))}
        </List>
      )}
      <Text size="xs" mt={4} data-testid="error-code">
        {t('errors.code', { code: e.code })}
      </Text>
      {onRetry && (
        <Button size="xs" mt="xs" variant="outline" color="red" onClick={onRetry}>
          {t('errors.retry')}
        </Button>
      )}
    </Alert>
  );
}
