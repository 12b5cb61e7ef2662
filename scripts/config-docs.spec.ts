import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_DOC, CONFIG_SOURCE, configDoc, configVariables, renderConfigDoc, repoRoot } from './config-docs.js';

const root = repoRoot();
const source = readFileSync(join(root, CONFIG_SOURCE), 'utf8');

describe('docs/configuration.md', () => {
  it('is what `npm run docs:config` writes from the config class today', () => {
    const committed = readFileSync(join(root, CONFIG_DOC), 'utf8');
    // Stale? Run `npm run docs:config` and commit docs/configuration.md.
    expect(committed).toBe(configDoc(root));
  });

  it('documents every variable the server reads, each with a meaning', () => {
    const variables = configVariables(source);
    expect(variables.length).toBeGreaterThan(20);
    for (const v of variables) expect({ name: v.name, meaning: v.meaning }).toEqual({ name: v.name, meaning: expect.stringMatching(/\S{3}/) });
  });

  it('reads types, limits and defaults from the validators and initializers', () => {
    const byName = new Map(configVariables(source).map((v) => [v.name, v]));
    expect(byName.get('PORT')).toMatchObject({ type: 'integer, 0–65535', default: '`3000`' });
    expect(byName.get('REFRESH_TTL_SECONDS')).toMatchObject({ type: 'integer, ≥ 60', default: '`604800`' });
    expect(byName.get('REMINDER_DAYS_AFTER')).toMatchObject({ type: 'comma-separated integers, each 1–365', default: '`1,3`' });
    expect(byName.get('LOG_LEVEL')?.type).toBe('one of `fatal`, `error`, `warn`, `info`, `debug`, `trace`, `silent`');
    expect(byName.get('JWT_SECRET')).toMatchObject({ type: 'string, at least 32 characters', default: 'random per process' });
    expect(byName.get('DATABASE_URL')?.default).toBe('—');
  });

  it('picks up a variable added to the class without any change to the script', () => {
    const added = source.replace(
      /(class Environment \{)/,
      "$1\n  /** How many widgets to keep. */\n  @IsOptional() @Type(() => Number) @IsInt() @Min(2) @Max(9)\n  WIDGETS: number = 4;\n",
    );
    const doc = renderConfigDoc(configVariables(added));
    expect(doc).toContain('| `WIDGETS` | integer, 2–9 | `4` | How many widgets to keep. |');
  });
});
