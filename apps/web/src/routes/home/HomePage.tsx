import { Text } from '@mantine/core';
import { PageLoader } from '../../components/PageLoader';
import { Navigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { hasRole, useMe } from '../../api/me';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { SCREENS } from '../screens';

/** `/app/`: the first screen the user's roles open. */
export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return <PageLoader />;
  if (me.isError) return <ApiErrorAlert error={me.error} onRetry={() => void me.refetch()} />;
  const first = SCREENS.find((s) => hasRole(me.data, s.roles));
  if (!first) return <Text>{t('app.noScreens')}</Text>;
  return <Navigate to={first.path} replace />;
}
