import { createHash, X509Certificate } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, DomainError, ErrorCode, localDate } from '@app/core';
import type { Actor } from '@app/org';
import { observeRender, timed } from '@app/metrics';
import { DocumentAssignment, documentTitle, fillNumber, type NumberSlot, PdfRenderPool, PlanDocument, renderDocx, RenderQueueFull } from '@app/render';
import { Signer, SigningKeys, signPdf, SignatureReport, verifyPdf } from '@app/signing';
import type { AssignmentViewDto, SignatureViewDto, StoredPlanDto } from './plan.dto.js';
import { AppearanceImagesService } from './appearance-images.service.js';
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

/**
 * What ISSUE has settled before the number is allocated: the document's model, the key that
 * signs it, and the document rendered but for its number.
 */
export interface PreparedIssue {
  model: PlanDocument;
  signer: Signer;
  rendered: { pdf: Buffer; slot: NumberSlot };
}

/** A stored signed document, checked: the signature report and the audit entry's SHA-256 against the stored bytes. */
export interface StoredSignatureCheck {
  signature: SignatureReport | null;
  sha256: { recorded: string | null; stored: string; matches: boolean };
}

/** Drafts' documents kept, per plan version and format: a draft is rendered once per edit, not once per GET. */
const CACHE_ENTRIES = 64;
const CACHE_BYTES = 64 * 1024 * 1024;

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
  /** Insertion-ordered, so the first key is the least recently used; a pending render is shared by its waiters. */
  private readonly drafts = new Map<string, Promise<Buffer>>();
  private readonly sizes = new Map<string, number>();
  private cachedBytes = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: PlansRepository,
    private readonly clock: Clock,
    private readonly pdf: PdfRenderPool,
    private readonly keys: SigningKeys,
    private readonly images: AppearanceImagesService,
  ) {}

  /**
   * The plan's document in a format, for someone who may see the plan (else NOT_FOUND, as GET
   * /plans/:id). An issued plan's PDF is the stored one; a draft's is rendered once per version
   * and kept. A caller with renders waiting already, or a full queue, gets 429 with Retry-After.
   */
  async render(actor: Actor, id: string, format: DocumentFormat): Promise<RenderedDocument> {
    const { plan } = await loadVisiblePlan(this.db.manager, this.repository, actor, id);
    const filename = `${filenameOf(plan)}.${format}`;
    const [stored]: { model: PlanDocument; pdf: Buffer }[] = await this.db.query('SELECT model, pdf FROM plan_documents WHERE plan_id = $1', [id]);
    if (stored && format === 'pdf') return { bytes: stored.pdf, filename };
    const key = `${id}:${plan.version}:${stored ? 'issued' : 'draft'}:${format}`;
    const cached = this.drafts.get(key);
    if (cached) {
      this.drafts.delete(key);
      this.drafts.set(key, cached);
      return { bytes: await refusedAs429(cached), filename };
    }
    const model = stored?.model ?? (await this.model(this.db.manager, plan));
    const pending =
      format === 'pdf'
        ? timed((ms) => observeRender('pdf', ms), () => this.pdf.render(model, { owner: actor.userId }))
        : timed((ms) => observeRender('docx', ms), () => renderDocx(model));
    this.drafts.set(key, pending);
    pending.then(
      (bytes) => this.keep(key, bytes.length),
      () => this.drafts.delete(key),
    );
    return { bytes: await refusedAs429(pending), filename };
  }

  private keep(key: string, size: number): void {
    if (!this.drafts.has(key) || this.sizes.has(key)) return;
    this.sizes.set(key, size);
    this.cachedBytes += size;
    for (const oldest of this.drafts.keys()) {
      if (this.drafts.size <= CACHE_ENTRIES && this.cachedBytes <= CACHE_BYTES) break;
      if (!this.sizes.has(oldest)) continue; // still rendering
      this.cachedBytes -= this.sizes.get(oldest)!;
      this.sizes.delete(oldest);
      this.drafts.delete(oldest);
    }
  }

  /**
   * Inside the ISSUE step's transaction, before the number is allocated (its counter stays
   * locked until commit, so the reads are done first): the issued document's model, all but
   * its number.
   */
  async prepareIssue(tx: EntityManager, id: string, issued: IssuedFields): Promise<PreparedIssue> {
    const plan = (await this.repository.load(tx, id))!;
    const model = await this.model(tx, { ...plan, ...issued, issuedAt: issued.issuedAt.toISOString() });
    // The key is settled before the number: a refusal leaves the register as it was.
    const signer = await this.keys.signerFor({ id: plan.issuerUnitId, name: model.issuerName });
    if (!signer) throw new DomainError(ErrorCode.SIGNING_KEY_MISSING, 'No signing key is configured for the issuing unit: the plan cannot be issued as a signed document');
    certificateValidAt(signer, issued.issuedAt);
    // The appearance: the unit's seal and the signer's signature image, where uploaded (else the text alone).
    const images = await this.images.forIssue(tx, plan.issuerUnitId, issued.signature.signerUserId);
    if (model.signature) {
      if (images.signature) model.signature.signatureImage = { png: images.signature.png, widthMm: images.signature.widthMm };
      if (images.seal) model.signature.seal = { png: images.seal.png, widthMm: images.seal.widthMm };
    }
    // Rendered now, but for the number: the counter stays locked only while the number is written in.
    const rendered = await timed((ms) => observeRender('pdf', ms), () => this.pdf.renderForNumber({ ...model, numberAndSymbol: null }, { createdAt: issued.issuedAt }));
    return { model, signer, rendered };
  }

  /**
   * Then, with the number: write it into the rendered PDF, sign it (PAdES, an incremental update
   * over the rendered bytes, which also gives /Info its title with the number), store the signed
   * bytes, and return their SHA-256 for the audit entry.
   */
  async issue(tx: EntityManager, id: string, prepared: PreparedIssue, numberAndSymbol: string, issuedAt: Date): Promise<{ sha256: string; size: number }> {
    const model = { ...prepared.model, numberAndSymbol };
    // A number the slot cannot take (it never happens with the register's symbols) is rendered whole,
    // in ISSUE's own lane: it never waits behind people's draft renders while it holds the counter.
    const rendered =
      fillNumber(prepared.rendered.pdf, prepared.rendered.slot, numberAndSymbol) ??
      (await timed((ms) => observeRender('pdf', ms), () => this.pdf.render(model, { createdAt: issuedAt, lane: 'issue' })));
    const pdf = await signPdf(rendered, prepared.signer, {
      signingTime: issuedAt,
      reason: `Ban hành ${model.typeName.toLowerCase()} số ${numberAndSymbol}`,
      location: model.place ?? undefined,
      name: model.signature?.signerName,
      title: documentTitle(model),
    });
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    await tx.query('INSERT INTO plan_documents (plan_id, model, pdf, pdf_sha256, rendered_at) VALUES ($1, $2, $3, $4, $5)', [
      id, JSON.stringify(model), pdf, sha256, issuedAt,
    ]);
    return { sha256, size: pdf.length };
  }

  /** GET /plans/:id/signature: the stored PDF's signature checked, and its bytes against the ISSUE audit entry. */
  async signature(actor: Actor, id: string): Promise<StoredSignatureCheck> {
    await loadVisiblePlan(this.db.manager, this.repository, actor, id);
    const [stored]: { pdf: Buffer; sha256: string; recorded: string | null }[] = await this.db.query(
      `SELECT d.pdf, d.pdf_sha256 AS sha256,
              (SELECT a.payload #>> '{document,sha256}' FROM audit_entries a
               WHERE a.subject_id = d.plan_id AND a.event = 'ISSUE' ORDER BY a.seq DESC LIMIT 1) AS recorded
       FROM plan_documents d WHERE d.plan_id = $1`,
      [id],
    );
    if (!stored) throw new DomainError(ErrorCode.NOT_FOUND, 'The plan is not issued: it has no signed document yet');
    const actual = createHash('sha256').update(stored.pdf).digest('hex');
    return {
      signature: await verifyPdf(stored.pdf, this.keys.trustAnchors),
      sha256: { recorded: stored.recorded, stored: actual, matches: stored.recorded === actual && stored.sha256 === actual },
    };
  }

  /**
   * POST /documents/verify: is this copy one we issued? A match only for the exact bytes stored
   * at ISSUE (and only a plan the caller may see is named); the signature is checked either way.
   */
  async verifyCopy(actor: Actor, bytes: Buffer): Promise<{ match: { planId: string; numberAndSymbol: string } | null; signature: SignatureReport | null; sha256: string }> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const rows: { planId: string }[] = await this.db.query('SELECT plan_id AS "planId" FROM plan_documents WHERE pdf_sha256 = $1', [sha256]);
    let match: { planId: string; numberAndSymbol: string } | null = null;
    for (const row of rows) {
      try {
        const { plan } = await loadVisiblePlan(this.db.manager, this.repository, actor, row.planId);
        match = { planId: plan.id, numberAndSymbol: plan.numberAndSymbol! };
        break;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
      }
    }
    return { match, signature: await verifyPdf(bytes, this.keys.trustAnchors), sha256 };
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

/** A signer's certificate validity, read once per signer (a signer is kept per issuing unit). */
const validity = new WeakMap<Signer, { notBefore: Date; notAfter: Date }>();

/** ISSUE refuses a certificate that is expired or not yet valid at its instant. */
function certificateValidAt(signer: Signer, at: Date): void {
  let period = validity.get(signer);
  if (!period) {
    const cert = new X509Certificate(Buffer.from(signer.certificate));
    period = { notBefore: new Date(cert.validFrom), notAfter: new Date(cert.validTo) };
    validity.set(signer, period);
  }
  const { notBefore, notAfter } = period;
  if (at < notBefore || at > notAfter) {
    throw new DomainError(ErrorCode.SIGNING_CERTIFICATE_NOT_VALID, `The signing certificate is valid from ${notBefore.toISOString()} to ${notAfter.toISOString()}, not at ${at.toISOString()}`, {
      notBefore: notBefore.toISOString(),
      notAfter: notAfter.toISOString(),
    });
  }
}

async function refusedAs429(pending: Promise<Buffer>): Promise<Buffer> {
  try {
    return await pending;
  } catch (error) {
    if (error instanceof RenderQueueFull) {
      throw new DomainError(ErrorCode.TOO_MANY_REQUESTS, error.message, { reason: error.reason, retryAfterSeconds: error.retryAfterSeconds }, { 'Retry-After': String(error.retryAfterSeconds) });
    }
    throw error;
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
