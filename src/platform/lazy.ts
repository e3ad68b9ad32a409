import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);

/**
 * A CommonJS package loaded on its first use rather than at start-up, for a package only some
 * routes, jobs or configurations need and that must be at hand synchronously there (loading every
 * dependency at start-up was most of a start's CPU: docs/benchmarks.md, "Start to ready").
 * Packages used only in async code are loaded with `await import(...)` instead.
 */
export function onFirstUse<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireHere(name) as T);
}
