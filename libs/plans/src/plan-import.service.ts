import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createValidationPipe, DomainError, ErrorCode } from '@app/core';
import { ArchiveRefused, documentText, ImportReport, isPlan, parsePlan, ParsedPlan, resolvePlan, TreeUnit, UnreadableDocument } from '@app/import';
import { Actor, Role, UnitsService } from '@app/org';

type UnitRow = Awaited<ReturnType<UnitsService['visible']>>;
import { CreatePlanDto, PlanDto } from './plan.dto.js';
import { PlansService } from './plans.service.js';

export interface ImportResult {
  plan: PlanDto;
  report: ImportReport;
}

const validation = createValidationPipe();

/**
 * A document (text or Word) to a draft plan of an issuer the caller drafts for, through the
 * plans service: the same validation, audit and scope rules as `POST /plans`.
 */
@Injectable()
export class PlanImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly plans: PlansService,
    private readonly units: UnitsService,
  ) {}

  /** The scope check comes first: nobody outside it makes the server inflate or parse anything. */
  async importFile(actor: Actor, issuerUnitId: string, file: { originalname: string; buffer: Buffer }, requestId?: string): Promise<ImportResult> {
    const issuer = await this.assertDrafter(actor, issuerUnitId);
    let text: string;
    try {
      text = await documentText(file.originalname, file.buffer);
    } catch (error) {
      if (error instanceof ArchiveRefused) {
        const code = error.reason === 'TIME_LIMIT' || error.reason === 'MEMORY_LIMIT' ? ErrorCode.DOCUMENT_TOO_COMPLEX : ErrorCode.ARCHIVE_TOO_LARGE;
        throw new DomainError(code, error.message, { reason: error.reason, ...error.details });
      }
      if (!(error instanceof UnreadableDocument)) throw error;
      if (error.reason === 'UNSUPPORTED_TYPE') throw new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, error.message, { reason: error.reason });
      throw DomainError.validation(error.message, [{ field: 'file', messages: [error.reason] }]);
    }
    return this.importParsed(actor, issuer, text, requestId);
  }

  /** The caller must be a drafter of the issuer: 404 outside its scope, 403 inside. */
  async assertDrafter(actor: Actor, issuerUnitId: string): Promise<UnitRow> {
    const issuer = await this.units.visible(actor, issuerUnitId);
    if (!actor.memberships.some((m) => m.role === Role.Drafter && m.unitId === issuer.id)) {
      throw DomainError.forbidden('Plans are imported by a drafter of the issuing unit');
    }
    return issuer;
  }

  /** The caller must be a drafter of the issuer (404 outside its scope, 403 inside) before anything of the tree is read. */
  async importText(actor: Actor, issuerUnitId: string, text: string, requestId?: string): Promise<ImportResult & { parsed: ParsedPlan }> {
    return this.importParsed(actor, await this.assertDrafter(actor, issuerUnitId), text, requestId);
  }

  private async importParsed(actor: Actor, issuer: UnitRow, text: string, requestId?: string): Promise<ImportResult & { parsed: ParsedPlan }> {
    const parsed = parsePlan(text);
    if (!isPlan(parsed)) {
      const { report } = resolvePlan(parsed, { issuer: toTree(issuer), scope: [], addressable: [] });
      throw new DomainError(ErrorCode.NOT_A_PLAN, 'The document has no title or none of the parts of a plan', { recognised: report.recognised });
    }
    const { scope, addressable } = await this.tree(issuer.path);
    const { draft, report } = resolvePlan(parsed, { issuer: toTree(issuer), scope, addressable });
    const dto = (await validation.transform(draft, { type: 'body', metatype: CreatePlanDto })) as CreatePlanDto;
    const plan = await this.plans.create(actor, dto, requestId);
    return { plan, report, parsed };
  }

  /** Active units below the issuer (assignees), and those plus its ancestors and their children (recipients). */
  private async tree(path: string): Promise<{ scope: TreeUnit[]; addressable: TreeUnit[] }> {
    const rows: (TreeUnit & { inScope: boolean })[] = await this.db.query(
      `SELECT id, name, kind, parent_id AS "parentId", path <@ $1::ltree AS "inScope" FROM units
       WHERE active AND (path <@ $1::ltree OR path @> $1::ltree OR parent_id IN (SELECT id FROM units WHERE path @> $1::ltree))`,
      [path],
    );
    const strip = ({ inScope: _inScope, ...unit }: TreeUnit & { inScope: boolean }): TreeUnit => unit;
    return { scope: rows.filter((r) => r.inScope).map(strip), addressable: rows.map(strip) };
  }
}

function toTree(unit: { id: string; name: string; kind: string; parentId: string | null }): TreeUnit {
  return { id: unit.id, name: unit.name, kind: unit.kind, parentId: unit.parentId };
}
