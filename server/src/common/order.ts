/**
 * Strings in code-unit order (`<` on strings), not `localeCompare`: the same order whatever the
 * process's locale, and no ICU collator to set up (6–8 ms the first time in a process).
 */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
