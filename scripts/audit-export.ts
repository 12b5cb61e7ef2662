import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { DataSource } from 'typeorm';
import { AuditLogService, AuditLogWriter, LogKeys, parseSize, type AuditBundle } from '@app/audit-log';
import { loadConfig, type AppConfig } from '@app/core';
import { withDataSource } from './database.js';

export interface ExportArgs {
  unit: string;
  from?: string;
  to?: string;
  since?: string[];
  out: string;
}

export function parseExportArgs(argv: string[]): ExportArgs {
  const { values } = parseArgs({
    args: argv,
    options: { unit: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, since: { type: 'string', multiple: true }, out: { type: 'string' } },
    strict: true,
  });
  if (!values.unit || !values.out) throw new Error('Usage: npm run audit:export -- --unit <unit id> [--from ISO] [--to ISO] [--since SIZE]… --out FILE');
  return { unit: values.unit, from: values.from, to: values.to, since: values.since, out: values.out };
}

function instant(text: string | undefined, name: string): Date | undefined {
  if (text === undefined) return undefined;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new Error(`--${name} is not an ISO 8601 instant`);
  return date;
}

/**
 * Writes a unit subtree's audit bundle (npm run audit:export). It appends what is committed to
 * the log first, so it signs with the configured key: without AUDIT_LOG_SIGNING_KEY it refuses,
 * since a key made up for this run would sign checkpoints nobody can verify.
 */
export async function auditExport(source: DataSource, config: AppConfig, args: ExportArgs): Promise<AuditBundle> {
  if (!config.auditLog.signingKey) throw new Error('AUDIT_LOG_SIGNING_KEY is not set: give the server\'s key to export');
  const keys = new LogKeys(config);
  const log = new AuditLogService(source, new AuditLogWriter(source, keys), keys);
  const bundle = await log.exportBundle(null, {
    unitId: args.unit,
    from: instant(args.from, 'from'),
    to: instant(args.to, 'to'),
    since: args.since?.map((s) => parseSize(s, '--since')),
  });
  writeFileSync(args.out, `${JSON.stringify(bundle, null, 1)}\n`);
  return bundle;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const config = loadConfig();
  Promise.resolve()
    .then(() => parseExportArgs(process.argv.slice(2)))
    .then((args) => withDataSource(config, (source) => auditExport(source, config, args)).then((b) => ({ b, args })))
    .then(
      ({ b, args }) => {
        process.stdout.write(`${b.entries.length} entries of ${b.heads.length} chains of ${b.unit.name}, checkpoint size ${b.checkpoint.split('\n')[1]}: ${args.out}\n`);
      },
      (error: unknown) => {
        process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
}
