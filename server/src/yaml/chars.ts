/** Character codes the hand-written YAML scanners compare against (tree.ts, limits.ts). */
export const SPACE = 0x20;
export const TAB = 0x09;
export const LF = 0x0a;
export const CR = 0x0d;
export const HASH = 0x23;

/** A space or a tab: what separates tokens on a line. */
export function isSpaceOrTab(code: number): boolean {
  return code === SPACE || code === TAB;
}

/** White space, line breaks included. */
export function isWhite(code: number): boolean {
  return isSpaceOrTab(code) || code === LF || code === CR;
}
