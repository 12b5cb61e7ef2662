import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, localDate } from '@app/core';
import type { Actor } from '@app/org';
import { observeRender, timed } from '@app/metrics';
import { DocumentAssignment, PdfRenderPool, PlanDocument, renderDocx } from '@app/render';
import type { AssignmentViewDto, SignatureViewDto, StoredPlanDto } from './plan.dto.js';
import { loadVisiblePlan } from './plan-access.js';
import { PlansRepository } from './plans.repository.js';

export type DocumentFormat = 'pdf' | 'docx';

export interface RenderedDocument {
  bytes: Buffer;
  /** The name a download is saved under: the number and symbol once issued. */
  filename: string;
}

/** What ISSUE decides before the plan row says so (the number comes later): the document is rendered as issued. */
export interface IssuedFields {
  issuedOn: string;
  issuedAt: Date;
  signature: SignatureViewDto;
}

type StoredPlan = StoredPlanDto;

interface IssuerRow {
  name: string;
  shortName: string;
  symbolStyle: 'party' | 'state';
  kind: string;
  parentName: string | null;
  grandparentName: string | null;
}

/**
 * The plan as a document (DOCX, PDF). A draft is rendered from what it says now, marked DỰ
 * THẢO. At ISSUE the PDF is rendered once, stored with the model it came from, and its SHA-256
 * goes into the ISSUE audit entry; from then on the stored bytes are what is served.
 */
@Injectable()
export class PlanDocumentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: PlansRepository,
    private readonly clock: Clock,
    private readonly pdf: PdfRenderPool,
  ) {}

  /** The plan's document in a format, for someone who may see the plan (else NOT_FOUND, as GET /plans/:id). */
  async render(actor: Actor, id: string, format: DocumentFormat): Promise<RenderedDocument> {
    const { plan } = await loadVisiblePlan(this.db.manager, this.repository, actor, id);
    const [stored]: { model: PlanDocument; pdf: Buffer }[] = await this.db.query('SELECT model, pdf FROM plan_documents WHERE plan_id = $1', [id]);
    const model = stored?.model ?? (await this.model(this.db.manager, plan));
    const bytes =
      format === 'pdf'
        ? (stored?.pdf ?? (await timed((ms) => observeRender('pdf', ms), () => this.pdf.render(model))))
        : await timed((ms) => observeRender('docx', ms), () => renderDocx(model));
    return { bytes, filename: `${filenameOf(plan)}.${format}` };
  }

  /**
   * Inside the ISSUE step's transaction, before the number is allocated (its counter stays
   * locked until commit, so the reads are done first): the issued document's model, all but
   * its number.
   */
  async prepareIssue(tx: EntityManager, id: string, issued: IssuedFields): Promise<PlanDocument> {
    const plan = (await this.repository.load(tx, id))!;
    return this.model(tx, { ...plan, ...issued, issuedAt: issued.issuedAt.toISOString() });
  }

  /** Then, with the number: render the PDF as issued, store it, and return its SHA-256 for the audit entry. */
  async issue(tx: EntityManager, id: string, prepared: PlanDocument, numberAndSymbol: string, issuedAt: Date): Promise<{ sha256: string; size: number }> {
    const model = { ...prepared, numberAndSymbol };
    const pdf = await timed((ms) => observeRender('pdf', ms), () => this.pdf.render(model, { createdAt: issuedAt }));
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    await tx.query('INSERT INTO plan_documents (plan_id, model, pdf, pdf_sha256, rendered_at) VALUES ($1, $2, $3, $4, $5)', [
      id, JSON.stringify(model), pdf, sha256, issuedAt,
    ]);
    return { sha256, size: pdf.length };
  }

  /** Resolves every reference of the plan to the words printed: unit names, document type names. */
  private async model(tx: EntityManager, plan: StoredPlan): Promise<PlanDocument> {
    // The issuer's heading, the document types' names and the report collector's name in one read.
    const [issuer]: (IssuerRow & { types: Record<string, string>; collectorName: string | null })[] = await tx.query(
      `SELECT u.name, u.short_name AS "shortName", u.symbol_style AS "symbolStyle", u.kind, p.name AS "parentName", g.name AS "grandparentName",
              (SELECT json_object_agg(code, name_vi) FROM document_types) AS types,
              (SELECT name FROM units WHERE id = $2) AS "collectorName"
       FROM units u LEFT JOIN units p ON p.id = u.parent_id LEFT JOIN units g ON g.id = p.parent_id WHERE u.id = $1`,
      [plan.issuerUnitId, plan.reportDuty?.collectorUnitId ?? null],
    );
    const types = new Map<string, string>(Object.entries(issuer.types ?? {}));
    const linkedIds = plan.basis.flatMap((b) => (b.planId ? [b.planId] : []));
    const linked = new Map<string, { type: string; numberAndSymbol: string | null; issuedOn: string | null; issuer: string; title: string }>(
      linkedIds.length
        ? (
            await tx.query(
              `SELECT l.id, l.type, l.number_and_symbol AS "numberAndSymbol", to_char(l.issued_on, 'YYYY-MM-DD') AS "issuedOn", u.name AS issuer, l.title
               FROM plans l JOIN units u ON u.id = l.issuer_unit_id WHERE l.id = ANY($1::uuid[])`,
              [linkedIds],
            )
          ).map((l: { id: string }) => [l.id, l])
        : [],
    );
    // Under 36-HD/VPTW a standing committee's documents are headed by its committee (17-KH/QU of Ban Thường vụ Quận ủy).
    const headedByCommittee = issuer.kind === 'standing_committee' && issuer.parentName !== null;
    const typeName = (code: string) => types.get(code) ?? code;
    const issued = plan.issuedOn !== null;
    return {
      style: issuer.symbolStyle,
      draft: !issued,
      superiorBody: headedByCommittee ? issuer.grandparentName : issuer.parentName,
      issuingBody: headedByCommittee ? issuer.parentName! : issuer.name,
      issuerName: issuer.name,
      typeCode: plan.type,
      typeName: typeName(plan.type),
      issuerShortName: issuer.shortName,
      numberAndSymbol: plan.numberAndSymbol,
      place: plan.place,
      issuedOn: plan.issuedOn,
      // A draft is dated in the current year in Vietnam, where it will be signed.
      year: Number((plan.issuedOn ?? localDate(this.clock.now())).slice(0, 4)),
      title: plan.title,
      basis: plan.basis.map((b) => {
        const l = b.planId ? linked.get(b.planId) : undefined;
        if (l) return { typeName: typeName(l.type), numberAndSymbol: l.numberAndSymbol, issuedOn: l.issuedOn ?? undefined, issuer: l.issuer, title: l.title };
        const e = b.external!;
        return { typeName: typeName(e.type), numberAndSymbol: e.numberAndSymbol, issuedOn: e.issuedOn, issuer: e.issuer, title: e.title };
      }),
      purposes: plan.purposes,
      phases: plan.phases.map((p) => ({ title: p.title, startsOn: p.startsOn, endsOn: p.endsOn, windowText: p.windowText, items: p.items ?? [] })),
      forms: plan.forms.map((f) => ({ title: f.title, items: f.items ?? [] })),
      assignments: plan.assignments.map(assignmentOf),
      reportDuty: plan.reportDuty && issuer.collectorName !== null ? { collector: issuer.collectorName, dueOn: plan.reportDuty.dueOn, periodic: plan.reportDuty.periodic } : null,
      budget: plan.budget ? { text: plan.budget.text } : null,
      footnotes: plan.footnotes,
      recipients: plan.recipients.map((r) => ({ name: r.unitName ?? r.name ?? '', purpose: r.purpose })),
      signature: issued && plan.signature
        ? { authority: plan.signature.authority, onBehalfOf: plan.signature.onBehalfOf, signerTitle: plan.signature.signerTitle, signerName: plan.signature.signerName }
        : null,
    };
  }
}

function assignmentOf(a: AssignmentViewDto): DocumentAssignment {
  return {
    assignee: a.assigneeUnitName,
    responsibilities: a.responsibilities,
    requiresOwnPlan: a.requiresOwnPlan,
    dueOn: a.dueOn,
    subAssignments: (a.subAssignments ?? []).map(assignmentOf),
  };
}

/** "17-KH-QU" for 17-KH/QU; a draft is "du-thao-<id>". */
function filenameOf(plan: StoredPlan): string {
  return plan.numberAndSymbol ? plan.numberAndSymbol.replace(/[/\\\s]+/g, '-') : `du-thao-${plan.id}`;
}
