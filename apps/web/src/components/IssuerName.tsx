import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { components } from '../api/schema';

type Plan = Pick<components['schemas']['PlanDto'], 'issuerUnitName' | 'issuedBy'>;

/**
 * A plan's issuer in its header: the unit that holds it now, and — after a reorganisation or a
 * rename — the name it was issued under first ("Quận ủy Long Biên (nay: Thành ủy Hà Nội)").
 */
export function IssuerName({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const then = plan.issuedBy?.unitName;
  return (
    <Text size="sm" data-testid="plan-issuer">
      · {then && then !== plan.issuerUnitName ? t('plan.issuedByThen', { then, now: plan.issuerUnitName }) : plan.issuerUnitName}
    </Text>
  );
}
