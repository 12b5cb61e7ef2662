import { ActionIcon, Badge, Button, Group, Modal, Paper, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { PageLoader } from '../../components/PageLoader';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconUserPlus, IconX } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { fieldErrors } from '../../api/errors';
import type { Role } from '../../api/me';
import type { components } from '../../api/schema';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { UnitSearchSelect } from '../../components/UnitSearchSelect';
import { CursorPager } from '../../components/CursorPager';

type User = components['schemas']['UserDto'];
const ROLES: readonly Role[] = ['admin', 'drafter', 'secretary', 'monitor', 'unit_officer', 'auditor'];
const PAGE = 20;

/** Users and their roles per unit (GET /users): add a user, grant a role at a unit, take one back. */
export function UsersPanel({ cursor, onPage }: { cursor?: string; onPage: (cursor?: string) => void }) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<{ kind: 'create' } | { kind: 'grant'; user: User } | null>(null);
  const users = useQuery({
    queryKey: ['users', cursor],
    queryFn: () => unwrap(api.GET('/users', { params: { query: { cursor, limit: PAGE } } })),
    placeholderData: keepPreviousData,
  });
  return (
    <Stack>
      <Group>
        <Button leftSection={<IconUserPlus size={18} aria-hidden />} onClick={() => setDialog({ kind: 'create' })}>
          {t('admin.users.create')}
        </Button>
      </Group>
      {users.isError && <ApiErrorAlert error={users.error} onRetry={() => void users.refetch()} />}
      {users.isPending && <PageLoader />}
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-busy={users.isFetching} aria-label={t('admin.users.list')}>
        {users.data?.items.map((user) => (
          <UserCard key={user.id} user={user} onGrant={() => setDialog({ kind: 'grant', user })} />
        ))}
      </Stack>
      <CursorPager cursor={cursor} next={users.data?.nextCursor} onPage={(cursor) => onPage(cursor)} />
      {dialog?.kind === 'create' && <UserDialog onClose={() => setDialog(null)} />}
      {dialog?.kind === 'grant' && <UserDialog user={dialog.user} onClose={() => setDialog(null)} />}
    </Stack>
  );
}

function UserCard({ user, onGrant }: { user: User; onGrant: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const revoke = useMutation({
    mutationFn: (membershipId: string) => unwrap(api.DELETE('/users/{id}/memberships/{membershipId}', { params: { path: { id: user.id, membershipId } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['users'] }),
  });
  return (
    <Paper component="li" withBorder p="sm" data-testid="user-row" data-username={user.username}>
      <Stack gap={6}>
        <Group justify="space-between" gap="xs">
          <Text fw={600}>
            {user.displayName} <Text span size="sm" fw={400}>({user.username})</Text>
          </Text>
          {!user.active && (
            <Badge color="dark" variant="outline">
              {t('admin.users.inactive')}
            </Badge>
          )}
        </Group>
        {user.memberships.length === 0 && <Text size="sm">{t('admin.users.noRoles')}</Text>}
        <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('admin.users.roles', { name: user.displayName })}>
          {user.memberships.map((m) => {
            const where = m.unitName ?? t('admin.users.wholeOrganisation');
            return (
              <Group key={m.id} component="li" gap={6} wrap="nowrap">
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  <strong>{t(`roles.${m.role}`)}</strong> · {where}
                  {m.state === 'former' && ` (${t('app.formerMembership')})`}
                </Text>
                <ActionIcon size="sm" variant="subtle" color="red.8" onClick={() => revoke.mutate(m.id)} loading={revoke.isPending && revoke.variables === m.id} aria-label={t('admin.users.revoke', { role: t(`roles.${m.role}`), unit: where })}>
                  <IconX size={14} aria-hidden />
                </ActionIcon>
              </Group>
            );
          })}
        </Stack>
        {revoke.isError && <ApiErrorAlert error={revoke.error} />}
        <Group>
          <Button size="compact-sm" variant="default" leftSection={<IconPlus size={14} aria-hidden />} onClick={onGrant} aria-label={t('admin.users.grantTo', { name: user.displayName })}>
            {t('admin.users.grant')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

const USER_FIELDS = ['username', 'displayName', 'password', 'unitId', 'role'] as const;

/** A new user (with a first role, if one is chosen), or another role for an existing user. */
function UserDialog({ user, onClose }: { user?: User; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [unitId, setUnitId] = useState<string | undefined>(undefined);
  const [role, setRole] = useState<Role | null>(null);
  // A user created but refused its role stays created: a second try only grants.
  const [created, setCreated] = useState<User | null>(null);
  const target = user ?? created;

  const save = useMutation({
    mutationFn: async () => {
      let subject = target;
      if (!subject) {
        subject = await unwrap(api.POST('/users', { body: { username, displayName, password } }));
        setCreated(subject);
      }
      if (unitId && role) await unwrap(api.POST('/users/{id}/memberships', { params: { path: { id: subject.id } }, body: { unitId, role } }));
      return subject;
    },
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: ['users'] });
      notifications.show({ message: t(user ? 'admin.users.granted' : 'admin.users.created', { name: saved.displayName }), color: 'green', closeButtonProps: { 'aria-label': t('app.close') } });
      onClose();
    },
  });
  const errors = fieldErrors(save.error, USER_FIELDS);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const granting = !!target;
  return (
    <Modal opened onClose={onClose} title={user ? t('admin.users.grantTitle', { name: user.displayName }) : t('admin.users.createTitle')} closeButtonProps={{ 'aria-label': t('app.close') }}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {!user && (
            <>
              <TextInput label={t('admin.users.username')} description={t('admin.users.usernameHelp')} value={username} onChange={(e) => setUsername(e.currentTarget.value)} error={errors.byField.username} required disabled={!!created} data-autofocus autoComplete="off" />
              <TextInput label={t('admin.users.displayName')} value={displayName} onChange={(e) => setDisplayName(e.currentTarget.value)} error={errors.byField.displayName} required disabled={!!created} />
              <PasswordInput label={t('admin.users.password')} description={t('admin.users.passwordHelp')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={errors.byField.password} required disabled={!!created} autoComplete="new-password" />
            </>
          )}
          <UnitSearchSelect label={t('admin.users.unit')} placeholder={t('admin.users.unitPlaceholder')} value={unitId} onChange={setUnitId} error={errors.byField.unitId} required={granting} clearable data-autofocus={user ? true : undefined} />
          <Select label={t('admin.users.role')} data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} value={role} onChange={(v) => setRole(v as Role | null)} error={errors.byField.role} required={granting} clearable />
          {save.isError && <ApiErrorAlert error={save.error} extra={errors.other} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('admin.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} disabled={(granting && !(unitId && role)) || !!unitId !== !!role}>
              {t(granting ? 'admin.users.confirmGrant' : 'admin.users.confirmCreate')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
