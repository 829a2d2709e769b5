/**
 * The server's and the CLI's messages in the user's language. As with `vscode.l10n.t`, the English
 * text is the key: rule code reads as the message it gives (`t(<English text>, ...args)`),
 * English needs no catalogue, and another language's catalogue maps each English text to its
 * translation (a text missing from it stays English; a test keeps the catalogues complete).
 *
 * One language per process: the client's `locale` (LSP initialize), the CLI's `--lang` or `LANG`.
 */
import type * as French from './french.lazy';

export type Language = 'en' | 'fr';

/**
 * The catalogues every process has: the kernel's and the CLI's. A family's comes with its descriptor
 * (families/index.ts adds it), and a worker that speaks for a family without loading the family list
 * adds its family's (engines/core/serve.ts: a job family's `french`). The kernel's are read when a French text is
 * first asked for (french.lazy.ts: a process speaking English never reads them, issue #68); the families' added
 * before that wait in `pending`, in their order, and go after the kernel's, as if added to them.
 */
let french: Record<string, string> | undefined;
const pending: Readonly<Record<string, string>>[] = [];

function merge(target: Record<string, string>, entries: Readonly<Record<string, string>>): void {
  for (const [english, translated] of Object.entries(entries)) if (!(english in target)) target[english] = translated;
}

/** The French catalogue: the kernel's, then the families' added so far. */
function frenchCatalogue(): Record<string, string> {
  if (!french) {
    const kernel = require('./french.lazy') as typeof French;
    french = { ...kernel.fr, ...kernel.frCli };
    for (const entries of pending.splice(0)) merge(french, entries);
  }
  return french;
}

/** Adds a family's catalogue (an English text already translated keeps its first translation). */
export function addCatalogue(_of: Exclude<Language, 'en'>, entries: Readonly<Record<string, string>>): void {
  if (french) merge(french, entries);
  else pending.push(entries);
}

let language: Language = 'en';

/** The language of a locale tag or `LANG` value (`fr`, `fr-FR`, `fr_FR.UTF-8` → fr); English for any other. */
export function languageOf(locale: string | undefined): Language {
  return /^fr(\b|[-_.])/i.test(locale ?? '') ? 'fr' : 'en';
}

/**
 * The language a process's environment asks for: ARCHIPEL_LANG (set by the CLI's --lang and by the
 * server from its client's locale, so forked processes and threads inherit it), else the locale's.
 */
export function languageFromEnvironment(env: Readonly<Record<string, string | undefined>>): Language {
  return languageOf(env.ARCHIPEL_LANG || env.LC_ALL || env.LC_MESSAGES || env.LANG);
}

export function setLanguage(next: Language): void {
  language = next;
}

export function currentLanguage(): Language {
  return language;
}

/** `message` in the current language, `{0}`, `{1}`… replaced by `args`. */
export function t(message: string, ...args: (string | number)[]): string {
  const template = language === 'en' ? message : (frenchCatalogue()[message] ?? message);
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : whole));
}

/** A count as the current language writes it (1,234 in English; 1 234 with a narrow no-break space in French). */
export function formatNumber(value: number): string {
  return value.toLocaleString(language === 'fr' ? 'fr-FR' : 'en-US');
}

/** Every catalogue, for the test that checks they are complete. */
export function catalogue(_of: Exclude<Language, 'en'>): Readonly<Record<string, string>> {
  return frenchCatalogue();
}
