import { Alert, Anchor, Button, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { PageLoader } from '../../components/PageLoader';
import { notifications } from '@mantine/notifications';
import { IconDeviceFloppy, IconMessageExclamation, IconSend, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { asApiError } from '../../api/errors';
import { unitsWithRole, useMe } from '../../api/me';
import { usePlanEvent } from '../../api/plan-events';
import type { components } from '../../api/schema';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { PlanContent } from '../../components/PlanContent';
import { StateBadge } from '../../components/StateBadge';
import { formatDateTime } from '../../i18n/format';
import { PlanEditor } from './PlanEditor';
import { emptyPlanForm, errorsByPath, fromPlan, shownOnForm, toBody, type PlanForm } from './plan-form';
import { drafterNewPlanRoute, drafterPlanRoute } from './routes';

type Plan = components['schemas']['PlanDto'];

/** The states in which the API takes an edit (PATCH /plans/:id). */
const EDITABLE = new Set(['draft.editing', 'draft.returned']);

/** What went wrong as the form shows it: details next to their inputs, the rest (and GUARD_FAILED's rules, in words) above. */
function useErrorView(error: unknown) {
  const { t, i18n } = useTranslation();
  const e = error ? asApiError(error) : null;
  const details = e?.code === 'VALIDATION_FAILED' ? e.details : undefined;
  const { at, paths } = errorsByPath(details);
  const rules = e?.code === 'GUARD_FAILED' ? ((e.details as { rules?: { rule: string; message?: string }[] } | undefined)?.rules ?? []) : [];
  const extra = [
    ...rules.map((r) => (i18n.exists(`drafter.rules.${r.rule}`) ? t(`drafter.rules.${r.rule}`) : (r.message ?? r.rule))),
    ...paths.filter((p) => !shownOnForm(p)).map((p) => `${p}: ${at(p)}`),
  ];
  return { extra, at: (path: string) => at(path) };
}

function Back() {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to="/drafter" size="sm">
      ← {t('drafter.back')}
    </Anchor>
  );
}

function Actions({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" pos="sticky" bottom={0} style={{ zIndex: 2 }} aria-label={t('drafter.actions')} component="section">
      <Group>{children}</Group>
    </Paper>
  );
}

/** A new draft: the editor, empty; saving creates the plan (POST /plans) and opens it. */
export function NewPlanPage() {
  const { t } = useTranslation();
  const search: { unit?: string } = drafterNewPlanRoute.useSearch();
  const navigate = useNavigate();
  const client = useQueryClient();
  const me = useMe();
  const units = unitsWithRole(me.data, 'drafter');
  const [issuer, setIssuer] = useState<string | null>(null);
  const issuerUnitId = issuer ?? search.unit ?? units[0]?.unitId;
  const [form, setForm] = useState<PlanForm>(emptyPlanForm);
  const create = useMutation({
    mutationFn: (body: PlanForm) => unwrap(api.POST('/plans', { body: { ...toBody(body), issuerUnitId: issuerUnitId!, type: body.type.trim() } })),
    onSuccess: async (plan) => {
      client.setQueryData(['plan', plan.id], plan);
      await client.invalidateQueries({ queryKey: ['plans'] });
      notifications.show({ message: t('drafter.created'), color: 'green', closeButtonProps: { 'aria-label': t('app.close') } });
      await navigate({ to: '/drafter/plans/$planId', params: { planId: plan.id } });
    },
  });
  const view = useErrorView(create.error);

  if (me.isPending) return <PageLoader />;
  return (
    <Stack>
      <Back />
      <Title order={1} size="h2">
        {t('drafter.newTitle')}
      </Title>
      {units.length > 1 && (
        <Select label={t('drafter.issuer')} data={units.map((u) => ({ value: u.unitId, label: u.unitName }))} value={issuerUnitId ?? null} onChange={setIssuer} allowDeselect={false} />
      )}
      <ApiErrorAlert error={create.error ?? me.error} extra={view.extra} />
      <PlanEditor
        form={form}
        update={(change) => setForm(change)}
        issuer={issuerUnitId}
        error={view.at}
        onSubmit={() => create.mutate(form)}
        actions={
          <Actions>
            <Button type="submit" leftSection={<IconDeviceFloppy size={18} aria-hidden />} loading={create.isPending} disabled={!issuerUnitId}>
              {t('drafter.createDraft')}
            </Button>
          </Actions>
        }
      />
    </Stack>
  );
}

/** The secretary's last RETURN, on top of a returned draft: what to fix. */
function ReturnNote({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  if (!plan.lastReturn) return null;
  return (
    <Alert color="orange.9" variant="light" icon={<IconMessageExclamation aria-hidden />} title={t('drafter.returnedTitle')} data-testid="return-comment">
      <Text style={{ whiteSpace: 'pre-wrap' }}>{plan.lastReturn.comment}</Text>
      <Text size="xs" mt={4}>
        {t('drafter.returnedBy', { name: plan.lastReturn.actorName ?? '—', at: formatDateTime(plan.lastReturn.at) })}
      </Text>
    </Alert>
  );
}

/** One of the drafter's plans: edited while a draft, submitted when the API offers SUBMIT, read-only afterwards. */
export function PlanEditorPage() {
  const { planId }: { planId: string } = drafterPlanRoute.useParams();
  const plan = useQuery({ queryKey: ['plan', planId], queryFn: () => unwrap(api.GET('/plans/{id}', { params: { path: { id: planId } } })) });
  if (plan.isPending) return <PageLoader />;
  if (plan.isError) return <ApiErrorAlert error={plan.error} onRetry={() => void plan.refetch()} />;
  // Keyed by state: after a submit or a return the form starts again from what the server holds.
  return <LoadedPlan key={`${plan.data.id}:${plan.data.state}`} plan={plan.data} />;
}

function LoadedPlan({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [form, setForm] = useState<PlanForm>(() => fromPlan(plan));
  const [dirty, setDirty] = useState(false);
  // The version the next write expects: a save moves it on before the plan is read again.
  const version = useRef(plan.version);
  useEffect(() => {
    if (plan.version > version.current) version.current = plan.version;
  }, [plan.version]);
  const send = usePlanEvent(plan.id);
  const save = useMutation({
    mutationFn: (body: PlanForm) => unwrap(api.PATCH('/plans/{id}', { params: { path: { id: plan.id } }, body: { ...toBody(body), expectedVersion: version.current } })),
  });
  const error = save.error ?? send.error;
  const view = useErrorView(error);
  const editable = EDITABLE.has(plan.state);
  const can = (event: 'SUBMIT' | 'DISCARD') => plan.nextEvents.includes(event);
  const done = (message: string) => notifications.show({ message, color: 'green', closeButtonProps: { 'aria-label': t('app.close') } });

  /** Saves what changed; the new version comes back for the event that may follow. */
  const persist = async (): Promise<number | null> => {
    send.reset();
    if (!dirty) return version.current;
    try {
      const saved = await save.mutateAsync(form);
      setDirty(false);
      version.current = saved.version;
      return saved.version;
    } catch {
      return null;
    }
  };
  const onSave = async () => {
    const version = await persist();
    if (version === null) return;
    done(t('drafter.saved'));
    await client.invalidateQueries({ queryKey: ['plan', plan.id] });
    await client.invalidateQueries({ queryKey: ['plans'] });
  };
  const onSubmitPlan = async () => {
    const version = await persist();
    if (version === null) return;
    send.mutate({ type: 'SUBMIT', expectedVersion: version }, { onSuccess: () => done(t('drafter.submitted')) });
  };
  const onDiscard = () => {
    if (!window.confirm(t('drafter.discardConfirm'))) return;
    send.mutate({ type: 'DISCARD', expectedVersion: version.current }, { onSuccess: () => void navigate({ to: '/drafter' }) });
  };

  return (
    <Stack>
      <Back />
      <Stack gap={4}>
        <Group gap="xs">
          <StateBadge state={plan.state} />
          <Text size="sm">{plan.issuerUnitName}</Text>
          {dirty && (
            <Text size="sm" fs="italic">
              · {t('drafter.unsaved')}
            </Text>
          )}
        </Group>
        <Title order={1} size="h2">
          {plan.title || t('plan.untitled')}
        </Title>
      </Stack>
      {plan.state.startsWith('draft.') && <ReturnNote plan={plan} />}
      <ApiErrorAlert error={error} extra={view.extra} />
      {editable ? (
        <PlanEditor
          form={form}
          update={(change) => {
            setForm(change);
            setDirty(true);
          }}
          issuer={plan.issuerUnitId}
          error={view.at}
          onSubmit={() => void onSave()}
          actions={
            <Actions>
              <Button type="submit" variant={can('SUBMIT') ? 'default' : 'filled'} leftSection={<IconDeviceFloppy size={18} aria-hidden />} loading={save.isPending && !send.isPending}>
                {t('drafter.save')}
              </Button>
              {can('SUBMIT') && (
                <Button leftSection={<IconSend size={18} aria-hidden />} onClick={() => void onSubmitPlan()} loading={send.isPending}>
                  {t('drafter.submit')}
                </Button>
              )}
              {can('DISCARD') && (
                <Button color="red" variant="subtle" leftSection={<IconTrash size={18} aria-hidden />} onClick={onDiscard}>
                  {t('drafter.discard')}
                </Button>
              )}
            </Actions>
          }
        />
      ) : (
        <>
          <Text size="sm" data-testid="read-only">
            {t(plan.state === 'draft.submitted' ? 'drafter.awaitingApproval' : 'drafter.readOnly')}
          </Text>
          <PlanContent plan={plan} />
        </>
      )}
    </Stack>
  );
}
