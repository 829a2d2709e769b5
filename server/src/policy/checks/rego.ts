/**
 * Rego policies, evaluated by OPA itself: a policy OPA compiled to WebAssembly (`opa build -t wasm`, a `policy.wasm`)
 * runs in-process on @open-policy-agent/opa-wasm (loaded on first use), with a bounded memory. Archipel has no Rego
 * interpreter of its own and never runs `opa`: a `.rego` file without its WebAssembly build is said so, with the
 * command that makes it.
 */
import type * as OpaWasm from '../rego.lazy';

let library: typeof OpaWasm | undefined;

function opaWasm(): typeof OpaWasm {
  return (library ??= require('../rego.lazy') as typeof OpaWasm);
}

/** The largest WebAssembly policy read (OPA's builds of a team's rules are a few hundred KiB). */
export const MAX_WASM_BYTES = 16 * 1024 * 1024;
/** The memory a policy may use: 64 KiB pages, 64 MiB at most. */
const MEMORY = { initial: 5, maximum: 1024 };

export interface RegoOutcome {
  /** The entrypoint's results (OPA's result set: one `{result}` per binding), or why the policy could not run. */
  readonly results?: readonly unknown[];
  readonly error?: string;
  /** The entrypoints the build holds (`test/p`). */
  readonly entrypoints: readonly string[];
}

/** A policy's WebAssembly build evaluated on an input, at an entrypoint (the build's first when none is named). */
export function evaluateRegoWasm(wasm: Uint8Array, input: unknown, entrypoint?: string): RegoOutcome {
  if (wasm.byteLength > MAX_WASM_BYTES) return { error: `a WebAssembly policy larger than ${MAX_WASM_BYTES / 1024 / 1024} MiB is not read`, entrypoints: [] };
  let policy: ReturnType<typeof OpaWasm.loadPolicySync>;
  try {
    policy = opaWasm().loadPolicySync(wasm, MEMORY);
  } catch (error) {
    return { error: `not a policy OPA built to WebAssembly: ${error instanceof Error ? error.message : String(error)}`, entrypoints: [] };
  }
  const entrypoints = Object.keys((policy as { entrypoints?: Record<string, number> }).entrypoints ?? {});
  if (entrypoint !== undefined && !entrypoints.includes(entrypoint)) return { error: `the policy has no entrypoint ${entrypoint} (it has ${entrypoints.join(', ') || 'none'})`, entrypoints };
  try {
    // opa-wasm's evaluate is typed `any`: the result set is JSON, read as unknown.
    const results: unknown = policy.evaluate(input, entrypoint);
    return { results: Array.isArray(results) ? results : [], entrypoints };
  } catch (error) {
    return { error: `the policy failed: ${error instanceof Error ? error.message : String(error)}`, entrypoints };
  }
}

/** What a `.rego` file without its WebAssembly build gets: never run here, the command that builds it said. */
export function regoNeedsBuild(file: string, packageName: string | undefined): string {
  const entry = packageName ? ` -e ${packageName.replace(/\./g, '/')}` : '';
  return `${file}: a Rego policy is evaluated from the WebAssembly build OPA makes of it — run \`opa build -t wasm${entry} ${file}\` and keep its policy.wasm beside it; Archipel does not run opa itself`;
}

/** The package a Rego text declares (`package kubernetes.admission`), read from its first lines. */
export function regoPackage(text: string): string | undefined {
  for (const line of text.split('\n', 200)) {
    const found = /^\s*package\s+([A-Za-z_][\w.]*)\s*(#.*)?$/.exec(line);
    if (found) return found[1];
  }
  return undefined;
}
