import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@app/core';

/**
 * Turns outbox messages into in-app notifications for every active person who holds a role at
 * the message's unit, in one statement per batch: the batch is claimed with SKIP LOCKED (so
 * two instances deliver different messages), the notifications are written (unique per
 * message and person, so a redelivery adds nothing) and the messages marked delivered.
 */
@Injectable()
export class NotificationDelivery {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Delivers up to `batch` undelivered messages, oldest first; returns how many. */
  async deliverPending(batch = 500): Promise<number> {
    const [{ count }]: { count: number }[] = await this.db.query(
      `WITH claimed AS (
         SELECT id FROM outbox WHERE delivered_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
       ), written AS (
         INSERT INTO notifications (outbox_id, recipient_user_id, unit_id, type, subject_type, subject_id, payload, created_at)
         SELECT DISTINCT ON (o.id, m.user_id) o.id, m.user_id, o.unit_id, o.type, o.subject_type, o.subject_id, o.payload, o.created_at
         FROM claimed c JOIN outbox o ON o.id = c.id
         JOIN memberships m ON m.unit_id = o.unit_id
         JOIN users us ON us.id = m.user_id AND us.active
         ON CONFLICT (outbox_id, recipient_user_id) DO NOTHING
       ), delivered AS (
         UPDATE outbox SET delivered_at = $2 FROM claimed WHERE outbox.id = claimed.id RETURNING outbox.id
       )
       SELECT count(*)::int AS count FROM delivered`,
      [batch, this.clock.now()],
    );
    return count;
  }

  /** Delivers until nothing is left. */
  async deliverAll(): Promise<number> {
    let total = 0;
    for (let delivered = await this.deliverPending(); delivered > 0; delivered = await this.deliverPending()) total += delivered;
    return total;
  }
}
