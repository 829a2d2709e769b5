/**
 * re2js, RE2's JavaScript port (Go's regexp syntax and messages). A `.lazy.ts` module: its own
 * bundle (esbuild.mjs), required with the first relabel regex checked (relabel.ts).
 */
export { RE2JS } from 're2js';
