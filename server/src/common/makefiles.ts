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

/**
 * The makefile naming `relative` (a path relative to `folder` the repository does not hold), if one does, relative to
 * `folder`: the makefiles of `folder` and of the folders above it (make is run there, `docker build -f … <context>` or
 * `docker compose build` from a recipe), naming the path as a word of paths. `texts` keeps each makefile's text for a check.
 */
export function makefileNaming(folder: string, relative: string, exists: (file: string) => boolean, read: (file: string) => string | undefined, texts: Map<string, string | undefined>): string | undefined {
  for (let dir = folder, depth = 0; depth < 12; dir = path.dirname(dir), depth++) {
    for (const name of MAKEFILES) {
      const file = path.join(dir, name);
      let text = texts.get(file);
      if (!texts.has(file)) texts.set(file, (text = exists(file) ? read(file) : undefined));
      if (text !== undefined && namesPath(text, relative)) return path.relative(folder, file).replace(/\\/g, '/');
    }
    if (path.dirname(dir) === dir) break;
  }
  return undefined;
}
