import { loadConfig } from '@app/core';
import { banner } from './banner.js';

describe('the start-up banner', () => {
  it('leads with the web app, then the demo logins', () => {
    const lines = banner(loadConfig({ DEMO_DATA: 'true' })).trim().split('\n');
    expect(lines[0]).toBe('Web app    http://localhost:3000/app/');
    expect(lines[1]).toMatch(/^Demo login lb\.secretary \(secretary\), lb\.drafter \(drafter\), lb\.monitor \(monitor\), lb\.auditor \(auditor\), lb\.ward\.officer \(unit_officer\): password 'demo-password'$/);
    expect(lines[2]).toContain('admin / admin-demo-2026');
    expect(lines.some((l) => l.includes('Swagger UI http://localhost:3000/docs'))).toBe(true);
  });

  it('names no demo account without demo data, and says where the metrics are when they are served', () => {
    const text = banner(loadConfig({ PORT: '8080', METRICS_PORT: '9464', ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'a-real-password' }));
    expect(text.trim().split('\n')[0]).toBe('Web app    http://localhost:8080/app/');
    expect(text).not.toMatch(/demo|a-real-password/i);
    expect(text).toContain('Metrics    http://127.0.0.1:9464/metrics');
  });
});
