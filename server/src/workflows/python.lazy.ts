/**
 * Lezer's Python grammar. A `.lazy.ts` module: its own bundle (esbuild.mjs), required with the first
 * python run: script checked (checks/python.ts).
 */
export { parser } from '@lezer/python';
