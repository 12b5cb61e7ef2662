import { Badge, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { components } from '../api/schema';
import { formatDate } from '../i18n/format';
import { DeadlineBadge } from './DeadlineBadge';
import { StateBadge } from './StateBadge';

type Plan = components['schemas']['PlanDto'];
type Assignment = components['schemas']['AssignmentViewDto'];
type Tracked = components['schemas']['TrackedAssignmentDto'];

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Stack gap={4} component="section">
      <Title order={2} size="h4">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

/**
 * A plan's content read-only, as every role sees it: basis, purposes, phases, forms, assignments
 * (with their tracked state and deadline status once issued: `tracked`), report duty, recipients.
 */
export function PlanContent({ plan, tracked = [] }: { plan: Plan; tracked?: Tracked[] }) {
  const { t } = useTranslation();
  const none = <Text size="sm">{t('plan.none')}</Text>;
  const byId = new Map(tracked.map((a) => [a.id, a]));
  const rows = (assignments: Assignment[], depth: number): React.ReactNode[] =>
    assignments.flatMap((a) => {
      const track = byId.get(a.id);
      return [
        <Table.Tr key={a.id} data-testid="assignment-row">
          <Table.Td style={{ paddingLeft: depth * 16 + 8 }}>
            <Text size="sm" fw={depth === 0 ? 600 : 400}>
              {a.assigneeUnitName}
            </Text>
            {a.requiresOwnPlan && (
              <Badge size="xs" variant="light" color="gray">
                {t('plan.requiresOwnPlan')}
              </Badge>
            )}
          </Table.Td>
          <Table.Td>
            {a.responsibilities.map((r, i) => (
              <Text size="sm" key={i}>
                {r}
              </Text>
            ))}
          </Table.Td>
          <Table.Td>
            <Stack gap={4} align="flex-start">
              <Text size="sm">{formatDate(track?.dueOn ?? a.dueOn)}</Text>
              {track && <StateBadge kind="assignment" state={track.state} />}
              {track && <DeadlineBadge status={track.deadlineStatus} />}
            </Stack>
          </Table.Td>
        </Table.Tr>,
        ...rows(a.subAssignments, depth + 1),
      ];
    });

  return (
    <Stack gap="md">
      <Section title={t('plan.basis')}>
        {plan.basis.length === 0
          ? none
          : (
            <List size="sm">
              {plan.basis.map((b, i) => (
                <List.Item key={i}>
                  {b.external
                    ? [b.external.numberAndSymbol, b.external.issuedOn && formatDate(b.external.issuedOn), b.external.issuer, b.external.title].filter(Boolean).join(' · ')
                    : [b.numberAndSymbol, b.title].filter(Boolean).join(' · ')}
                </List.Item>
              ))}
            </List>
          )}
      </Section>
      <Section title={t('plan.purposes')}>
        {plan.purposes.length === 0 ? none : <List size="sm">{plan.purposes.map((p, i) => <List.Item key={i}>{p}</List.Item>)}</List>}
      </Section>
      <Section title={t('plan.phases')}>
        {plan.phases.length === 0
          ? none
          : plan.phases.map((phase, i) => (
            <Stack key={i} gap={2}>
              <Group gap="xs">
                <Text size="sm" fw={600}>
                  {phase.title}
                </Text>
                <Text size="sm">
                  {phase.startsOn || phase.endsOn ? t('plan.window', { from: formatDate(phase.startsOn), to: formatDate(phase.endsOn) }) : phase.windowText}
                </Text>
              </Group>
              <List size="sm">{phase.items.map((item, j) => <List.Item key={j}>{item}</List.Item>)}</List>
            </Stack>
          ))}
      </Section>
      {plan.forms.length > 0 && (
        <Section title={t('plan.forms')}>
          {plan.forms.map((form, i) => (
            <Stack key={i} gap={2}>
              <Text size="sm" fw={600}>
                {form.title}
              </Text>
              <List size="sm">{form.items.map((item, j) => <List.Item key={j}>{item}</List.Item>)}</List>
            </Stack>
          ))}
        </Section>
      )}
      <Section title={t('plan.assignments')}>
        {plan.assignments.length === 0 ? (
          none
        ) : (
          <Table verticalSpacing="xs" layout="fixed">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w="30%">{t('plan.assignee')}</Table.Th>
                <Table.Th>{t('plan.responsibilities')}</Table.Th>
                <Table.Th w="28%">{t('plan.deadline')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>{rows(plan.assignments, 0)}</Table.Tbody>
          </Table>
        )}
      </Section>
      <Section title={t('plan.reportDuty')}>
        {plan.reportDuty ? <Text size="sm">{t('plan.reportDutyText', { collector: plan.reportDuty.collectorUnitName, dueOn: formatDate(plan.reportDuty.dueOn) })}</Text> : none}
      </Section>
      <Section title={t('plan.recipients')}>
        {plan.recipients.length === 0 ? (
          none
        ) : (
          <List size="sm">
            {plan.recipients.map((r, i) => (
              <List.Item key={i}>
                {r.unitName ?? r.name} — {t(`recipientPurpose.${r.purpose}`)}
              </List.Item>
            ))}
          </List>
        )}
      </Section>
    </Stack>
  );
}
