import type { Logger } from 'pino';

const noop = () => undefined;

/**
 * pino-http gives every request a child logger bound to `{ req }`, and pino serialises a child's
 * bindings when the child is made: the request's method, URL, headers (redacted) and address
 * were formatted into JSON on every request, although at LOG_LEVEL=warn only a failed one
 * (5xx) is ever written. Here such a child is made on first use instead: a call at a level that
 * writes nothing is a no-op, as pino's own, and anything else (a warning, an error, `bindings()`,
 * a grandchild) makes the real child first, so what is written is the same, byte for byte.
 */
export function lazyRequestChildren(root: Logger): void {
  // pino's own `child`; the children inherit `child` from their parent, so it runs with the right `this`.
  const eager = root.child as unknown as (this: Logger, bindings: Record<string, unknown>, options?: object) => Logger;
  const levels = root.levels.values;
  function lazyChild(this: Logger, bindings: Record<string, unknown>, options?: object): Logger {
    return options !== undefined || !('req' in bindings) ? eager.call(this, bindings, options) : lazy(this, bindings);
  }
  function lazy(parent: Logger, bindings: Record<string, unknown>): Logger {
    let made: Logger | undefined;
    const real = () => (made ??= eager.call(parent, bindings));
    return new Proxy(parent, {
      get(_target, prop) {
        if (made === undefined && typeof prop === 'string' && prop in levels && !parent.isLevelEnabled(prop)) return noop;
        const logger = real();
        const value: unknown = Reflect.get(logger, prop, logger);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(logger) : value;
      },
      set(_target, prop, value) {
        return Reflect.set(real(), prop, value);
      },
      has(_target, prop) {
        return Reflect.has(real(), prop);
      },
    });
  }
  (root as { child: unknown }).child = lazyChild;
}
