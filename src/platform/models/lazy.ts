// Schemas built on first use. Building zod schemas is most of what loading the client costs (every service's
// models, a hundred schemas), and a command reads one or two of them: each model is declared as
// `lazySchema(() => z.…)` and built the first time anything touches it. The value stands for the schema in every
// way (zod reads it, composes it, parses with it), so callers and types see no difference.

/** `build()`'s value, built when first touched. For objects (schemas, or records of them) only. */
export function lazySchema<T extends object>(build: () => T): T {
  let built: T | undefined;
  const target = (): T => (built ??= build());
  // Every trap forwards to the built value: zod reads properties, spreads records of schemas (`...audit`), and
  // checks `instanceof` through the prototype.
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(target(), key),
    set: (_, key, value) => Reflect.set(target(), key, value),
    has: (_, key) => Reflect.has(target(), key),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
      // A proxy may not report a property as non-configurable that its own (empty) target lacks.
      return descriptor && { ...descriptor, configurable: true };
    },
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(target(), key, descriptor),
    deleteProperty: (_, key) => Reflect.deleteProperty(target(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(target()),
  });
}
