import { DEMO_ADMIN, loadConfig } from './app-config.js';

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
});
