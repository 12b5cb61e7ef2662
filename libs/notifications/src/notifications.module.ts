import { Module } from '@nestjs/common';
import { NotificationDelivery } from './notification-delivery.service.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsService } from './notifications.service.js';

@Module({
  controllers: [NotificationsController],
  providers: [NotificationsService, NotificationDelivery],
  exports: [NotificationDelivery],
})
export class NotificationsModule {}
