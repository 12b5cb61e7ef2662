import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, decodeCursor, DEFAULT_PAGE_SIZE, DomainError, toPage } from '@app/core';
import type { Actor } from '@app/org';
import type { NotificationDto, NotificationListQueryDto, NotificationPageDto, ReadAllResultDto } from './notification.dto.js';

const COLUMNS = `n.id, n.type, n.unit_id AS "unitId", u.name AS "unitName", n.subject_type AS "subjectType", n.subject_id AS "subjectId",
  n.payload, n.created_at AS "createdAt", n.read_at AS "readAt"`;

interface NotificationRow extends Omit<NotificationDto, 'createdAt' | 'readAt'> {
  createdAt: Date;
  readAt: Date | null;
}

function toDto(row: NotificationRow): NotificationDto {
  return { ...row, createdAt: row.createdAt.toISOString(), readAt: row.readAt ? row.readAt.toISOString() : null };
}

/**
 * The caller's own notifications, and only those addressed to units the caller still acts
 * for: a revoked membership takes that unit's notifications away with it.
 */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Newest first, paged by (created_at, id). */
  async list(actor: Actor, query: NotificationListQueryDto): Promise<NotificationPageDto> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, ['instant', 'uuid']);
    const units = unitsOf(actor);
    const rows: NotificationRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM notifications n JOIN units u ON u.id = n.unit_id
       WHERE n.recipient_user_id = $1 AND n.unit_id = ANY($2::uuid[])
         AND ($3::boolean IS NULL OR (n.read_at IS NULL) = $3)
         AND ($4::timestamptz IS NULL OR (n.created_at, n.id) < ($4::timestamptz, $5::uuid))
       ORDER BY n.created_at DESC, n.id DESC LIMIT $6`,
      [actor.userId, units, query.unread ?? null, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    const [{ count }]: { count: number }[] = await this.db.query(
      `SELECT count(*)::int AS count FROM notifications WHERE recipient_user_id = $1 AND unit_id = ANY($2::uuid[]) AND read_at IS NULL`,
      [actor.userId, units],
    );
    return { ...toPage(rows, limit, toDto, (r) => [r.createdAt.toISOString(), r.id]), unreadCount: count };
  }

  /** Marks one read (reading it again keeps the first time); someone else's is 404. */
  async markRead(actor: Actor, id: string): Promise<NotificationDto> {
    const [row]: NotificationRow[] = await this.db.query(
      `WITH marked AS (
         UPDATE notifications SET read_at = COALESCE(read_at, $3)
         WHERE id = $1 AND recipient_user_id = $2 AND unit_id = ANY($4::uuid[]) RETURNING *)
       SELECT ${COLUMNS} FROM marked n JOIN units u ON u.id = n.unit_id`,
      [id, actor.userId, this.clock.now(), unitsOf(actor)],
    );
    if (!row) throw DomainError.notFound('Notification');
    return toDto(row);
  }

  async markAllRead(actor: Actor): Promise<ReadAllResultDto> {
    const [, marked]: [unknown, number] = await this.db.query(
      `UPDATE notifications SET read_at = $3 WHERE recipient_user_id = $1 AND unit_id = ANY($2::uuid[]) AND read_at IS NULL`,
      [actor.userId, unitsOf(actor), this.clock.now()],
    );
    return { marked };
  }
}

function unitsOf(actor: Actor): string[] {
  return [...new Set(actor.memberships.map((m) => m.unitId).filter((u): u is string => u !== null))];
}
