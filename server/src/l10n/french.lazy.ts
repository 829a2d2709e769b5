/**
 * The kernel's and the CLI's French catalogues (fr.ts, fr-cli.ts: 19 KB of source). A `.lazy.ts` module: its own
 * bundle (esbuild.mjs), required by t.ts when a French text is first asked for, so that a process speaking English
 * (a check of one file, most runs) does not read them (issue #68).
 */
export { fr } from './fr';
export { frCli } from './fr-cli';
