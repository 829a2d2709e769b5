/**
 * The server's and the CLI's messages in the user's language. As with `vscode.l10n.t`, the English
 * text is the key: rule code reads as the message it gives (`t(<English text>, ...args)`),
 * English needs no catalogue, and another language's catalogue maps each English text to its
 * translation (a text missing from it stays English; a test keeps the catalogues complete).
 *
 * One language per process: the client's `locale` (LSP initialize), the CLI's `--lang` or `LANG`.
 */
import { fr } from './fr';
import { frCli } from './fr-cli';

export type Language = 'en' | 'fr';

/**
 * The catalogues every process has: the kernel's and the CLI's. A family's comes with its descriptor
 * (families/index.ts adds it), and a worker that speaks for a family without loading the family list
 * adds its family's (engines/core/serve.ts: a job family's `french`).
 */
const catalogues: Record<Exclude<Language, 'en'>, Record<string, string>> = { fr: { ...fr, ...frCli } };

/** Adds a family's catalogue (an English text already translated keeps its first translation). */
export function addCatalogue(of: Exclude<Language, 'en'>, entries: Readonly<Record<string, string>>): void {
  const target = catalogues[of];
  for (const [english, translated] of Object.entries(entries)) if (!(english in target)) target[english] = translated;
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
  const template = language === 'en' ? message : (catalogues[language][message] ?? message);
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : whole));
}

/** A count as the current language writes it (1,234 in English; 1 234 with a narrow no-break space in French). */
export function formatNumber(value: number): string {
  return value.toLocaleString(language === 'fr' ? 'fr-FR' : 'en-US');
}

/** Every catalogue, for the test that checks they are complete. */
export function catalogue(of: Exclude<Language, 'en'>): Readonly<Record<string, string>> {
  return catalogues[of];
}
