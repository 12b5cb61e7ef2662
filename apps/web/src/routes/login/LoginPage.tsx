import { Alert, Box, Button, Center, Group, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { asApiError } from '../../api/errors';
import { session } from '../../api/session';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { LanguageSwitch } from '../../shell/LanguageSwitch';

export function LoginPage() {
  const { t } = useTranslation();
  const search = useSearch({ from: '/login' });
  const navigate = useNavigate();
  const client = useQueryClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({
    mutationFn: () => unwrap(api.POST('/auth/login', { body: { username, password, refreshTokenIn: 'cookie' } })),
    onSuccess: async (tokens) => {
      client.clear();
      session.set(tokens);
      // Back to the page the user was sent away from (its public href, /app/… with its filters).
      if (search.redirect) await navigate({ href: search.redirect, replace: true });
      else await navigate({ to: '/', replace: true });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate();
  };
  const wrongPassword = login.isError && asApiError(login.error).code === 'UNAUTHENTICATED';
  return (
    <Box component="main" p="md">
      <Group justify="flex-end">
        <LanguageSwitch />
      </Group>
      <Center mih="80vh">
        <Paper withBorder p="lg" w="100%" maw={380}>
          <form onSubmit={submit} noValidate>
            <Stack>
              <Title order={1} size="h2">
                {t('login.title')}
              </Title>
              {search.expired && !login.isError && (
                <Alert color="yellow" variant="light">
                  {t('login.expired')}
                </Alert>
              )}
              {wrongPassword ? (
                <Alert role="alert" color="red" variant="light">
                  {t('login.invalid')}
                </Alert>
              ) : (
                <ApiErrorAlert error={login.error} />
              )}
              <TextInput label={t('login.username')} name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.currentTarget.value)} />
              <PasswordInput label={t('login.password')} name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
              <Button type="submit" loading={login.isPending}>
                {t('login.submit')}
              </Button>
            </Stack>
          </form>
        </Paper>
      </Center>
    </Box>
  );
}
