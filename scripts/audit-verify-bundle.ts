import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { BundleError, parseVerifierKey, verifyBundle, type AuditBundle, type VerifierKey } from '@app/audit-log';
import { hashEntry } from '@app/transitions';

const USAGE = 'Usage: npm run audit:verify-bundle -- FILE --key VERIFIERKEY [--key …] [--trusted-checkpoint FILE] [--trust-bundle-keys]';

/**
 * The offline verifier (npm run audit:verify-bundle): no database, no server, no login. Checks
 * the bundle's checkpoint against the pinned key(s), every inclusion proof, every chain element
 * by element, and, given a checkpoint saved earlier, that the new one extends it. Returns the
 * exit code: 0 verified, 2 a check failed (named on `err`), 1 bad usage.
 */
export function auditVerifyBundle(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): number {
  let file: string;
  let keys: VerifierKey[];
  let trustedCheckpoint: string | undefined;
  let trustBundleKeys: boolean;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { key: { type: 'string', multiple: true }, 'trusted-checkpoint': { type: 'string' }, 'trust-bundle-keys': { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) throw new Error(USAGE);
    file = positionals[0];
    keys = (values.key ?? []).map((k) => parseVerifierKey(k));
    trustBundleKeys = values['trust-bundle-keys'] ?? false;
    if (keys.length === 0 && !trustBundleKeys) throw new Error(`Pin the log's key with --key (or, knowingly, --trust-bundle-keys)\n${USAGE}`);
    trustedCheckpoint = values['trusted-checkpoint'] === undefined ? undefined : readFileSync(values['trusted-checkpoint'], 'utf8');
  } catch (error) {
    err.write(`${(error as Error).message}\n`);
    return 1;
  }
  let bundle: AuditBundle;
  try {
    bundle = JSON.parse(readFileSync(file, 'utf8')) as AuditBundle;
  } catch (error) {
    err.write(`FAILED FORMAT: cannot read ${file}: ${(error as Error).message}\n`);
    return 2;
  }
  try {
    if (trustBundleKeys) out.write('WARNING: trusting the keys the bundle carries: this proves consistency, not who signed\n');
    const report = verifyBundle(bundle, { keys, trustBundleKeys, trustedCheckpoint, hashEntry });
    for (const line of report.lines) out.write(`ok ${line}\n`);
    out.write(`VERIFIED ${report.entries} entries of ${report.chains} chains in ${report.origin} at size ${report.checkpoint.size}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof BundleError)) throw error;
    err.write(`FAILED ${error.check}: ${error.message}\n`);
    return 2;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exit(auditVerifyBundle(process.argv.slice(2), process.stdout, process.stderr));
}
