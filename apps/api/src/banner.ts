import type { AppConfig } from '@app/core';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@app/demo';

/** What the person who ran `npm start` needs first: where the product is and how to sign in. */
export function banner(config: AppConfig): string {
  const base = `http://localhost:${config.port}`;
  const lines = [`Web app    ${base}/app/`];
  if (config.demoData && config.bootstrapAdmin) {
    const byRole = (role: string) => DEMO_ACCOUNTS.filter((a) => a.role === role).map((a) => a.username);
    const leading = ['secretary', 'drafter', 'monitor', 'auditor', 'unit_officer'].map((role) => `${byRole(role)[0]} (${role})`);
    lines.push(`Demo login ${leading.join(', ')}: password '${DEMO_PASSWORD}'`);
    lines.push(`           administrator: ${config.bootstrapAdmin.username} / ${config.bootstrapAdmin.password} (every demo account: README.md)`);
  }
  lines.push(
    `API        ${base}   Swagger UI ${base}/docs   (OpenAPI JSON: ${base}/docs-json)`,
    `Health     ${base}/health`,
  );
  if (config.metrics.token) lines.push(`Metrics    ${base}/metrics (Authorization: Bearer $METRICS_TOKEN)`);
  if (config.metrics.port !== undefined) lines.push(`Metrics    http://${config.metrics.host}:${config.metrics.port}/metrics`);
  lines.push(`Sign in    POST ${base}/auth/login {"username": …, "password": …}, then "Authorization: Bearer <accessToken>"`);
  return `\n${lines.join('\n')}\n\n`;
}
