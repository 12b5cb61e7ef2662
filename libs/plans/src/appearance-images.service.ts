import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, DomainError, ErrorCode } from '@app/core';
import { Actor, Permission, Role } from '@app/org';
import { readPng } from '@app/signing';
import { AuditTrail, auditInsert } from '@app/transitions';

/** A seal or signature image is a few tens of kilobytes; a scan at 600 dpi stays under this. */
export const APPEARANCE_IMAGE_MAX_BYTES = 512 * 1024;
/** When the PNG does not say its resolution (pHYs): a party committee's seal is about 36 mm across, a signature about 40 mm wide. */
const DEFAULT_WIDTH_MM = { seal: 36, signature: 40 } as const;
/** What a seal or a signature can measure, printed. */
const WIDTH_MM_RANGE = { seal: [20, 60], signature: [15, 80] } as const;

export type AppearanceKind = 'seal' | 'signature';

export interface AppearanceImage {
  id: string;
  kind: AppearanceKind;
  sha256: string;
  size: number;
  widthPx: number;
  heightPx: number;
  widthMm: number;
  uploadedAt: string;
}

/** The images an issued document's signature block shows, as the renderer takes them. */
export interface AppearanceForIssue {
  seal?: { png: string; widthMm: number; sha256: string };
  signature?: { png: string; widthMm: number; sha256: string };
}

/**
 * Seal and signature images (Decree 30/2020, Appendix I): uploaded by an admin of the unit (a
 * seal) or of a unit the signer belongs to (a signature), checked (PNG, transparent, a
 * plausible printed size), stored write-once with an audit entry of their own.
 */
@Injectable()
export class AppearanceImagesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async uploadSeal(actor: Actor, unitId: string, file: { buffer: Buffer }): Promise<AppearanceImage> {
    const [unit]: { id: string; path: string }[] = await this.db.query('SELECT id, path::text AS path FROM units WHERE id = $1', [unitId]);
    if (!unit || !actor.can(Permission.UnitRead, unit)) throw DomainError.notFound('Unit');
    if (!actor.can(Permission.UnitManage, unit)) throw DomainError.forbidden("A unit's seal is uploaded by an admin of the unit");
    return this.store(actor, 'seal', { unitId }, file.buffer);
  }

  async uploadSignature(actor: Actor, userId: string, file: { buffer: Buffer }): Promise<AppearanceImage> {
    const units: { id: string; path: string }[] = await this.db.query(
      'SELECT u.id, u.path::text AS path FROM memberships m JOIN units u ON u.id = m.unit_id WHERE m.user_id = $1',
      [userId],
    );
    if (!units.some((u) => actor.can(Permission.UnitRead, u))) throw DomainError.notFound('User');
    if (!units.some((u) => actor.can(Permission.UserManage, u))) throw DomainError.forbidden("A signer's signature image is uploaded by an admin of a unit the signer belongs to");
    return this.store(actor, 'signature', { userId }, file.buffer);
  }

  /** At ISSUE: the latest seal of the issuing unit and signature of the signer, if any. */
  async forIssue(tx: EntityManager, unitId: string, signerUserId: string | undefined): Promise<AppearanceForIssue> {
    const rows: { kind: AppearanceKind; png: Buffer; widthMm: string; sha256: string }[] = await tx.query(
      `(SELECT kind, png, width_mm AS "widthMm", sha256 FROM appearance_images WHERE kind = 'seal' AND unit_id = $1 ORDER BY uploaded_at DESC LIMIT 1)
       UNION ALL
       (SELECT kind, png, width_mm AS "widthMm", sha256 FROM appearance_images WHERE kind = 'signature' AND user_id = $2 ORDER BY uploaded_at DESC LIMIT 1)`,
      [unitId, signerUserId ?? null],
    );
    const out: AppearanceForIssue = {};
    for (const r of rows) out[r.kind] = { png: r.png.toString('base64'), widthMm: Number(r.widthMm), sha256: r.sha256 };
    return out;
  }

  private async store(actor: Actor, kind: AppearanceKind, owner: { unitId?: string; userId?: string }, bytes: Buffer): Promise<AppearanceImage> {
    const png = readPng(bytes);
    if (!png) throw new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Not a PNG: seal and signature images are PNG files');
    const field = (message: string) => DomainError.validation(message, [{ field: 'file', messages: [message] }]);
    if (!png.transparent) throw field('The image must be transparent (an alpha channel or tRNS), so the text under it shows');
    if (Math.min(png.widthPx, png.heightPx) < 32 || Math.max(png.widthPx, png.heightPx) > 4000) throw field('The image must measure 32 to 4000 pixels a side');
    const widthMm = png.pixelsPerMetre ? Math.round((png.widthPx / png.pixelsPerMetre) * 100_000) / 100 : DEFAULT_WIDTH_MM[kind];
    const [min, max] = WIDTH_MM_RANGE[kind];
    if (widthMm < min || widthMm > max) throw field(`At the resolution it states, the ${kind} is ${widthMm} mm wide: expected ${min}–${max} mm`);

    const id = randomUUID();
    const now = this.clock.now();
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const facts = { widthPx: png.widthPx, heightPx: png.heightPx, widthMm };
    const entry = this.audit.hash({
      subjectType: 'appearance_image', subjectId: id, seq: 1, at: now, actorUserId: actor.userId, actorRole: Role.Admin,
      actorUnitId: owner.unitId ?? null, onBehalfOf: null, event: kind === 'seal' ? 'UPLOAD_SEAL' : 'UPLOAD_SIGNATURE_IMAGE',
      fromState: null, toState: 'stored', comment: null, payload: { ...owner, sha256, size: bytes.length, ...facts }, requestId: null, prevHash: null,
    });
    const insert = auditInsert([entry], 12);
    await this.db.query(
      `WITH entry AS (${insert.sql})
       INSERT INTO appearance_images (id, kind, unit_id, user_id, png, sha256, width_px, height_px, width_mm, uploaded_by, uploaded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [id, kind, owner.unitId ?? null, owner.userId ?? null, bytes, sha256, png.widthPx, png.heightPx, widthMm, actor.userId, now, ...insert.params],
    );
    return { id, kind, sha256, size: bytes.length, ...facts, uploadedAt: now.toISOString() };
  }
}
