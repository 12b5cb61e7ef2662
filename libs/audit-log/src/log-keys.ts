import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/core';
import { parseSignerKey, parseVerifierKey, signerFromSeed, type SignerKey, type VerifierKey } from './merkle/index.js';

/**
 * The log's signing key (from configuration, never from a request or the database) and the
 * verifier keys it publishes: the current one and those of keys rotated out, so that
 * checkpoints signed before a rotation stay verifiable.
 */
@Injectable()
export class LogKeys {
  readonly origin: string;
  readonly signer: SignerKey;
  readonly verifiers: VerifierKey[];
  /** No key configured: one was made at start, and checkpoints verify only until a restart. */
  readonly generated: boolean;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const { origin, signingKey, previousKeys } = config.auditLog;
    this.origin = origin;
    this.generated = signingKey === undefined;
    this.signer = signingKey === undefined ? signerFromSeed(origin, randomBytes(32)) : parseSignerKey(signingKey);
    if (this.signer.name !== origin) throw new Error(`AUDIT_LOG_SIGNING_KEY is named "${this.signer.name}", not the log's origin "${origin}"`);
    const previous = previousKeys.map((k) => parseVerifierKey(k));
    this.verifiers = [this.signer, ...previous.filter((k) => k.keyId !== this.signer.keyId)].map(({ name, keyId, publicKey, text }) => ({ name, keyId, publicKey, text }));
    if (config.auditLog.keptIn) {
      new Logger(LogKeys.name).warn(`AUDIT_LOG_SIGNING_KEY is not set: checkpoints are signed with the key kept in ${config.auditLog.keptIn} (demo use; configure one for real use). Verifier key: ${this.signer.text}`);
    }
    if (this.generated) {
      new Logger(LogKeys.name).warn(`AUDIT_LOG_SIGNING_KEY is not set: checkpoints are signed with a key generated at start (${this.signer.text}), which is lost on restart — demo use only`);
    }
  }
}
