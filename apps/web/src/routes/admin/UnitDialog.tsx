import { Button, Checkbox, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { fieldErrors } from '../../api/errors';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { UnitSearchSelect } from '../../components/UnitSearchSelect';
import { useUnitKinds, type Unit } from './UnitsPanel';

export type UnitAction =
  | { kind: 'create'; parent: Unit | null }
  | { kind: 'edit'; unit: Unit }
  | { kind: 'move'; unit: Unit }
  | { kind: 'active'; unit: Unit };

const FIELDS = ['name', 'shortName', 'kind', 'symbolStyle', 'parentId'] as const;

/** Create, rename, move or (de)activate a unit; the API's refusals (a cycle, active units below) shown with their code. */
export function UnitDialog({ action, onClose }: { action: UnitAction; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const kinds = useUnitKinds();
  const unit = action.kind === 'create' ? null : action.unit;
  const [name, setName] = useState(unit?.name ?? '');
  const [shortName, setShortName] = useState(unit?.shortName ?? '');
  const [kind, setKind] = useState<string | null>(unit?.kind ?? null);
  const [symbolStyle, setSymbolStyle] = useState<'party' | 'state'>(unit?.symbolStyle ?? (action.kind === 'create' ? (action.parent?.symbolStyle ?? 'party') : 'party'));
  const [parentId, setParentId] = useState<string | undefined>(undefined);
  const [topLevel, setTopLevel] = useState(false);

  const save = useMutation({
    mutationFn: async () => {
      switch (action.kind) {
        case 'create':
          return unwrap(api.POST('/units', { body: { name, shortName, kind: kind ?? '', symbolStyle, parentId: action.parent?.id ?? null } }));
        case 'edit':
          return unwrap(api.PATCH('/units/{id}', { params: { path: { id: action.unit.id } }, body: { name, shortName, kind: kind ?? undefined, symbolStyle } }));
        case 'move':
          return unwrap(api.POST('/units/{id}/move', { params: { path: { id: action.unit.id } }, body: { parentId: topLevel ? null : (parentId ?? '') } }));
        case 'active':
          return unwrap(api.PATCH('/units/{id}', { params: { path: { id: action.unit.id } }, body: { active: !action.unit.active } }));
      }
    },
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: ['units'] });
      await client.invalidateQueries({ queryKey: ['unit', saved.id] });
      notifications.show({ message: t(`admin.units.done.${action.kind}`, { name: saved.name }), color: 'green', closeButtonProps: { 'aria-label': t('app.close') } });
      onClose();
    },
  });
  const errors = fieldErrors(save.error, FIELDS);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const title =
    action.kind === 'create'
      ? action.parent
        ? t('admin.units.createUnder', { name: action.parent.name })
        : t('admin.units.createTop')
      : t(`admin.units.${action.kind === 'active' ? (action.unit.active ? 'deactivate' : 'activate') : action.kind}Title`, { name: action.unit.name });

  return (
    <Modal opened onClose={onClose} title={title} closeButtonProps={{ 'aria-label': t('app.close') }}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {(action.kind === 'create' || action.kind === 'edit') && (
            <>
              <TextInput label={t('admin.units.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.byField.name} required data-autofocus />
              <TextInput label={t('admin.units.shortName')} description={t('admin.units.shortNameHelp')} value={shortName} onChange={(e) => setShortName(e.currentTarget.value)} error={errors.byField.shortName} required />
              <Select
                label={t('admin.units.kind')}
                data={(kinds.data ?? []).map((k) => ({ value: k.code, label: i18n.language === 'vi' ? k.nameVi : k.name }))}
                value={kind}
                onChange={setKind}
                error={errors.byField.kind}
                required
                allowDeselect={false}
              />
              <Select
                label={t('admin.units.symbolStyle')}
                data={(['party', 'state'] as const).map((s) => ({ value: s, label: t(`admin.units.symbolStyles.${s}`) }))}
                value={symbolStyle}
                onChange={(v) => v && setSymbolStyle(v as 'party' | 'state')}
                error={errors.byField.symbolStyle}
                allowDeselect={false}
              />
            </>
          )}
          {action.kind === 'move' && (
            <>
              <UnitSearchSelect
                label={t('admin.units.newParent')}
                placeholder={t('admin.units.newParentPlaceholder')}
                value={parentId}
                onChange={setParentId}
                exclude={[action.unit.id]}
                disabled={topLevel}
                error={errors.byField.parentId}
                data-autofocus
              />
              <Checkbox label={t('admin.units.makeTop')} checked={topLevel} onChange={(e) => setTopLevel(e.currentTarget.checked)} />
            </>
          )}
          {action.kind === 'active' && <Text size="sm">{t(action.unit.active ? 'admin.units.deactivateText' : 'admin.units.activateText', { name: action.unit.name })}</Text>}
          {save.isError && <ApiErrorAlert error={save.error} extra={errors.other} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('admin.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} color={action.kind === 'active' && action.unit.active ? 'red.8' : undefined} disabled={action.kind === 'move' && !topLevel && !parentId}>
              {t(`admin.units.confirm.${action.kind}`)}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
