import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { checkKeyName, formatSignerKey, signerFromSeed } from '@app/audit-log';

/** npm run audit:keygen -- <origin>: a new signing key for AUDIT_LOG_SIGNING_KEY (stdout) and its verifier key (stderr). */
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const origin = process.argv[2];
  try {
    checkKeyName(origin ?? '');
  } catch {
    process.stderr.write('Usage: npm run audit:keygen -- <origin, e.g. audit.example.gov.vn/plan-cascade>\n');
    process.exit(1);
  }
  const seed = randomBytes(32);
  process.stdout.write(`AUDIT_LOG_SIGNING_KEY=${formatSignerKey(origin, seed)}\n`);
  process.stderr.write(`verifier key (publish it; inspectors pin it): ${signerFromSeed(origin, seed).text}\n`);
}
