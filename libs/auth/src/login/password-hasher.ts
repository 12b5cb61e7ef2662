import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';

/** argon2id with the library's defaults (OWASP's minimum: 19 MiB, 2 passes). */
@Injectable()
export class PasswordHasher {
  /** Verified against when the account does not exist, so both paths cost the same. */
  private readonly decoy = hash('decoy password that matches nothing');

  hash(password: string): Promise<string> {
    return hash(password);
  }

  async verify(passwordHash: string | undefined, password: string): Promise<boolean> {
    if (passwordHash === undefined) {
      await verify(await this.decoy, password);
      return false;
    }
    return verify(passwordHash, password);
  }
}
