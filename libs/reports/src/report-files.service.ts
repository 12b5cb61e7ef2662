import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { fileTypeFromBuffer } from 'file-type';
import { Clock, DomainError, ErrorCode } from '@app/core';
import type { Actor } from '@app/org';
import { EDITABLE_REPORT_STATES } from '@app/workflow';
import { canSeeReport, writerRole } from './report-access.js';
import type { AttachmentDto } from './report.dto.js';
import { ReportsRepository } from './reports.repository.js';

/** Largest file a report attaches. */
export const REPORT_FILE_MAX_BYTES = 10 * 1024 * 1024;
/** Files one report may hold, and their total size: a report is a few documents, not a file store. */
export const REPORT_FILES_MAX_COUNT = 20;
export const REPORT_FILES_MAX_TOTAL_BYTES = 50 * 1024 * 1024;

/**
 * What offices attach to reports (documents, spreadsheets, scans and photos), by the type the
 * bytes say, with the extension a stored name gets. The client's declared type and name are
 * never trusted: `x.html` declared as application/pdf is text, and is stored as `x.txt`.
 */
const FILE_TYPES: Record<string, string> = {
  'application/pdf': 'pdf',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'text/plain': 'txt',
  'text/csv': 'csv',
  'image/jpeg': 'jpg',
  'image/png': 'png',
};

export interface UploadedFile {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

export interface StoredFile extends AttachmentDto {
  content: Buffer;
}

const unsupported = (detected: string) =>
  new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Attach documents, spreadsheets, text, PDF, JPEG or PNG files', { reason: 'UNSUPPORTED_TYPE', detected });

/** The file's type from its bytes: magic numbers (file-type), else UTF-8 text without NULs. */
export async function sniffType(bytes: Buffer, extension: string): Promise<string> {
  const found = await fileTypeFromBuffer(bytes);
  if (found) {
    // Word 97 and Excel 97 share one container (OLE2): the extension tells which, nothing else does.
    if (found.mime === 'application/x-cfb') {
      if (extension === 'doc') return 'application/msword';
      if (extension === 'xls') return 'application/vnd.ms-excel';
      throw unsupported(found.mime);
    }
    if (!(found.mime in FILE_TYPES)) throw unsupported(found.mime);
    return found.mime;
  }
  if (bytes.includes(0)) throw unsupported('application/octet-stream');
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw unsupported('application/octet-stream');
  }
  return extension === 'csv' ? 'text/csv' : 'text/plain';
}

/** The name as given, its extension made to match the type found ("x.html" of text → "x.txt"). */
function storedName(original: string, contentType: string): string {
  const given = original.trim().replace(/[/\\]/g, '_').replace(/\p{Cc}/gu, '_').slice(0, 240);
  const stem = given.replace(/\.[^.]*$/, '') || 'tep-dinh-kem';
  return `${stem}.${FILE_TYPES[contentType]}`;
}

const extensionOf = (name: string) => name.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? '';

/** A report's files: uploaded by its writers while it can be edited, read by whoever sees the report. */
@Injectable()
export class ReportFilesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reports: ReportsRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * May this caller upload to the report now, and how many bytes are left to it? Asked before
   * the body is read (see ReportFilesGate) and again, under the report's lock, when storing.
   */
  async admit(actor: Actor, reportId: string, tx: EntityManager = this.db.manager, options: { lock?: boolean; quota?: boolean } = {}): Promise<{ bytesLeft: number }> {
    if (options.lock) await tx.query('SELECT 1 FROM reports WHERE id = $1 FOR UPDATE', [reportId]);
    const view = await this.reports.view(tx, reportId);
    if (!view || !canSeeReport(actor, view)) throw DomainError.notFound('Report');
    if (!writerRole(actor, view)) throw DomainError.forbidden('Files are attached by a drafter, secretary or unit officer of the reporting unit');
    if (!(EDITABLE_REPORT_STATES as readonly string[]).includes(view.state)) {
      throw DomainError.conflict(`A report in state ${view.state} cannot be edited`, { reason: 'NOT_EDITABLE', state: view.state });
    }
    if (options.quota === false) return { bytesLeft: Infinity };
    const [{ count, bytes }]: { count: number; bytes: number }[] = await tx.query(
      'SELECT count(*)::int AS count, coalesce(sum(size), 0)::bigint::float8 AS bytes FROM report_files WHERE report_id = $1',
      [reportId],
    );
    const quota = { maxFiles: REPORT_FILES_MAX_COUNT, maxTotalBytes: REPORT_FILES_MAX_TOTAL_BYTES, files: count, bytes };
    if (count >= REPORT_FILES_MAX_COUNT) throw new DomainError(ErrorCode.QUOTA_EXCEEDED, `A report holds at most ${REPORT_FILES_MAX_COUNT} files`, { reason: 'FILE_COUNT', ...quota });
    const bytesLeft = REPORT_FILES_MAX_TOTAL_BYTES - bytes;
    if (bytesLeft <= 0) throw new DomainError(ErrorCode.QUOTA_EXCEEDED, `A report's files total at most ${REPORT_FILES_MAX_TOTAL_BYTES} bytes`, { reason: 'TOTAL_BYTES', ...quota });
    return { bytesLeft };
  }

  /** Stores the file and answers the attachment to list on the report (PATCH); the same bytes twice are one file. */
  async upload(actor: Actor, reportId: string, file: UploadedFile): Promise<AttachmentDto> {
    if (file.size === 0) throw DomainError.validation('The file is empty', [{ field: 'file', messages: ['the file has no content'] }]);
    const contentType = await sniffType(file.buffer, extensionOf(file.originalname));
    const name = storedName(file.originalname, contentType);
    return this.db.transaction(async (tx) => {
      const checksum = createHash('sha256').update(file.buffer).digest('hex');
      const [same] = await tx.query('SELECT 1 FROM report_files WHERE report_id = $1 AND sha256 = $2', [reportId, checksum]);
      // The same bytes again are the file already stored: they cost nothing more.
      const { bytesLeft } = await this.admit(actor, reportId, tx, { lock: true, quota: !same });
      if (file.buffer.length > bytesLeft) {
        throw new DomainError(ErrorCode.QUOTA_EXCEEDED, `A report's files total at most ${REPORT_FILES_MAX_TOTAL_BYTES} bytes`, { reason: 'TOTAL_BYTES', bytesLeft });
      }
      await tx.query(
        `INSERT INTO report_files (report_id, sha256, name, content_type, size, content, uploaded_by, uploaded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (report_id, sha256) DO NOTHING`,
        [reportId, checksum, name, contentType, file.buffer.length, file.buffer, actor.userId, this.clock.now()],
      );
      return { name, size: file.buffer.length, contentType, checksum };
    });
  }

  /** Files uploaded to the report but not listed in its attachments: removed when it is submitted. */
  async removeOrphans(tx: EntityManager, reportId: string): Promise<void> {
    await tx.query(
      `DELETE FROM report_files f USING reports r
       WHERE r.id = $1 AND f.report_id = r.id
         AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(r.attachments) a WHERE a->>'checksum' = f.sha256)`,
      [reportId],
    );
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
