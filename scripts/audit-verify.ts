import { pathToFileURL } from 'node:url';
import { Presets, SingleBar } from 'cli-progress';
import type { DataSource } from 'typeorm';
import { loadConfig } from '@app/core';
import { verifySubjects } from '@app/transitions';
import { withDataSource } from './database.js';

/**
 * Recomputes every hash chain in the database, with a progress bar on stderr. Returns the
 * exit code: 0 when every chain holds, 2 when one is broken (each break is listed).
 */
export async function auditVerify(source: DataSource, out: NodeJS.WritableStream, progress: NodeJS.WritableStream = process.stderr): Promise<number> {
  const bar = new SingleBar({ format: 'Verifying {bar} {value}/{total} chains', stream: progress, noTTYOutput: true, notTTYSchedule: 2000 }, Presets.shades_classic);
  let started = false;
  const result = await verifySubjects((sql, params) => source.query(sql, params), 'all', (done, total) => {
    if (!started) bar.start(total, 0);
    started = true;
    bar.update(done);
  });
  if (started) bar.stop();
  out.write(`${result.subjects} chains, ${result.checked} entries checked: ${result.ok ? 'all intact' : `${result.broken.length} broken`}\n`);
  for (const b of result.broken) out.write(`  BROKEN ${b.subjectType} ${b.subjectId} at seq ${b.seq}: ${b.reason}\n`);
  return result.ok ? 0 : 2;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  withDataSource(loadConfig(), (source) => auditVerify(source, process.stdout)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
