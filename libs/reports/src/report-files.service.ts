import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, DomainError, ErrorCode } from '@app/core';
import type { Actor } from '@app/org';
import { EDITABLE_REPORT_STATES } from '@app/workflow';
import { canSeeReport, writerRole } from './report-access.js';
import type { AttachmentDto } from './report.dto.js';
import { ReportsRepository } from './reports.repository.js';

/** Largest file a report attaches. */
export const REPORT_FILE_MAX_BYTES = 10 * 1024 * 1024;

/** What offices attach to reports: documents, spreadsheets, scans and photos. */
const FILE_TYPES = new Set([
  'application/pdf',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'text/plain',
  'text/csv',
  'image/jpeg',
  'image/png',
]);

export interface UploadedFile {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

export interface StoredFile extends AttachmentDto {
  content: Buffer;
}

/** A report's files: uploaded by its writers while it can be edited, read by whoever sees the report. */
@Injectable()
export class ReportFilesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reports: ReportsRepository,
    private readonly clock: Clock,
  ) {}

  /** Stores the file and answers the attachment to list on the report (PATCH); the same bytes twice are one file. */
  async upload(actor: Actor, reportId: string, file: UploadedFile): Promise<AttachmentDto> {
    if (!FILE_TYPES.has(file.mimetype)) {
      throw new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Attach documents, spreadsheets, text, PDF, JPEG or PNG files', { reason: 'UNSUPPORTED_TYPE', contentType: file.mimetype });
    }
    if (file.size === 0) throw DomainError.validation('The file is empty', [{ field: 'file', messages: ['the file has no content'] }]);
    const name = Buffer.from(file.originalname, 'latin1').toString('utf8').trim().slice(0, 255) || 'tep-dinh-kem';
    return this.db.transaction(async (tx) => {
      const view = await this.reports.view(tx, reportId);
      if (!view || !canSeeReport(actor, view)) throw DomainError.notFound('Report');
      if (!writerRole(actor, view)) throw DomainError.forbidden('Files are attached by a drafter, secretary or unit officer of the reporting unit');
      if (!(EDITABLE_REPORT_STATES as readonly string[]).includes(view.state)) {
        throw DomainError.conflict(`A report in state ${view.state} cannot be edited`, { reason: 'NOT_EDITABLE', state: view.state });
      }
      const checksum = createHash('sha256').update(file.buffer).digest('hex');
      await tx.query(
        `INSERT INTO report_files (report_id, sha256, name, content_type, size, content, uploaded_by, uploaded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (report_id, sha256) DO NOTHING`,
        [reportId, checksum, name, file.mimetype, file.buffer.length, file.buffer, actor.userId, this.clock.now()],
      );
      return { name, size: file.buffer.length, contentType: file.mimetype, checksum };
    });
  }

  async download(actor: Actor, reportId: string, checksum: string): Promise<StoredFile> {
    const view = await this.reports.view(this.db.manager, reportId);
    if (!view || !canSeeReport(actor, view)) throw DomainError.notFound('Report');
    const [file]: StoredFile[] = await this.db.query(
      `SELECT name, content_type AS "contentType", size, sha256 AS checksum, content FROM report_files WHERE report_id = $1 AND sha256 = $2`,
      [reportId, checksum],
    );
    if (!file) throw DomainError.notFound('File');
    return file;
  }

  /**
   * Attachments a report newly lists must be files uploaded to it, byte for byte as described;
   * a report being created (`reportId` null) has none yet.
   */
  async assertUploaded(tx: EntityManager, reportId: string | null, attachments: AttachmentDto[], already: AttachmentDto[]): Promise<void> {
    const known = new Set(already.map((a) => `${a.checksum}/${a.size}`));
    const added = attachments.map((a, i) => ({ a, i })).filter(({ a }) => !known.has(`${a.checksum}/${a.size}`));
    if (added.length === 0) return;
    const rows: { checksum: string; size: number }[] = reportId === null ? [] : await tx.query(
      `SELECT sha256 AS checksum, size FROM report_files WHERE report_id = $1 AND sha256 = ANY($2::text[])`,
      [reportId, added.map(({ a }) => a.checksum)],
    );
    const stored = new Set(rows.map((r) => `${r.checksum}/${r.size}`));
    const missing = added.filter(({ a }) => !stored.has(`${a.checksum}/${a.size}`));
    if (missing.length > 0) {
      throw DomainError.validation(
        'Upload each attached file to the draft first (POST /reports/:id/files), then list it',
        missing.map(({ i }) => ({ field: `attachments.${i}.checksum`, messages: ['no file with this checksum and size was uploaded to this report'] })),
      );
    }
  }
}
