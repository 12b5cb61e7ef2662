import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig } from '@app/core';
import { OrgModule } from '@app/org';
import { AuthGuard } from './guard/auth.guard.js';
import { AuthController } from './login/auth.controller.js';
import { AuthService } from './login/auth.service.js';
import { LoginThrottle } from './login/login-throttle.service.js';
import { PasswordHasher } from './login/password-hasher.js';
import { UsersController } from './users/users.controller.js';
import { UsersService } from './users/users.service.js';

@Module({
  imports: [
    OrgModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      // A KeyObject: given a string, jsonwebtoken first tries it as a PEM public key (and throws)
      // on every verify, which cost ~1.7 ms of CPU per request in bench:transitions.
      useFactory: (config: AppConfig) => ({ secret: createSecretKey(Buffer.from(config.jwt.secret, 'utf8')), signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  controllers: [AuthController, UsersController],
  providers: [AuthService, LoginThrottle, PasswordHasher, UsersService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [UsersService, PasswordHasher],
})
export class AuthModule {}
