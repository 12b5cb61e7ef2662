import { DEMO_ADMIN, loadConfig, weakSecretReason } from './app-config.js';

describe('loadConfig', () => {
  it('has defaults that start a demo-less server on port 3000', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database).toMatchObject({ url: undefined, runMigrations: true, embedded: { port: 54320 } });
    expect(config.bootstrapAdmin).toBeUndefined();
    expect(config.jwt.generatedSecret).toBe(true);
  });

  it('uses demo admin credentials only together with demo data', () => {
    expect(loadConfig({ DEMO_DATA: 'true' }).bootstrapAdmin).toEqual(DEMO_ADMIN);
    expect(loadConfig({ DEMO_DATA: 'true', ADMIN_USERNAME: 'boss', ADMIN_PASSWORD: 'long-enough' }).bootstrapAdmin).toEqual({ username: 'boss', password: 'long-enough' });
  });

  it('refuses a bad environment at boot, naming every bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', JWT_SECRET: 'short', RUN_MIGRATIONS: 'maybe' })).toThrow(/PORT[\s\S]*RUN_MIGRATIONS|RUN_MIGRATIONS[\s\S]*PORT/);
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
  });

  it('refuses the JWT secrets that compose files and tutorials ship, and weak ones', () => {
    // docker-compose.yml's old default: anyone who read the repository could mint tokens.
    expect(() => loadConfig({ JWT_SECRET: 'change-me-change-me-change-me-change-me' })).toThrow(/JWT_SECRET is a known placeholder/);
    for (const secret of ['your-jwt-secret-goes-here-0123456789abc', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'abcdabcdabcdabcdabcdabcdabcdabcdabcd', '0123456789012345678901234567890123']) {
      expect(weakSecretReason(secret)).toBeDefined();
    }
    expect(weakSecretReason('3f9c1e0b7a6d4c2e8f1a5b9d0c7e3a2f6b4d8c1e9a7f5b3d')).toBeUndefined();
    expect(loadConfig({ JWT_SECRET: '3f9c1e0b7a6d4c2e8f1a5b9d0c7e3a2f6b4d8c1e9a7f5b3d' }).jwt.generatedSecret).toBe(false);
  });

  it('trusts no proxy unless told which', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(() => loadConfig({ TRUST_PROXY: 'yes please!' })).toThrow(/TRUST_PROXY/);
  });

  it('runs jobs by default, with reminders 3 days before and 1 and 3 days after the due date', () => {
    const config = loadConfig({});
    expect(config.jobs).toEqual({ enabled: true, pollIntervalSeconds: 2, sweepEveryMinutes: 5 });
    expect(config.deadlines).toEqual({ reminderDaysBefore: [3], reminderDaysAfter: [1, 3], reportWindowDays: 7, dueSoonWorkingDays: 3 });
    expect(config.webDir).toBeUndefined();
  });

  it('reads the due-soon window and where the built web app is', () => {
    const config = loadConfig({ DUE_SOON_WORKING_DAYS: '5', WEB_DIR: '/srv/web' });
    expect(config.deadlines.dueSoonWorkingDays).toBe(5);
    expect(config.webDir).toBe('/srv/web');
  });

  it('reads the job settings and day lists, sorted and without repeats; an empty list sends none', () => {
    const config = loadConfig({ JOBS_ENABLED: 'false', JOBS_POLL_INTERVAL_SECONDS: '0.5', REMINDER_DAYS_BEFORE: '7, 1,7', REMINDER_DAYS_AFTER: '' });
    expect(config.jobs).toMatchObject({ enabled: false, pollIntervalSeconds: 0.5 });
    expect(config.deadlines).toMatchObject({ reminderDaysBefore: [1, 7], reminderDaysAfter: [] });
  });

  it.each([
    ['REMINDER_DAYS_BEFORE', 'three'],
    ['REMINDER_DAYS_BEFORE', '1;3'],
    ['REMINDER_DAYS_BEFORE', '-1'],
    ['REMINDER_DAYS_AFTER', '0'],
    ['REMINDER_DAYS_AFTER', '1,,3'],
    ['REMINDER_DAYS_AFTER', '400'],
    ['JOBS_POLL_INTERVAL_SECONDS', '0.1'],
    ['DEADLINE_SWEEP_MINUTES', '0'],
    ['REPORT_WINDOW_DAYS', 'a week'],
    ['DUE_SOON_WORKING_DAYS', '-1'],
    ['JOBS_ENABLED', 'sometimes'],
    ['AUDIT_LOG_ORIGIN', 'two words'],
    ['AUDIT_LOG_ORIGIN', 'a+b'],
    ['AUDIT_LOG_SIGNING_KEY', 'not-a-key'],
    ['AUDIT_LOG_PREVIOUS_KEYS', 'name+zzzz+AAAA'],
    ['AUDIT_LOG_INTERVAL_SECONDS', '0'],
  ])('refuses %s=%j, naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
  });

  it('reads the transparency log\'s settings, and never repeats a key in its error', () => {
    const key = 'PRIVATE+KEY+a.example/log+0011aabb+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
    const config = loadConfig({ AUDIT_LOG_ORIGIN: 'a.example/log', AUDIT_LOG_SIGNING_KEY: key, AUDIT_LOG_PREVIOUS_KEYS: ' a+0011aabb+AAAA , b+0011aabc+AAAA ' });
    expect(config.auditLog).toEqual({ origin: 'a.example/log', signingKey: key, previousKeys: ['a+0011aabb+AAAA', 'b+0011aabc+AAAA'], intervalSeconds: 5 });
    expect(loadConfig({}).auditLog.signingKey).toBeUndefined();
    const secret = 'PRIVATE+KEY+secret-value';
    expect(() => loadConfig({ AUDIT_LOG_SIGNING_KEY: secret })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('secret-value') }));
  });
});
