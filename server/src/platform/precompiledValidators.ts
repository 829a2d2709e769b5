/**
 * A schema's validators precompiled at build time into one module of dist/server
 * (scripts/gen-validators.mjs: `archipel-validators.js`, `ansible-validators.js`,
 * `compose-validators.js`, `pipeline-validators.js`), for a SchemaEngine (schema/engine.ts). A run from sources without a
 * build has none: the engine compiles at run time, with the same options.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { requireWithCodeCache } from '../startup/codeCache';

/**
 * The validators of `dist/server/<name>` by kind key, the module loaded on the first use of one of
 * `keys` (a getter each: a process that validates nothing of the schema never loads it). `cacheDir`
 * is the V8 code cache's folder (startup/codeCache.ts; null: none, for a module small enough to
 * compile faster than its cache reads).
 */
export function precompiledValidatorModule(root: string, name: string, keys: readonly string[], cacheDir?: string | null): Record<string, ValidateFunction> {
  const file = path.join(root, 'dist', 'server', name);
  if (!existsSync(file)) return {};
  let exports: Record<string, ValidateFunction> | undefined;
  const load = () => (exports ??= requireWithCodeCache(file, cacheDir).exports as Record<string, ValidateFunction>);
  const validators: Record<string, ValidateFunction> = {};
  for (const key of keys) Object.defineProperty(validators, key, { enumerable: true, get: () => load()[key] });
  return validators;
}
