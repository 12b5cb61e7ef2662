import pg from 'pg';
import { expect, inject } from 'vitest';
import type { components } from '../../src/api/schema';
import { apiAs } from './index';
import { submittedPlan } from './plans';

type PlanEvent = components['schemas']['PlanEventDto'];

export const SIGNATURE: components['schemas']['SignatureDto'] = { authority: 'T/M', onBehalfOf: 'Ban Thường vụ', signerTitle: 'Phó Bí thư Thường trực' };

/**
 * A Long Biên plan created and submitted by lb.drafter, returned by lb.secretary with `returnComment`
 * (when given) and resubmitted, then issued: CREATE, SUBMIT, [RETURN, SUBMIT,] ISSUE in its history.
 */
export async function issuedPlan(title: string, returnComment?: string): Promise<string> {
  const { id, drafter } = await submittedPlan(title);
  const secretary = await apiAs('lb.secretary');
  const version = async () => (await secretary.client.GET('/plans/{id}', { params: { path: { id } } })).data!.version;
  const send = async (client: typeof secretary.client, body: Omit<PlanEvent, 'expectedVersion'>) => {
    const res = await client.POST('/plans/{id}/events', { params: { path: { id } }, body: { ...body, expectedVersion: await version() } });
    expect(res.error, `${body.type}: ${JSON.stringify(res.error)}`).toBeUndefined();
  };
  if (returnComment) {
    await send(secretary.client, { type: 'RETURN', comment: returnComment });
    await send(drafter.client, { type: 'SUBMIT' });
  }
  await send(secretary.client, { type: 'ISSUE', signature: SIGNATURE });
  return id;
}

/**
 * What a superuser with the database could do and the API never does: edit an audit entry in place,
 * with the append-only trigger disabled for the moment (as test/plans/audit-tamper.e2e-spec.ts does).
 */
export async function tamperAuditEntry(subjectId: string, seq: number, comment: string): Promise<void> {
  const url = inject('databaseUrl');
  if (!url) throw new Error('No database URL for the tampered fixture: with E2E_BASE_URL, set E2E_DATABASE_URL too');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only');
    const { rowCount } = await client.query('UPDATE audit_entries SET comment = $1 WHERE subject_id = $2 AND seq = $3', [comment, subjectId, seq]);
    await client.query('ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only');
    await client.query('COMMIT');
    expect(rowCount).toBe(1);
  } finally {
    await client.end();
  }
}

/** RFC 4180 rows (quoted cells with doubled quotes, CRLF line ends), as a spreadsheet program reads them. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}
