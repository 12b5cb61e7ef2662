import type { StateValue } from 'xstate';

/**
 * The dotted path of a (non-parallel) state value: `{ draft: 'editing' }` → `draft.editing`.
 * Throws on a parallel value, which no workflow machine has.
 */
export function statePathOf(value: StateValue): string {
  let path = '';
  let current: StateValue | undefined = value;
  while (current !== undefined) {
    if (typeof current === 'string') return path + current;
    const keys: string[] = Object.keys(current);
    if (keys.length !== 1) throw new Error(`A workflow state has exactly one active child, got ${JSON.stringify(value)}`);
    path += `${keys[0]}.`;
    current = current[keys[0]];
  }
  throw new Error(`Not a state value: ${JSON.stringify(value)}`);
}

/** The inverse of `statePathOf`: `draft.editing` → `{ draft: 'editing' }`. */
export function stateValueOf(path: string): StateValue {
  const segments = path.split('.');
  let value: StateValue = segments[segments.length - 1];
  for (let i = segments.length - 2; i >= 0; i--) value = { [segments[i]]: value };
  return value;
}
