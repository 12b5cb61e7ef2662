import { ActionIcon, Button, Checkbox, Group, NumberInput, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useId, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField, LinesInput, PlanPicker, UnitPicker } from './fields';
import {
  emptyAssignment,
  emptyBasis,
  emptyForm,
  emptyPhase,
  emptyRecipient,
  RECIPIENT_PURPOSES,
  type AssignmentRow,
  type PlanForm,
  type RecipientPurpose,
} from './plan-form';

type Update = (change: (form: PlanForm) => PlanForm) => void;
type ErrorAt = (path: string) => string | undefined;

/** An immutable edit of one row of a list. */
const patchAt = <T,>(list: T[], index: number, patch: Partial<T>): T[] => list.map((row, i) => (i === index ? { ...row, ...patch } : row));
const without = <T,>(list: T[], index: number): T[] => list.filter((_, i) => i !== index);

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  const id = useId();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id} data-testid={testId}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

/** One entry of a list, with its remove button named after what it removes. */
function Row({ label, onRemove, children }: { label: string; onRemove: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="sm" bg="gray.0">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm" fw={600}>
            {label}
          </Text>
          <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={t('drafter.remove', { what: label })}>
            <IconTrash size={18} aria-hidden />
          </ActionIcon>
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}

function AddButton({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <Group>
      <Button variant="default" size="sm" leftSection={<IconPlus size={16} aria-hidden />} onClick={onClick}>
        {children}
      </Button>
    </Group>
  );
}

function AssignmentFields({ row, path, issuer, error, onChange }: { row: AssignmentRow; path: string; issuer: string | undefined; error: ErrorAt; onChange: (patch: Partial<AssignmentRow>) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <UnitPicker label={t('drafter.assignee')} required under={issuer} value={row.unit} onChange={(unit) => onChange({ unit })} error={error(`${path}.assigneeUnitId`)} />
      <LinesInput label={t('plan.responsibilities')} value={row.responsibilities} onChange={(responsibilities) => onChange({ responsibilities })} error={error(`${path}.responsibilities`)} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <DateField label={t('drafter.assignmentDue')} value={row.dueOn} onChange={(dueOn) => onChange({ dueOn })} error={error(`${path}.dueOn`)} />
        <Checkbox mt={{ sm: 'xl' }} label={t('plan.requiresOwnPlan')} checked={row.requiresOwnPlan} onChange={(e) => onChange({ requiresOwnPlan: e.currentTarget.checked })} />
      </SimpleGrid>
    </>
  );
}

/**
 * Every part of a plan's anatomy (DOMAIN.md) as inputs: basis, purposes, phases, forms,
 * assignments with their sub-assignments, report duty, budget, footnotes, recipients.
 * The form is controlled by its parent, which saves and submits it.
 */
export function PlanEditor({
  form,
  update,
  issuer,
  error,
  onSubmit,
  actions,
}: {
  form: PlanForm;
  update: Update;
  issuer: string | undefined;
  error: ErrorAt;
  onSubmit: () => void;
  actions: ReactNode;
}) {
  const { t } = useTranslation();
  const set = <K extends keyof PlanForm>(key: K, value: PlanForm[K]) => update((f) => ({ ...f, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  const purposeOptions = RECIPIENT_PURPOSES.map((p) => ({ value: p, label: t(`recipientPurpose.${p}`) }));

  return (
    <form onSubmit={submit} noValidate aria-label={t('drafter.formLabel')}>
      <Stack>
        <Section title={t('drafter.general')} testId="general">
          <TextInput label={t('plan.title')} required value={form.title} onChange={(e) => set('title', e.currentTarget.value)} error={error('title')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('drafter.type')} description={t('drafter.typeHint')} required value={form.type} onChange={(e) => set('type', e.currentTarget.value)} error={error('type')} />
            <TextInput label={t('drafter.place')} value={form.place} onChange={(e) => set('place', e.currentTarget.value)} error={error('place')} />
          </SimpleGrid>
        </Section>

        <Section title={t('plan.basis')} testId="basis">
          {form.basis.map((b, i) => (
            <Row key={i} label={`${t('plan.basis')} ${i + 1}`} onRemove={() => set('basis', without(form.basis, i))}>
              {b.kind === 'plan' ? (
                <PlanPicker label={t('drafter.basisPlan')} required value={b.plan} onChange={(plan) => set('basis', patchAt(form.basis, i, { plan }))} error={error(`basis.${i}`)} />
              ) : (
                <>
                  <SimpleGrid cols={{ base: 1, sm: 3 }}>
                    <TextInput label={t('drafter.type')} required value={b.type} onChange={(e) => set('basis', patchAt(form.basis, i, { type: e.currentTarget.value }))} error={error(`basis.${i}.external.type`)} />
                    <TextInput
                      label={t('plan.number')}
                      required
                      value={b.numberAndSymbol}
                      onChange={(e) => set('basis', patchAt(form.basis, i, { numberAndSymbol: e.currentTarget.value }))}
                      error={error(`basis.${i}.external.numberAndSymbol`) ?? error(`basis.${i}.external`)}
                    />
                    <DateField label={t('plan.issuedOn')} value={b.issuedOn} onChange={(issuedOn) => set('basis', patchAt(form.basis, i, { issuedOn }))} error={error(`basis.${i}.external.issuedOn`)} />
                  </SimpleGrid>
                  <TextInput label={t('plan.issuer')} value={b.issuer} onChange={(e) => set('basis', patchAt(form.basis, i, { issuer: e.currentTarget.value }))} error={error(`basis.${i}.external.issuer`)} />
                  <TextInput label={t('plan.title')} value={b.title} onChange={(e) => set('basis', patchAt(form.basis, i, { title: e.currentTarget.value }))} error={error(`basis.${i}.external.title`)} />
                </>
              )}
            </Row>
          ))}
          <Group gap="xs">
            <AddButton onClick={() => set('basis', [...form.basis, emptyBasis('plan')])}>{t('drafter.addBasisPlan')}</AddButton>
            <AddButton onClick={() => set('basis', [...form.basis, emptyBasis('external')])}>{t('drafter.addBasisExternal')}</AddButton>
          </Group>
        </Section>

        <Section title={t('plan.purposes')} testId="purposes">
          <LinesInput label={t('plan.purposes')} description={t('drafter.onePerParagraph')} required value={form.purposes} onChange={(v) => set('purposes', v)} error={error('purposes')} />
        </Section>

        <Section title={t('plan.phases')} testId="phases">
          {form.phases.map((p, i) => {
            const path = `phases.${i}`;
            const patch = (change: Partial<PlanForm['phases'][number]>) => set('phases', patchAt(form.phases, i, change));
            return (
              <Row key={i} label={`${t('drafter.phase')} ${i + 1}`} onRemove={() => set('phases', without(form.phases, i))}>
                <TextInput label={t('drafter.phaseTitle')} required value={p.title} onChange={(e) => patch({ title: e.currentTarget.value })} error={error(`${path}.title`)} />
                <SegmentedControl
                  aria-label={t('drafter.windowKind')}
                  value={p.window}
                  onChange={(v) => patch({ window: v as 'dates' | 'text' })}
                  data={[
                    { value: 'dates', label: t('drafter.windowDates') },
                    { value: 'text', label: t('drafter.windowText') },
                  ]}
                />
                {p.window === 'dates' ? (
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <DateField label={t('drafter.startsOn')} value={p.startsOn} onChange={(startsOn) => patch({ startsOn })} error={error(`${path}.startsOn`)} />
                    <DateField label={t('drafter.endsOn')} value={p.endsOn} onChange={(endsOn) => patch({ endsOn })} error={error(`${path}.endsOn`)} />
                  </SimpleGrid>
                ) : (
                  <TextInput label={t('drafter.windowTextLabel')} placeholder={t('drafter.windowTextExample')} value={p.windowText} onChange={(e) => patch({ windowText: e.currentTarget.value })} error={error(`${path}.windowText`)} />
                )}
                <LinesInput label={t('drafter.phaseItems')} value={p.items} onChange={(items) => patch({ items })} error={error(`${path}.items`)} />
              </Row>
            );
          })}
          <AddButton onClick={() => set('phases', [...form.phases, emptyPhase()])}>{t('drafter.addPhase')}</AddButton>
        </Section>

        <Section title={t('plan.forms')}>
          {form.forms.map((f, i) => (
            <Row key={i} label={`${t('drafter.form')} ${i + 1}`} onRemove={() => set('forms', without(form.forms, i))}>
              <TextInput label={t('drafter.formTitle')} required value={f.title} onChange={(e) => set('forms', patchAt(form.forms, i, { title: e.currentTarget.value }))} error={error(`forms.${i}.title`)} />
              <LinesInput label={t('drafter.formItems')} value={f.items} onChange={(items) => set('forms', patchAt(form.forms, i, { items }))} error={error(`forms.${i}.items`)} />
            </Row>
          ))}
          <AddButton onClick={() => set('forms', [...form.forms, emptyForm()])}>{t('drafter.addForm')}</AddButton>
        </Section>

        <Section title={t('plan.assignments')} testId="assignments">
          {form.assignments.map((a, i) => {
            const path = `assignments.${i}`;
            const patch = (change: Partial<AssignmentRow>) => set('assignments', patchAt(form.assignments, i, change));
            return (
              <Row key={i} label={`${t('drafter.assignment')} ${i + 1}`} onRemove={() => set('assignments', without(form.assignments, i))}>
                <AssignmentFields row={a} path={path} issuer={issuer} error={error} onChange={patch} />
                {a.subAssignments.map((s, j) => (
                  <Row key={j} label={`${t('drafter.subAssignment')} ${i + 1}.${j + 1}`} onRemove={() => patch({ subAssignments: without(a.subAssignments, j) })}>
                    <AssignmentFields
                      row={s}
                      path={`${path}.subAssignments.${j}`}
                      issuer={a.unit?.id ?? issuer}
                      error={error}
                      onChange={(change) => patch({ subAssignments: patchAt(a.subAssignments, j, change) })}
                    />
                  </Row>
                ))}
                <AddButton onClick={() => patch({ subAssignments: [...a.subAssignments, emptyAssignment()] })}>{t('drafter.addSubAssignment')}</AddButton>
              </Row>
            );
          })}
          <AddButton onClick={() => set('assignments', [...form.assignments, emptyAssignment()])}>{t('drafter.addAssignment')}</AddButton>
        </Section>

        <Section title={t('plan.reportDuty')} testId="report-duty">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <UnitPicker
              label={t('drafter.collector')}
              under={issuer}
              value={form.reportDuty.collector}
              onChange={(collector) => set('reportDuty', { ...form.reportDuty, collector })}
              error={error('reportDuty.collectorUnitId')}
            />
            <DateField label={t('plan.dueOn')} value={form.reportDuty.dueOn} onChange={(dueOn) => set('reportDuty', { ...form.reportDuty, dueOn })} error={error('reportDuty.dueOn')} />
          </SimpleGrid>
          <Checkbox label={t('drafter.periodic')} checked={form.reportDuty.periodic} onChange={(e) => set('reportDuty', { ...form.reportDuty, periodic: e.currentTarget.checked })} />
        </Section>

        <Section title={t('plan.recipients')} testId="recipients">
          {form.recipients.map((r, i) => (
            <Row key={i} label={`${t('drafter.recipient')} ${i + 1}`} onRemove={() => set('recipients', without(form.recipients, i))}>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                {r.kind === 'unit' ? (
                  <UnitPicker label={t('drafter.recipientUnit')} required under={undefined} value={r.unit} onChange={(unit) => set('recipients', patchAt(form.recipients, i, { unit }))} error={error(`recipients.${i}`)} />
                ) : (
                  <TextInput label={t('drafter.recipientName')} required value={r.name} onChange={(e) => set('recipients', patchAt(form.recipients, i, { name: e.currentTarget.value }))} error={error(`recipients.${i}`)} />
                )}
                <Select
                  label={t('drafter.recipientPurpose')}
                  data={purposeOptions}
                  value={r.purpose}
                  allowDeselect={false}
                  onChange={(v) => v && set('recipients', patchAt(form.recipients, i, { purpose: v as RecipientPurpose }))}
                />
              </SimpleGrid>
            </Row>
          ))}
          <Group gap="xs">
            <AddButton onClick={() => set('recipients', [...form.recipients, emptyRecipient('unit')])}>{t('drafter.addRecipientUnit')}</AddButton>
            <AddButton onClick={() => set('recipients', [...form.recipients, emptyRecipient('name')])}>{t('drafter.addRecipientName')}</AddButton>
          </Group>
        </Section>

        <Section title={t('drafter.budget')}>
          <Textarea label={t('drafter.budgetText')} autosize minRows={2} value={form.budget.text} onChange={(e) => set('budget', { ...form.budget, text: e.currentTarget.value })} error={error('budget.text')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NumberInput
              label={t('drafter.budgetAmount')}
              thousandSeparator="."
              decimalSeparator=","
              min={0}
              value={form.budget.amount}
              onChange={(v) => set('budget', { ...form.budget, amount: typeof v === 'number' ? v : '' })}
              error={error('budget.amount')}
            />
            <TextInput label={t('drafter.budgetCurrency')} value={form.budget.currency} onChange={(e) => set('budget', { ...form.budget, currency: e.currentTarget.value })} error={error('budget.currency')} />
          </SimpleGrid>
        </Section>

        <Section title={t('drafter.footnotes')}>
          <LinesInput label={t('drafter.footnotes')} value={form.footnotes} onChange={(v) => set('footnotes', v)} error={error('footnotes')} />
        </Section>

        {actions}
      </Stack>
    </form>
  );
}
