import { Injectable, Logger } from '@nestjs/common';
import { NotificationDelivery } from '@app/notifications';

/**
 * Delivers the outbox every poll interval. The outbox row is the durable record, so the relay
 * keeps no state of its own: a restart, or a second instance, carries on where it stopped.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly delivery: NotificationDelivery) {}

  start(intervalSeconds: number): void {
    this.timer = setInterval(() => this.tick(), intervalSeconds * 1000);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.delivery
      .deliverAll()
      .then(
        () => undefined,
        (error: unknown) => this.logger.error(`Outbox delivery failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => {
        this.running = undefined;
      });
  }
}
