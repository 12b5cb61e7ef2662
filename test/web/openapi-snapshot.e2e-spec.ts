import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, TestApp } from '../support/test-app.js';

const SNAPSHOT = join(process.cwd(), 'apps', 'web', 'src', 'api', 'openapi.json');

describe('the web client\'s OpenAPI snapshot', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('is what the running server serves at /docs-json (else run `npm run gen:api`)', async () => {
    const res = await t.http.get('/docs-json').expect(200);
    const snapshot: unknown = JSON.parse(readFileSync(SNAPSHOT, 'utf8'));
    // One line that says what to do, then the difference.
    if (JSON.stringify(res.body) !== JSON.stringify(snapshot)) {
      console.error('apps/web/src/api/openapi.json is out of date with the server: run `npm run gen:api` and commit it');
    }
    expect(snapshot).toEqual(res.body);
  });
});
