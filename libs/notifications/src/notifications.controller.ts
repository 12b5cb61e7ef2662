import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ErrorCode, UuidParam } from '@app/core';
import { Actor, CurrentActor, Permission, RequirePermission } from '@app/org';
import { NotificationDto, NotificationListQueryDto, NotificationPageDto, ReadAllResultDto } from './notification.dto.js';
import { NotificationsService } from './notifications.service.js';

const { VALIDATION_FAILED, UNAUTHENTICATED, NOT_FOUND } = ErrorCode;

@ApiTags('notifications')
@ApiErrors(UNAUTHENTICATED)
@Controller('me/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @RequirePermission(Permission.Self, 'The caller\'s notifications for the units it acts for, newest first, with the unread count')
  @ApiOkResponse({ type: NotificationPageDto })
  @ApiErrors(VALIDATION_FAILED)
  list(@CurrentActor() actor: Actor, @Query() query: NotificationListQueryDto): Promise<NotificationPageDto> {
    return this.notifications.list(actor, query);
  }

  @Post('read-all')
  @HttpCode(200)
  @RequirePermission(Permission.Self, 'Mark every notification of the caller read')
  @ApiOkResponse({ type: ReadAllResultDto })
  readAll(@CurrentActor() actor: Actor): Promise<ReadAllResultDto> {
    return this.notifications.markAllRead(actor);
  }

  @Post(':id/read')
  @HttpCode(200)
  @RequirePermission(Permission.Self, 'Mark one of the caller\'s notifications read (anyone else\'s is 404)')
  @ApiOkResponse({ type: NotificationDto })
  @ApiErrors(VALIDATION_FAILED, NOT_FOUND)
  read(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<NotificationDto> {
    return this.notifications.markRead(actor, id);
  }
}
