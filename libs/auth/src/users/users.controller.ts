import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ErrorCode, Page, PageQueryDto, UuidParam } from '@app/core';
import { Actor, CurrentActor, GrantMembershipDto, MembershipDto, Permission, RequirePermission } from '@app/org';
import { CreateUserDto, ResetPasswordDto, UserDto, UserPageDto } from './user.dto.js';
import { UsersService } from './users.service.js';

const { VALIDATION_FAILED, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT } = ErrorCode;

@ApiTags('users')
@ApiErrors(UNAUTHENTICATED)
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @RequirePermission(Permission.UserManage, 'Create a local account (it holds no role until granted one)')
  @ApiCreatedResponse({ type: UserDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, CONFLICT)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<UserDto> {
    return this.users.create(actor, dto);
  }

  @Get()
  @RequirePermission(Permission.UserManage, 'Accounts with a role inside the caller\'s scope, or created by the caller')
  @ApiOkResponse({ type: UserPageDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN)
  list(@CurrentActor() actor: Actor, @Query() page: PageQueryDto): Promise<Page<UserDto>> {
    return this.users.list(actor, page);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @RequirePermission(Permission.UserManage, 'Deactivate an account inside the caller\'s scope: it cannot sign in, its sessions end and its tokens stop working')
  @ApiOkResponse({ type: UserDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND, CONFLICT)
  deactivate(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<UserDto> {
    return this.users.setActive(actor, id, false);
  }

  @Post(':id/activate')
  @HttpCode(200)
  @RequirePermission(Permission.UserManage, 'Activate a deactivated account inside the caller\'s scope')
  @ApiOkResponse({ type: UserDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND)
  activate(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<UserDto> {
    return this.users.setActive(actor, id, true);
  }

  @Post(':id/password')
  @HttpCode(204)
  @RequirePermission(Permission.UserManage, 'Set a new password for an account inside the caller\'s scope; its sessions end')
  @ApiNoContentResponse()
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND)
  resetPassword(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() dto: ResetPasswordDto): Promise<void> {
    return this.users.resetPassword(actor, id, dto.password);
  }

  @Delete(':id/sessions')
  @HttpCode(204)
  @RequirePermission(Permission.UserManage, 'End every session of an account inside the caller\'s scope (its refresh tokens)')
  @ApiNoContentResponse()
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND)
  revokeSessions(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<void> {
    return this.users.revokeSessions(actor, id);
  }

  @Post(':id/memberships')
  @RequirePermission(Permission.UserManage, 'Grant a role at a unit inside the caller\'s scope')
  @ApiCreatedResponse({ type: MembershipDto })
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND, CONFLICT)
  grant(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string, @Body() dto: GrantMembershipDto): Promise<MembershipDto> {
    return this.users.grant(actor, id, dto);
  }

  @Delete(':id/memberships/:membershipId')
  @HttpCode(204)
  @RequirePermission(Permission.UserManage, 'Revoke a role held at a unit inside the caller\'s scope')
  @ApiNoContentResponse()
  @ApiErrors(VALIDATION_FAILED, FORBIDDEN, NOT_FOUND)
  revoke(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Param('membershipId', UuidParam) membershipId: string,
  ): Promise<void> {
    return this.users.revoke(actor, id, membershipId);
  }
}
