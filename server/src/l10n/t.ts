/**
 * The server's and the CLI's messages in the user's language. As with `vscode.l10n.t`, the English
 * text is the key: rule code reads as the message it gives (`t(<English text>, ...args)`),
 * English needs no catalogue, and another language's catalogue maps each English text to its
 * translation (a text missing from it stays English; a test keeps the catalogues complete).
 *
 * One language per process: the client's `locale` (LSP initialize), the CLI's `--lang` or `LANG`.
 */
import { fr } from './fr';
import { frAdr } from './fr-adr';
import { frCli } from './fr-cli';
import { frKubernetes } from './fr-kubernetes';
import { frPipeline } from './fr-pipeline';
import { frPredict } from './fr-predict';
import { frRuns } from './fr-runs';
import { frServe } from './fr-serve';
import { frValidate } from './fr-validate';
import { frWorkflows } from './fr-workflows';
import { frYaml } from './fr-yaml';

export type Language = 'en' | 'fr';

const catalogues: Record<Exclude<Language, 'en'>, Readonly<Record<string, string>>> = { fr: { ...fr, ...frAdr, ...frYaml, ...frKubernetes, ...frWorkflows, ...frCli, ...frPredict, ...frPipeline, ...frRuns, ...frServe, ...frValidate } };

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
