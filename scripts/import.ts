import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Presets, SingleBar } from 'cli-progress';
import { documentText, isPlan, parsePlan, ParsedPlan, UnreadableDocument } from '@app/import';

const USAGE = `npm run import -- [--dry-run] [--json] [--api URL --issuer UNIT_ID] FILE…
  --dry-run   parse and print; no server, database or login
  --json      print the structured result (one JSON array)
  --api URL   the server to import into (default $IMPORT_API_URL or http://localhost:3000),
              signed in as $IMPORT_USERNAME / $IMPORT_PASSWORD (a drafter of the issuer)
  --issuer ID the issuing unit's id (default $IMPORT_ISSUER_UNIT_ID)
`;

interface FileResult {
  file: string;
  ok: boolean;
  error?: string;
  /** Dry run: the parsed plan. */
  parsed?: ParsedPlan;
  /** Import: the created draft and the server's import report. */
  plan?: { id: string; title: string; state: string };
  report?: unknown;
}

const FIELDS = ['issuer', 'place', 'issuedOn', 'numberAndSymbol', 'title', 'basis', 'purposes', 'phases', 'forms', 'assignments', 'reportDuty', 'budget', 'footnotes', 'recipients', 'signature'] as const;

function summary(r: FileResult): string {
  if (!r.ok) return `✗ ${r.file}: ${r.error}\n`;
  if (r.plan) return `✓ ${r.file} → draft ${r.plan.id} “${r.plan.title}”\n`;
  const p = r.parsed!;
  const found = FIELDS.filter((f) => (Array.isArray(p[f]) ? (p[f] as unknown[]).length > 0 : p[f] !== undefined && p[f] !== ''));
  return [
    `✓ ${r.file}: ${p.type} ${p.numberAndSymbol ?? '(no number)'} “${p.title}”`,
    `  recognised: ${found.join(', ')}`,
    `  missing: ${FIELDS.filter((f) => !found.includes(f)).join(', ') || '—'}`,
    `  ${p.phases.length} phases, ${p.assignments.length} assignments, ${p.recipients.length} recipients, ${p.unclassified.length} unclassified paragraphs`,
    '',
  ].join('\n');
}

async function signIn(api: string): Promise<string> {
  const username = process.env.IMPORT_USERNAME;
  const password = process.env.IMPORT_PASSWORD;
  if (!username || !password) throw new Error('Set IMPORT_USERNAME and IMPORT_PASSWORD (a drafter of the issuer), or use --dry-run');
  const res = await fetch(`${api}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const body = (await res.json()) as { accessToken?: string; message?: string };
  if (!res.ok || !body.accessToken) throw new Error(`Sign-in refused: ${res.status} ${body.message ?? ''}`);
  return body.accessToken;
}

async function upload(api: string, token: string, issuer: string, path: string, bytes: Buffer): Promise<FileResult> {
  const form = new FormData();
  form.set('issuerUnitId', issuer);
  // A copy on a plain ArrayBuffer: the DOM typings (tsconfig's lib includes them) refuse a Buffer as a BlobPart.
  form.set('file', new Blob([new Uint8Array(bytes)], { type: path.toLowerCase().endsWith('.docx') ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' : 'text/plain' }), basename(path));
  const res = await fetch(`${api}/plans/import`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const body = (await res.json()) as { plan?: FileResult['plan']; report?: unknown; code?: string; message?: string };
  if (!res.ok) return { file: path, ok: false, error: `${res.status} ${body.code}: ${body.message}` };
  return { file: path, ok: true, plan: body.plan && { id: body.plan.id, title: body.plan.title, state: body.plan.state }, report: body.report };
}

/** Runs the command; returns the exit code (0 all imported, 1 usage, 2 a file failed). */
export async function runImport(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (error) {
    err.write(`${(error as Error).message}\n${USAGE}`);
    return 1;
  }
  const { values, positionals: files } = args;
  if (files.length === 0) {
    err.write(USAGE);
    return 1;
  }
  const api = (values.api ?? process.env.IMPORT_API_URL ?? 'http://localhost:3000').replace(/\/$/, '');
  const issuer = values.issuer ?? process.env.IMPORT_ISSUER_UNIT_ID;
  let token: string | undefined;
  if (!values['dry-run']) {
    if (!issuer) {
      err.write(`--issuer (or IMPORT_ISSUER_UNIT_ID) is needed to import; or use --dry-run\n${USAGE}`);
      return 1;
    }
    try {
      token = await signIn(api);
    } catch (error) {
      err.write(`${(error as Error).message}\n`);
      return 1;
    }
  }

  const bar = new SingleBar({ format: 'Importing {bar} {value}/{total} files', stream: err, noTTYOutput: true, notTTYSchedule: 2000 }, Presets.shades_classic);
  bar.start(files.length, 0);
  const results: FileResult[] = [];
  for (const file of files) {
    try {
      const bytes = await readFile(file);
      if (token) {
        results.push(await upload(api, token, issuer!, file, bytes));
      } else {
        const parsed = parsePlan(await documentText(basename(file), bytes));
        results.push(isPlan(parsed) ? { file, ok: true, parsed } : { file, ok: false, error: 'NOT_A_PLAN: no title or none of the parts of a plan', parsed });
      }
    } catch (error) {
      const reason = error instanceof UnreadableDocument ? `${error.reason}: ${error.message}` : (error as Error).message;
      results.push({ file, ok: false, error: reason });
    }
    bar.increment();
  }
  bar.stop();
  out.write(values.json ? `${JSON.stringify(results, null, 2)}\n` : results.map(summary).join(''));
  return results.every((r) => r.ok) ? 0 : 2;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, api: { type: 'string' }, issuer: { type: 'string' } },
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runImport(process.argv.slice(2), process.stdout, process.stderr).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
