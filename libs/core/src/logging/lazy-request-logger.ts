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
  const eager = root.child.bind(root) as Logger['child'];
  const levels = root.levels.values;
  const lazyChild = (bindings: Record<string, unknown>, options?: object): Logger => {
    if (options !== undefined || !('req' in bindings)) return eager(bindings, options);
    let made: Logger | undefined;
    const real = () => (made ??= eager(bindings));
    return new Proxy(root, {
      get(_target, prop) {
        if (made === undefined && typeof prop === 'string' && prop in levels && !root.isLevelEnabled(prop)) return noop;
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
  };
  (root as { child: unknown }).child = lazyChild;
}
