import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { Clock, SystemClock } from './clock/clock.js';
import { APP_CONFIG, AppConfig } from './config/app-config.js';
import { AllExceptionsFilter } from './errors/all-exceptions.filter.js';
import { InputRulesInterceptor } from './http/input-rules.js';
import { createValidationPipe } from './http/validation.js';
import { LoggingModule } from './logging/logging.module.js';

/** Config, logging, the error filter, the input rules and validation: what every feature relies on. */
@Global()
@Module({})
export class CoreModule {
  /** `clock`: where time comes from; the system clock unless a test passes a fake one. */
  static forRoot(config: AppConfig, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: CoreModule,
      imports: [LoggingModule.forRoot(config.logLevel)],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useValue: clock },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: InputRulesInterceptor },
      ],
      exports: [APP_CONFIG, Clock],
    };
  }
}
