import { Global, Logger, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/core';
import { SigningKeys } from './keys.js';

const logger = new Logger('Signing');

/** The signing keys, loaded once at start from configuration (a demo CA in demo mode); one instance for the process. */
@Global()
@Module({
  providers: [
    {
      provide: SigningKeys,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<SigningKeys> => {
        const keys = await SigningKeys.load(config.signing);
        const demo = keys.demoDescription;
        if (demo) {
          logger.warn(
            `DEMO signing keys: issued plans are signed under the demo CA "${demo.subject}" kept in ${demo.dir} ` +
              `(${demo.units} unit certificates so far; an issuing unit gets one at its first ISSUE). These signatures have no legal value.`,
          );
        } else if (keys.configured) {
          logger.log(`Signing keys loaded: ${keys.loadedKeys}; trust anchors: ${keys.trustAnchors.length}`);
        } else {
          logger.warn('No signing key configured (SIGNING_P12 or SIGNING_UNIT_KEYS_DIR): ISSUE is refused until one is');
        }
        return keys;
      },
    },
  ],
  exports: [SigningKeys],
})
export class SigningModule {}
