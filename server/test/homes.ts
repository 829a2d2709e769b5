/**
 * One home per kind of thing (issue #53), read from the sources: a family's French is its folder's
 * `fr.ts`, installed by its descriptor; a family's requests are registered in one module, a
 * `register.ts` of its folders, that its descriptor calls. families.test.ts runs it on the
 * repository's sources and on sources with a catalogue or a registration planted elsewhere.
 */

/** A source file: its path under server/src (`kubernetes/model/links.ts`) and its text. */
export interface Source {
  readonly path: string;
  readonly text: string;
}

/** The kernel's own catalogues (l10n/t.ts installs them in every process). */
const KERNEL_CATALOGUES = new Set(['l10n/fr.ts', 'l10n/fr-cli.ts']);
/** The kernel's registration helpers (the registry itself, the job layer, the transport). */
const KERNEL_REGISTRATION = /^(features|lsp|engines\/core)\//;
const CATALOGUE = /export const fr[A-Z]?\w*\s*:\s*Readonly<Record<string,\s*string>>\s*=/;
const REGISTRATION = /\b\w+\.on(Request|FilesChanged|Shutdown)\(|\bon(Workspace|FileModel)Request\(/;

/** The modules a descriptor (families/<id>.ts) imports, as paths under server/src without `.ts`. */
function importsOf(descriptor: Source): string[] {
  return [...descriptor.text.matchAll(/from '\.\.\/([^']+)'/g)].map((m) => m[1]);
}

/** What is out of its home, one line each (empty: every catalogue and registration in its place). */
export function homeViolations(sources: readonly Source[]): string[] {
  const problems: string[] = [];
  const descriptors = sources.filter((s) => /^families\/[^/]+\.ts$/.test(s.path) && /: Family = \{/.test(s.text));
  const frenchHomes = new Set<string>();
  const registerHomes = new Map<string, string[]>();
  for (const descriptor of descriptors) {
    const imports = importsOf(descriptor);
    for (const module of imports) {
      if (/(^|\/)fr(-[^/]*)?$/.test(module) || /\bfr[A-Z]\w*\b/.test(descriptor.text.split('\n').find((line) => line.includes(`'../${module}'`)) ?? '')) {
        if (!/^(engines\/)?[^/]+\/fr$/.test(module)) problems.push(`${descriptor.path}: its French comes from ${module}.ts, not a folder's fr.ts`);
        frenchHomes.add(`${module}.ts`);
      }
      if (/\/register$/.test(module)) registerHomes.set(`${module}.ts`, [...(registerHomes.get(`${module}.ts`) ?? []), descriptor.path]);
    }
    const registers = imports.filter((m) => /\/register$/.test(m));
    if (registers.length > 1) problems.push(`${descriptor.path}: its requests are registered in ${registers.length} modules (${registers.join(', ')}), not one`);
  }
  for (const source of sources) {
    if (CATALOGUE.test(source.text) && !KERNEL_CATALOGUES.has(source.path) && !frenchHomes.has(source.path)) {
      problems.push(`${source.path}: a French catalogue outside its home (a family's is <folder>/fr.ts, installed by its descriptor)`);
    }
    if (source.path.startsWith('families/') || KERNEL_REGISTRATION.test(source.path) || !REGISTRATION.test(source.text)) continue;
    if (!source.path.endsWith('/register.ts')) problems.push(`${source.path}: registers requests outside its family's register.ts`);
    else if ((registerHomes.get(source.path) ?? []).length !== 1) problems.push(`${source.path}: called by ${registerHomes.get(source.path)?.join(', ') || 'no descriptor'}, not by one`);
  }
  return problems;
}
