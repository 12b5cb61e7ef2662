export { NotificationDto, NotificationPageDto } from './notification.dto.js';
export { NotificationDelivery } from './notification-delivery.service.js';
export { NotificationsModule } from './notifications.module.js';
