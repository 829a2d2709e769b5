import path from 'node:path';
import type { Instruction } from 'dockerfile-ast';
import { minimatch } from 'minimatch';
import type { Finding } from '../common/findings';
import { t } from '../l10n/t';
import type { ComposeBuild, ComposeReader } from '../compose/api';
import { makefileNaming, type MakefileTexts } from '../common/makefiles';
import { textOf } from '../common/sideFile';
import type { WorkflowBuild } from './workflows';
import { at, headRange } from './hadolint';
import { argumentsText, flagsOf, stageNamed, type DockerfileModel, type Stage } from './model';
import { buildkit, dockerfileRules as rules } from './rules';

/**
 * Whether the final image names a user: a USER in the final stage or a stage it is built FROM, or a
 * base image whose tag says it runs as non-root (distroless `:nonroot`, `-rootless`).
 */
function lineageSetsUser(model: DockerfileModel, final: Stage): boolean {
  const seen = new Set<Stage>();
  for (let stage: Stage | undefined = final; stage && !seen.has(stage); stage = stageNamed(model, stage.image, stage.index)) {
    seen.add(stage);
    if (stage.instructions.some((i) => i.getKeyword() === 'USER')) return true;
    if (/non-?root|rootless/i.test(`${stage.image}:${stage.tag ?? ''}`)) return true;
  }
  return false;
}

/** What repository-aware checks read: whether a path exists, a side file's text or why it was not read (Compose's reader). */
export type ContextReader = ComposeReader;

/** A .dockerignore's patterns, in order (BuildKit: anchored at the context root, `!` re-includes, the last match wins). */
export function readDockerignore(text: string): { pattern: string; negated: boolean }[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const negated = line.startsWith('!');
      const body = path.posix.normalize((negated ? line.slice(1) : line).trim().replace(/^\/+/, '')).replace(/^\.\//, '');
      return { pattern: body, negated };
    })
    .filter((p) => p.pattern !== '' && p.pattern !== '.');
}

/** Whether a context-relative path is excluded: a pattern matching it or one of its parent folders. */
export function ignoredBy(patterns: readonly { pattern: string; negated: boolean }[], relative: string): boolean {
  let excluded = false;
  const clean = path.posix.normalize(relative).replace(/^\.\//, '').replace(/\/$/, '');
  for (const { pattern, negated } of patterns) {
    // A pattern longer than a path (4,096 bytes) matches nothing; minimatch throws on one over 64 kB.
    if (pattern.length > 4096) continue;
    if (minimatch(clean, pattern, { dot: true }) || minimatch(clean, `${pattern}/**`, { dot: true })) excluded = !negated;
  }
  return excluded;
}


/** The sources of a COPY/ADD (not --from, not a heredoc, not a URL). */
function localSources(instruction: Instruction): string[] {
  if (flagsOf(instruction).some((f) => f.getName() === 'from')) return [];
  const words = argumentsText(instruction).trim().replace(/^(--[a-z-]+(=\S*)?\s+)+/i, '');
  if (words.startsWith('<<')) return [];
  let paths: string[];
  try {
    paths = words.startsWith('[') ? (JSON.parse(words) as string[]) : words.split(/\s+/).filter(Boolean);
  } catch {
    return [];
  }
  return paths.slice(0, -1).filter((p) => !/^[a-z]+:\/\//i.test(p) && !p.startsWith('git@') && !p.includes('$'));
}

/** Whether `inner` is `outer` or lies under it. */
function isWithin(outer: string, inner: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Whether a path exists relative to a folder above `folder`: the build is then likely run from there (`docker build -f`). */
function existsAbove(reader: ContextReader, folder: string, relative: string): boolean {
  for (let dir = path.dirname(folder), depth = 0; depth < 12; dir = path.dirname(dir), depth++) {
    if (reader.exists(path.join(dir, relative))) return true;
    if (path.dirname(dir) === dir) break;
  }
  return false;
}

export interface DockerfileContext {
  /** The Dockerfile's path. */
  file: string;
  /** The Compose services building from this Dockerfile. */
  builds: readonly ComposeBuild[];
  /** The GitHub Actions steps building it (their contexts count when no Compose service names the Dockerfile). */
  workflows?: readonly WorkflowBuild[];
  /** Whether a side file (a `.dockerignore`) exists: the answers kept per side-file generation (sideProbes.ts); else the reader's. */
  sideFileExists?: (file: string) => boolean;
}

/** COPY/ADD sources missing from or ignored in the build context; EXPOSE against the Compose services' ports; the final stage's USER. */
export function contextFindings(model: DockerfileModel, context: DockerfileContext, reader: ContextReader | undefined): Finding[] {
  const findings: Finding[] = [];
  const fromWorkflows = context.builds.length === 0 ? (context.workflows ?? []) : [];
  const folders = context.builds.length > 0 ? [...new Set(context.builds.map((b) => b.context))] : fromWorkflows.length > 0 ? [...new Set(fromWorkflows.map((b) => b.context))] : [path.dirname(context.file)];
  if (reader) {
    const makefileTexts = new Map<string, MakefileTexts>();
    for (const folder of folders) {
      // Asked on every check of the file: a miss is answered by exists (kept per side-file generation), without a failed read (#68; a read's refusal gives no text either).
      const exists = context.sideFileExists ?? ((file: string) => reader.exists(file));
      const sideText = (file: string) => (exists(file) ? textOf(reader.read(file)) : undefined);
      const ignoreText = sideText(`${context.file}.dockerignore`) ?? sideText(path.join(folder, '.dockerignore'));
      const patterns = ignoreText ? readDockerignore(ignoreText) : [];
      for (const stage of model.stages) {
        for (const instruction of stage.instructions) {
          const keyword = instruction.getKeyword();
          if (keyword !== 'COPY' && keyword !== 'ADD') continue;
          for (const source of localSources(instruction)) {
            const relative = path.posix.normalize(source.replace(/\\/g, '/')).replace(/^\/+/, '').replace(/(?<!\/)\/+$/, '');
            if (relative.startsWith('..')) continue;
            if (relative !== '.' && patterns.length > 0 && ignoredBy(patterns, relative.split(/[*?[]/, 1)[0] || relative)) {
              if (!/[*?[]/.test(relative)) findings.push(at(model, headRange(instruction), buildkit.CopyIgnoredFile.id, t('{0} source "{1}" is excluded by .dockerignore: it is not in the build context.', keyword, source)));
              continue;
            }
            if (/[*?[]/.test(relative)) continue;
            const sourcePath = path.join(folder, relative);
            if (reader.exists(sourcePath)) continue;
            // A folder an artifact is downloaded into before the build (or one the source lies in) is made by the job, not missing.
            if (context.builds.length === 0 && fromWorkflows.some((b) => b.context === folder && b.downloaded.some((d) => isWithin(d, sourcePath) || isWithin(sourcePath, d)))) continue;
            // make produces it before the build (common/makefiles.ts): not read, rather than missing.
            const makefile = makefileNaming(folder, relative, exists, (file) => textOf(reader.read(file)), makefileTexts);
            if (makefile !== undefined) {
              findings.push(at(model, headRange(instruction), rules.sourceNotRead.id, t('{0} source "{1}" is not in the repository: {2} names it (make produces it before the build); not read.', keyword, source, makefile)));
              continue;
            }
            if (context.builds.length > 0) {
              findings.push(at(model, headRange(instruction), rules.missingSource.id, t('{0} source "{1}" does not exist in {2}.', keyword, source, t('the build context {0} (service "{1}")', path.basename(folder) || folder, context.builds[0].service))));
            } else if (fromWorkflows.length > 0) {
              const step = fromWorkflows.find((b) => b.context === folder) ?? fromWorkflows[0];
              findings.push(at(model, headRange(instruction), rules.missingSource.id, t('{0} source "{1}" does not exist in {2}.', keyword, source, t('the build context {0} (workflow step "{1}")', path.basename(folder) || folder, step.step))));
            } else if (!existsAbove(reader, folder, relative)) {
              // No Compose service names the context: the Dockerfile's folder is a guess, hence a warning.
              findings.push({ ...at(model, headRange(instruction), rules.missingSource.id, t('{0} source "{1}" does not exist in {2}.', keyword, source, t('the Dockerfile\'s folder'))), severity: 'warning' });
            }
          }
        }
      }
    }
  }
  const final = model.stages[model.stages.length - 1];
  if (final) {
    const finalUser = final.instructions.some((i) => i.getKeyword() === 'USER');
    const earlier = model.stages.slice(0, -1).find((s) => s.instructions.some((i) => i.getKeyword() === 'USER' && !/^(root|0)(:.*)?$/.test(argumentsText(i).trim())));
    const inherits = final.image.toLowerCase() === earlier?.name;
    if (!finalUser && earlier && !inherits) findings.push(at(model, headRange(final.from), rules.finalRoot.id, t('USER is set in stage "{0}" only: the final stage starts from a new base image and runs as root. Add USER to the final stage.', earlier.name ?? String(earlier.index)), { addUser: true }));
    else if (!finalUser && !earlier && !lineageSetsUser(model, final)) findings.push(at(model, headRange(final.from), rules.noUser.id, t('No USER in the final image: the container runs as root. Add USER with a non-root user before CMD or ENTRYPOINT.'), { addUser: true }));
    const exposed = new Set<number>();
    for (const instruction of final.instructions) if (instruction.getKeyword() === 'EXPOSE') for (const word of argumentsText(instruction).trim().split(/\s+/)) if (/^\d+/.test(word)) exposed.add(Number(/^\d+/.exec(word)![0]));
    if (exposed.size > 0) {
      for (const build of context.builds) {
        const missing = build.targetPorts.filter((p) => !exposed.has(p));
        if (missing.length > 0) findings.push(at(model, headRange(final.from), rules.exposeMismatch.id, t('Compose service "{0}" targets container port {1}, which this Dockerfile does not EXPOSE ({2}).', build.service, missing.join(', '), [...exposed].join(', '))));
      }
    }
  }
  return findings;
}
