import { describe, expect, it } from 'vitest';
import openapi from '../api/openapi.json';
import en from './en.json';
import vi from './vi.json';

/** Every leaf key, dotted: { a: { b: 'x' } } → ['a.b']. */
function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    value !== null && typeof value === 'object' ? keys(value as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

describe('the locale files', () => {
  it('have the same keys in Vietnamese and English', () => {
    const missingInEn = keys(vi).filter((k) => !keys(en).includes(k));
    const missingInVi = keys(en).filter((k) => !keys(vi).includes(k));
    expect({ missingInEn, missingInVi }).toEqual({ missingInEn: [], missingInVi: [] });
  });

  it('have no empty text', () => {
    for (const [name, tree] of Object.entries({ vi, en })) {
      const empty = keys(tree).filter((k) => k.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree) === '');
      expect(empty, name).toEqual([]);
    }
  });

  it('name every error code and deadline status the API can send', () => {
    const schemas = openapi.components.schemas as Record<string, { enum?: string[] }>;
    for (const code of schemas.ErrorCode.enum ?? []) expect(vi.errors.codes, code).toHaveProperty(code);
    for (const status of schemas.DeadlineStatus.enum ?? []) expect(vi.deadline, status).toHaveProperty(status);
  });
});
