/**
 * @bufbuild/cel, the CEL evaluator of admission policies (ValidatingAdmissionPolicy, Kyverno's `validate.cel`) with its
 * strings extension. A `.lazy.ts` module: its own bundle (esbuild.mjs), required on first use through `cel()`
 * (checks/cel.ts), so that a check that meets no CEL policy does not read it.
 */
export * from '@bufbuild/cel';
export { strings } from '@bufbuild/cel/ext';
