/**
 * Ajv, the run-time schema compiler, with its formats (ajv and ajv-formats: 280 KB). A `.lazy.ts` module: its own
 * bundle (esbuild.mjs), required when a kind without a precompiled validator is first validated (engine.ts, and Helm's values.schema.json: ajvCompilers), so that a
 * check whose validators were precompiled at build time, or that validates nothing, does not read it (issue #68).
 */
export { default as Ajv } from 'ajv';
export { default as Ajv2019 } from 'ajv/dist/2019';
export { default as Ajv2020 } from 'ajv/dist/2020';
export { default as addFormats } from 'ajv-formats';
