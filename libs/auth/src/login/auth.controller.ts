import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ErrorCode, Public } from '@app/core';
import { Actor, CurrentActor, Permission, RequirePermission } from '@app/org';
import { LoginDto, MeDto, RefreshDto, TokensDto } from './auth.dto.js';
import { AuthService } from './auth.service.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @Public('Sign in with username and password')
  @ApiOkResponse({ type: TokensDto })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.UNAUTHENTICATED, ErrorCode.TOO_MANY_ATTEMPTS)
  login(@Body() dto: LoginDto, @Ip() address: string): Promise<TokensDto> {
    return this.auth.login(dto.username, dto.password, address);
  }

  @Post('refresh')
  @HttpCode(200)
  @Public('Exchange a refresh token for a new token pair')
  @ApiOkResponse({ type: TokensDto })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.UNAUTHENTICATED)
  refresh(@Body() dto: RefreshDto): Promise<TokensDto> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @Public('Revoke a refresh token')
  @ApiNoContentResponse()
  @ApiErrors(ErrorCode.VALIDATION_FAILED)
  logout(@Body() dto: RefreshDto): Promise<void> {
    return this.auth.logout(dto.refreshToken);
  }

  @Get('me')
  @RequirePermission(Permission.Self, 'The signed-in user and the roles it holds')
  @ApiOkResponse({ type: MeDto })
  @ApiErrors(ErrorCode.UNAUTHENTICATED)
  me(@CurrentActor() actor: Actor): Promise<MeDto> {
    return this.auth.me(actor);
  }
}
