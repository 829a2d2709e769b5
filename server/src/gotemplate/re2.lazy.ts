/**
 * re2js, RE2's JavaScript port: sprig's regex functions read Go's (RE2's) syntax, in linear time
 * whatever the pattern. A `.lazy.ts` module: its own bundle (esbuild.mjs), required by the first
 * template that calls a regex function (functions/regex.ts).
 */
export { RE2JS } from 're2js';
