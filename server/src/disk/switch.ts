/**
 * The one switch of Archipel's start-up machinery (everything in this folder): with
 * `ARCHIPEL_STARTUP_TUNING=off`, a process reads and writes no speed-only cache (the V8 code caches
 * of the bundles, the Mermaid worker and the validator modules; onnxruntime's optimised models) and
 * sets no V8 flag, whatever ARCHIPEL_CACHE_DIR and ARCHIPEL_V8_FLAGS say: the bundles run as plain
 * Node runs them. For telling a start-up problem from the rest, and for measuring what the
 * machinery buys. Any other value (or none) leaves it on. The build-time side (bundles patched
 * while esbuild builds them: scripts/lib/) is not switched: docs/upgrading-pinned-dependencies.md.
 */
export function startupTuningOff(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.ARCHIPEL_STARTUP_TUNING === 'off';
}
