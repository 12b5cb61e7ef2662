import type { EntityManager } from 'typeorm';

export interface NumberingIssuer {
  issuerUnitId: string;
  issuerShortName: string;
  issuerSymbolStyle: 'party' | 'state';
  numberingScheme: 'calendar_year' | 'term';
  termStartsOn: string | null;
}

const TERM_YEARS = 5;

/** Documents are numbered per calendar year (state bodies) or per committee term (nhiệm kỳ, Party bodies). */
export function numberingPeriod(issuer: Pick<NumberingIssuer, 'numberingScheme' | 'termStartsOn'>, issuedOn: string): string {
  const year = Number(issuedOn.slice(0, 4));
  if (issuer.numberingScheme === 'calendar_year' || !issuer.termStartsOn) return String(year);
  const start = issuer.termStartsOn;
  // Terms follow each other every five years from the configured start.
  const elapsed = Math.floor((daysBetween(start, issuedOn) / 365.2425) / TERM_YEARS);
  // A date before the configured start falls in an earlier term (a register kept on paper, a registered document).
  const termStart = Number(start.slice(0, 4)) + elapsed * TERM_YEARS;
  return `${termStart}-${termStart + TERM_YEARS}`;
}

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

/** Party style `17-KH/QU`; state style `17/KH-BQLKKT`. */
export function formatNumberAndSymbol(style: 'party' | 'state', number: number, type: string, shortName: string): string {
  return style === 'party' ? `${number}-${type}/${shortName}` : `${number}/${type}-${shortName}`;
}

/**
 * Takes the next number of (issuer, type, period). The counter row stays locked until the
 * transaction ends, so concurrent issues queue, and a rolled-back issue leaves no gap.
 */
export async function allocateNumber(tx: EntityManager, issuer: NumberingIssuer, type: string, period: string): Promise<number> {
  const [row]: { lastNumber: number }[] = await tx.query(
    `INSERT INTO numbering_counters AS c (issuer_unit_id, type, period, last_number) VALUES ($1, $2, $3, 1)
     ON CONFLICT (issuer_unit_id, type, period) DO UPDATE SET last_number = c.last_number + 1
     RETURNING last_number AS "lastNumber"`,
    [issuer.issuerUnitId, type, period],
  );
  return row.lastNumber;
}

/**
 * Continues an issuer's register after `lastNumber` for the period `issuedOn` falls in (a
 * register kept on paper until now), unless numbers were already given in that period.
 */
export async function continueNumberingAfter(tx: EntityManager, issuerUnitId: string, type: string, lastNumber: number, issuedOn: string): Promise<void> {
  const [issuer]: Pick<NumberingIssuer, 'numberingScheme' | 'termStartsOn'>[] = await tx.query(
    `SELECT numbering_scheme AS "numberingScheme", to_char(term_starts_on, 'YYYY-MM-DD') AS "termStartsOn" FROM units WHERE id = $1`,
    [issuerUnitId],
  );
  const period = numberingPeriod(issuer, issuedOn);
  await tx.query(
    `INSERT INTO numbering_counters (issuer_unit_id, type, period, last_number) VALUES ($1, $2, $3, $4) ON CONFLICT (issuer_unit_id, type, period) DO NOTHING`,
    [issuerUnitId, type, period, lastNumber],
  );
}

/**
 * A number printed on a document registered as already issued: refused when another plan of
 * the issuer holds it in that period; otherwise that period's register is kept at least as
 * far as it (a registered 17-KH/QU of the 2015–2020 term moves that term's register, never
 * the current one's).
 */
export async function registerNumber(tx: EntityManager, issuer: Pick<NumberingIssuer, 'issuerUnitId'>, planId: string, type: string, period: string, number: number): Promise<'taken' | 'registered'> {
  const holders: { id: string }[] = await tx.query(
    `SELECT id FROM plans WHERE COALESCE(issued_by_unit_id, issuer_unit_id) = $1 AND type = $2 AND numbering_period = $3 AND number = $4 AND id <> $5 AND state <> 'discarded' LIMIT 1`,
    [issuer.issuerUnitId, type, period, number, planId],
  );
  if (holders.length) return 'taken';
  await tx.query(
    `INSERT INTO numbering_counters AS c (issuer_unit_id, type, period, last_number) VALUES ($1, $2, $3, $4)
     ON CONFLICT (issuer_unit_id, type, period) DO UPDATE SET last_number = GREATEST(c.last_number, EXCLUDED.last_number)`,
    [issuer.issuerUnitId, type, period, number],
  );
  return 'registered';
}
