import type { TestProject } from 'vitest/node';
import { ensureChromium } from './chromium';
import { assertNoSigningSecretsInLogs, startApi, type RunningApi } from './server';

let api: RunningApi | undefined;

/** Once per run: Chromium present (installed when missing), and the built API on a throw-away database. */
export async function setup(project: TestProject): Promise<void> {
  ensureChromium();
  // E2E_BASE_URL: run the flows against a server already running (with demo data), e.g. while writing a flow.
  const running = process.env.E2E_BASE_URL;
  // The flows sharing this server were written for the demo tree as it was before 2025 (Quận ủy
  // Long Biên and its wards): they ask for it. reorganised-demo.e2e.ts starts a server of its own
  // with the default, reorganised demo.
  if (!running) api = await startApi({ env: { DEMO_REORGANISATION: 'false' } });
  project.provide('baseUrl', running ?? api!.baseUrl);
  // With E2E_BASE_URL, E2E_DATABASE_URL names that server's database (for flows that tamper with it).
  project.provide('databaseUrl', running ? (process.env.E2E_DATABASE_URL ?? '') : api!.databaseUrl);
}

export async function teardown(): Promise<void> {
  try {
    if (api) assertNoSigningSecretsInLogs(api);
  } finally {
    await api?.stop();
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
  }
}
