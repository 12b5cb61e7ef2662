import { AppShell, Burger, em, Group, Menu, NavLink, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { IconLogout, IconUserCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useEffect, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { signOut as endSession } from '../api/client';
import { hasRole, useMe } from '../api/me';
import { session } from '../api/session';
import { SCREENS } from '../routes/screens';
import { LanguageSwitch } from './LanguageSwitch';
import { NotificationsBell } from './NotificationsBell';

/** Header (menu button below 768 px, language, notifications, account) and the role navigation around every screen. */
export function Shell() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  // Below the breakpoint a closed navigation slides off-screen; hidden too, so Tab does not walk through it.
  const mobile = useMediaQuery(`(max-width: ${em(767.98)})`);
  const me = useMe();
  const navigate = useNavigate();
  const client = useQueryClient();
  const location = useRouterState({ select: (s) => s.location });
  const signedIn = useSyncExternalStore(session.subscribe, session.signedIn);

  // The session ended (refresh refused, signed out in another tab): back to sign-in, then here again.
  useEffect(() => {
    if (!signedIn) void navigate({ to: '/login', search: { redirect: location.publicHref, expired: true } });
  }, [signedIn, navigate, location.publicHref]);
  useEffect(close, [location.pathname, close]);

  // Leave the shell first: ending the session under its mounted queries and effects re-rendered it without end.
  const signOut = async () => {
    await navigate({ to: '/login', search: {} });
    await endSession();
    client.clear();
  };

  const screens = SCREENS.filter((s) => hasRole(me.data, s.roles));
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <a href="#main" className="skip-link">
        {t('app.skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="sm" justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('app.menu')} aria-expanded={opened} aria-controls="main-navigation" />
            <Text fw={700} size="lg" component={Link} to="/">
              {t('app.name')}
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <LanguageSwitch />
            <NotificationsBell />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton aria-label={`${t('app.account')}: ${me.data?.displayName ?? ''}`} data-testid="account-menu">
                  <Group gap={4} wrap="nowrap">
                    <IconUserCircle aria-hidden />
                    <Text size="sm" visibleFrom="sm">
                      {me.data?.displayName}
                    </Text>
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{me.data?.displayName}</Menu.Label>
                {me.data?.memberships.map((m) => (
                  <Menu.Label key={m.id}>
                    {t(`roles.${m.role}`)} · {m.unitName ?? ''}
                    {m.state === 'former' && ` (${t('app.formerMembership')})`}
                  </Menu.Label>
                ))}
                <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={() => void signOut()}>
                  {t('app.signOut')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" id="main-navigation" aria-label={t('app.navigation')} component="nav" style={mobile && !opened ? { visibility: 'hidden' } : undefined}>
        <VisuallyHidden>
          <h2>{t('app.navigation')}</h2>
        </VisuallyHidden>
        {screens.map((s) => (
          <NavLink key={s.path} component={Link} to={s.path} label={t(s.labelKey)} active={location.pathname.startsWith(s.path)} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
