/**
 * Imported first by the entry points that run with Archipel's V8 tuning — the `archipel` command
 * (bin.ts, cliMain.ts) and the language server (serverBin.ts, serverMain.ts) — so that the flags are set
 * before any bundle is loaded through its code cache (V8 checks a cache against the flags). Only
 * those import it: the modules they share with other processes must not change those processes'
 * flags (see v8Tuning.ts).
 */
import { applyV8Tuning } from './v8Tuning';

applyV8Tuning();
