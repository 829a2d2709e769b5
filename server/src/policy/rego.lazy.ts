/**
 * @open-policy-agent/opa-wasm, OPA's own SDK for policies OPA compiled to WebAssembly (`opa build -t wasm`). A
 * `.lazy.ts` module: its own bundle (esbuild.mjs), required on first use through `opaWasm()` (checks/rego.ts), so that a
 * check that meets no Rego policy does not read it.
 */
export { loadPolicySync } from '@open-policy-agent/opa-wasm';
