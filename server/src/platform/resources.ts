/**
 * The Kubernetes validator's data (schemas/kubernetes/ and the validators precompiled from it), shared by the families
 * that check manifests. The data other families share is in platform/sharedData.ts, workflowData.ts and snippetData.ts:
 * a family's descriptor imports only its own (a check of a Dockerfile evaluates no Kubernetes, workflow or snippet code).
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../disk/packageRoot';
import type { ValidateFunction } from 'ajv';
import { KubernetesValidator } from '../kubernetes/checks/validate';
import { requireWithCodeCache } from '../startup/codeCache';
import { SchemaEngine, type SchemaBundle } from '../schema/engine';
import { openSchemaBundle, type BundleFile } from '../schema/lazyBundle';

function readBundles(folder: string): { file: string; bundle: SchemaBundle }[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, bundle: openSchemaBundle(bundleFile(path.join(folder, file))) }));
}

/** A bundle's file read by parts (schema/lazyBundle.ts openSchemaBundle): its kinds from its head, its definitions when one is read. */
function bundleFile(file: string): BundleFile {
  return {
    size: statSync(file).size,
    read: (position, length) => {
      const fd = openSync(file, 'r');
      try {
        const bytes = Buffer.allocUnsafe(length);
        return bytes.subarray(0, readSync(fd, bytes, 0, length, position));
      } finally {
        closeSync(fd);
      }
    },
    whole: () => readFileSync(file),
    offsets: () => {
      // The generator's offsets table beside the bundle (scripts/lib/bundle-offsets.mjs): 59 kB for the Kubernetes bundle's.
      const table = `${file}.offsets`;
      try {
        return statSync(table).size <= MAX_OFFSETS_BYTES ? readFileSync(table, 'utf8') : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** The largest offsets table read: a bundle of 10,000 definitions. */
const MAX_OFFSETS_BYTES = 1024 * 1024;

/**
 * The validators precompiled at build time (scripts/gen-validators.mjs), when the build made them
 * (a run from sources without a build compiles at run time instead): one module per API group
 * (pod-bearing kinds together), each loaded on the first use of one of its kinds, through a V8
 * code cache (startup/codeCache.ts). Reading a kind of the record loads its module: a kind costs nothing until
 * it is validated.
 */
export function precompiledValidators(root: string = packageRoot()): Record<string, ValidateFunction> {
  const folder = path.join(root, 'dist', 'server', 'k8s-validators');
  let kinds: Record<string, string>;
  try {
    kinds = (JSON.parse(readFileSync(path.join(folder, 'index.json'), 'utf8')) as { kinds: Record<string, string> }).kinds;
  } catch {
    return {};
  }
  const modules = new Map<string, Record<string, ValidateFunction>>();
  const load = (module: string): Record<string, ValidateFunction> => {
    let exports = modules.get(module);
    if (!exports) {
      exports = requireWithCodeCache(path.join(folder, module)).exports as Record<string, ValidateFunction>;
      modules.set(module, exports);
    }
    return exports;
  };
  // The index itself, read through a proxy: its keys are the kinds (Object.keys, `in`), and reading one loads its
  // module. Not a getter defined per kind: 257 of them were ~50 page faults and ~0.6 ms of a one-file check.
  return new Proxy(kinds as unknown as Record<string, ValidateFunction>, {
    get: (target, key, receiver): unknown => (typeof key === 'string' && Object.hasOwn(kinds, key) ? load(kinds[key])[key] : Reflect.get(target, key, receiver)),
  });
}

const validators = new Map<string, KubernetesValidator>();

/**
 * The generated Kubernetes and CRD schema bundles shipped in schemas/kubernetes/, loaded once per
 * package root: the validator never changes once built, so the families that check manifests (the
 * Kubernetes family, Helm's rendered manifests) share it and the schemas it has compiled.
 */
export function loadKubernetesValidator(root: string = packageRoot()): KubernetesValidator {
  let validator = validators.get(root);
  if (!validator) validators.set(root, (validator = readKubernetesValidator(root)));
  return validator;
}

function readKubernetesValidator(root: string): KubernetesValidator {
  // The bundles are read on the validator's first Kubernetes document, not here (KubernetesValidator).
  return new KubernetesValidator(() => {
    const bundles = readBundles(path.join(root, 'schemas', 'kubernetes'));
    if (bundles.length === 0) throw new Error(`Archipel: no schema bundles in ${path.join(root, 'schemas', 'kubernetes')}`);
    const engine = new SchemaEngine(
      bundles.map((b) => b.bundle),
      precompiledValidators(root),
    );
    // Built-in kinds come from the kubernetes-<version>.json bundle; the others describe CRDs.
    const builtin = bundles.filter((b) => /^kubernetes-\d+\.\d+\.json$/.test(b.file));
    return { engine, builtinKeys: builtin.flatMap((b) => Object.keys(b.bundle['x-archipel-kinds'] ?? {})) };
  });
}
