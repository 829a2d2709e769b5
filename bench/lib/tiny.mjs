// What --tiny (bench/run.mjs) changes in a benchmark, in one place: sizes, and a peer that is not
// installed (skipped with its reason instead of failing, and nothing installed for it).
import { ensureSystemDeps } from '../../scripts/lib/system-deps.mjs';

/**
 * `full` normally, `small` under --tiny.
 * @template T @param {{ tiny?: boolean }} context @param {T} full @param {T} small @returns {T}
 */
export function sized(context, full, small) {
  return context.tiny ? small : full;
}

/**
 * Whether the peer can run: under --tiny, a missing peer is a note (`notes` gets the reason) and
 * false; otherwise the benchmark fails with the reason, as before (a full run without its peer
 * measures nothing).
 * @param {{ tiny?: boolean }} context @param {boolean} available @param {string} reason @param {string[]} notes
 */
export function peerOrSkip(context, available, reason, notes) {
  if (available) return true;
  if (!context.tiny) throw new Error(reason);
  notes.push(`peer skipped: ${reason}`);
  return false;
}

/**
 * Installs the peer's Debian `packages` when missing (scripts/lib/system-deps.mjs), saying so as
 * `what`; nothing under --tiny (a missing peer is skipped there: peerOrSkip).
 * @param {{ tiny?: boolean, progress: (message: string) => void }} context @param {readonly string[]} packages @param {string} what
 */
export function installPeer(context, packages, what) {
  if (context.tiny) return;
  context.progress(`${what} for the peer, if missing`);
  ensureSystemDeps({ packages: [...packages], quiet: true });
}
