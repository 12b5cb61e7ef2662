import { Body, Controller, Delete, Get, HttpCode, Inject, Ip, Post, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiErrors, APP_CONFIG, DomainError, ErrorCode, Public, type AppConfig } from '@app/core';
import { Actor, CurrentActor, Permission, RequirePermission } from '@app/org';
import { LoginDto, MeDto, RefreshDto, RefreshRequestDto, TokensDto } from './auth.dto.js';
import { AuthService } from './auth.service.js';
import { clearRefreshCookie, readRefreshCookie, sendRefreshCookie } from './refresh-cookie.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Public('Sign in with username and password')
  @ApiOkResponse({ type: TokensDto })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.UNAUTHENTICATED, ErrorCode.TOO_MANY_ATTEMPTS)
  async login(@Body() dto: LoginDto, @Ip() address: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<TokensDto> {
    const tokens = await this.auth.login(dto.username, dto.password, address);
    return dto.refreshTokenIn === 'cookie' ? sendRefreshCookie(tokens, this.config.refreshTtlSeconds, req, res) : tokens;
  }

  /** A token in the body is answered in the body (API clients); the session cookie is answered with a new cookie (the web app). */
  @Post('refresh')
  @HttpCode(200)
  @Public('Exchange a refresh token (in the body, or the session cookie) for a new token pair')
  @ApiOkResponse({ type: TokensDto })
  @ApiErrors(ErrorCode.VALIDATION_FAILED, ErrorCode.UNAUTHENTICATED)
  async refresh(@Body() dto: RefreshRequestDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<TokensDto> {
    if (dto.refreshToken) return this.auth.refresh(dto.refreshToken);
    const cookie = readRefreshCookie(req);
    if (!cookie) throw DomainError.unauthenticated('No refresh token: send refreshToken, or sign in again');
    try {
      return sendRefreshCookie(await this.auth.refresh(cookie), this.config.refreshTtlSeconds, req, res);
    } catch (error) {
      clearRefreshCookie(req, res);
      throw error;
    }
  }

  @Post('logout')
  @HttpCode(204)
  @Public('Revoke a refresh token')
  @ApiNoContentResponse()
  @ApiErrors(ErrorCode.VALIDATION_FAILED)
  logout(@Body() dto: RefreshDto): Promise<void> {
    return this.auth.logout(dto.refreshToken);
  }

  /** The web app's sign-out: the cookie reaches only the refresh path, so it is ended there. */
  @Delete('refresh')
  @HttpCode(204)
  @Public('End the session of the refresh-token cookie (revoke the token, clear the cookie)')
  @ApiNoContentResponse()
  async endCookieSession(@Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<void> {
    const cookie = readRefreshCookie(req);
    if (cookie) await this.auth.logout(cookie);
    clearRefreshCookie(req, res);
  }

  @Get('me')
  @RequirePermission(Permission.Self, 'The signed-in user and the roles it holds')
  @ApiOkResponse({ type: MeDto })
  @ApiErrors(ErrorCode.UNAUTHENTICATED)
  me(@CurrentActor() actor: Actor): Promise<MeDto> {
    return this.auth.me(actor);
  }
}
