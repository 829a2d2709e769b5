import path from 'node:path';

/**
 * Paths a makefile names, which make produces before a build reads them (Prometheus's `npm_licenses.tar.bz2`, the
 * `bin/manager` of a `go build -o`, thanos' `thanos_tmp_for_docker` copied into the context): a path the repository does
 * not hold but a makefile names is not read, rather than missing. One decision for the Dockerfile's COPY sources and
 * Compose's build contexts.
 */

/** The names GNU make reads a makefile by, in its order. */
export const MAKEFILES = ['GNUmakefile', 'makefile', 'Makefile'];

/** Whether `text` holds `name` as a word of paths (not inside a longer name: `app` is not in `apps` nor in `my-app.tar`). */
function namesPath(text: string, name: string): boolean {
  const inName = (c: string | undefined) => c !== undefined && /[\w./-]/.test(c);
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    // `./name` and `$(DIR)/name` name it too: a `/` before is a boundary when the name starts a path's last part.
    const before = text[at - 1];
    if ((!inName(before) || before === '/') && !inName(text[at + name.length])) return true;
  }
  return false;
}

/** A makefile's text and the texts of the files it includes, each with its path (kept per check: MakefileTexts per makefile). */
export type MakefileTexts = readonly { file: string; text: string }[];

/** The most makefiles one makefile's `include`s bring in (cert-manager's Makefile includes 2, which include 10). */
const MAX_INCLUDED = 64;

/**
 * A makefile's text with the texts of the files it includes (`include`, `-include`, `sinclude`; their includes too), as
 * make reads them: relative to the folder make runs in, the makefile's. A pattern (cert-manager's `make/_shared/` folders
 * by a star) is not listed: the reader answers paths, not folders.
 */
function withIncludes(file: string, exists: (file: string) => boolean, read: (file: string) => string | undefined): { file: string; text: string }[] {
  const own = read(file);
  if (own === undefined) return [];
  const texts = [{ file, text: own }];
  if (!/^-?s?include\s/m.test(own)) return texts;
  const folder = path.dirname(file);
  const seen = new Set([file]);
  for (let i = 0; i < texts.length && seen.size <= MAX_INCLUDED; i++) {
    for (const match of texts[i].text.matchAll(/^-?s?include[ \t]([^\n#]*)/gm)) {
      for (const name of match[1].trim().split(/[ \t]+/)) {
        if (name === '' || /[$*?[]/.test(name) || path.isAbsolute(name)) continue;
        const included = path.join(folder, name);
        if (seen.has(included) || seen.size > MAX_INCLUDED || !exists(included)) continue;
        seen.add(included);
        const text = read(included);
        if (text !== undefined) texts.push({ file: included, text });
      }
    }
  }
  return texts;
}

/**
 * The makefile naming `relative` (a path relative to `folder` the repository does not hold), if one does, relative to
 * `folder`: the makefiles of `folder` and of the folders above it (make is run there, `docker build -f … <context>` or
 * `docker compose build` from a recipe), with the files they include (the file naming it is answered), naming the path
 * as a word of paths. `texts` keeps each makefile's texts for a check.
 */
export function makefileNaming(folder: string, relative: string, exists: (file: string) => boolean, read: (file: string) => string | undefined, texts: Map<string, MakefileTexts>): string | undefined {
  for (let dir = folder, depth = 0; depth < 12; dir = path.dirname(dir), depth++) {
    for (const name of MAKEFILES) {
      const file = path.join(dir, name);
      let found = texts.get(file);
      if (!found) texts.set(file, (found = exists(file) ? withIncludes(file, exists, read) : []));
      const naming = found.find((one) => namesPath(one.text, relative));
      if (naming) return path.relative(folder, naming.file).replace(/\\/g, '/');
    }
    if (path.dirname(dir) === dir) break;
  }
  return undefined;
}
