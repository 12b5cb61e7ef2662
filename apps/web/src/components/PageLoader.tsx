import { Loader, type LoaderProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * The one loading indicator of a page or a part of it: a live `status` region named "Đang tải…",
 * so a screen reader hears it and axe accepts its name (a bare span may not carry `aria-label`).
 */
export function PageLoader(props: Omit<LoaderProps, 'role' | 'aria-label'>) {
  const { t } = useTranslation();
  return <Loader role="status" aria-label={t('app.loading')} {...props} />;
}
