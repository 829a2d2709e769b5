/**
 * tuneV8.ts for the language server's entry points (serverBin.ts, serverMain.ts): the same, with
 * the server's default flags (SERVER_V8_FLAGS: a cold open keeps its run-once code in the baseline
 * compiler and grows the young generation in large steps; v8Tuning.ts says what it costs and buys). Both entries import this one, so that the
 * flags the code cache of the server bundle was made under are the flags it is loaded under.
 */
import { applyV8Tuning, SERVER_V8_FLAGS } from './v8Tuning';

applyV8Tuning(process.env, SERVER_V8_FLAGS);
