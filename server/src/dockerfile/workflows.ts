/**
 * The build contexts GitHub Actions workflows give Dockerfiles: a `docker/build-push-action` step's
 * `context:` and `file:`, or a `run:` line's `docker build` / `docker buildx build` with `-f` and a
 * context. Read from the workflow files of the index (each once per version), never run.
 */
import { PerGeneration } from '../workspace/perGeneration';
import path from 'node:path';
import { fsPathOf } from '../common/containment';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';

/** A Dockerfile built by a workflow step: the context folder and the Dockerfile's path (absolute), where it is said. */
export interface WorkflowBuild {
  uri: string;
  /** The job and step, for messages: `build / Build image`. */
  step: string;
  context: string;
  dockerfile: string;
  /** The images the step tags the build as (`tags:`, `-t`), variables left out. */
  images: string[];
  /**
   * The folders (absolute) earlier steps of the job fill from artifacts (`actions/download-artifact`'s `path:`, the
   * workspace when it has none or an expression): files under them exist when the step builds, not in the repository.
   */
  downloaded: string[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isRecord(value: unknown): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const workflowFile = /\/\.github\/workflows\/[^/]+\.ya?ml$/i;

/** Flags of `docker build` / `docker buildx build` that take a value as the next word (the rest are switches). */
const valued = new Set([
  '-f', '--file', '-t', '--tag', '--build-arg', '--target', '--platform', '--label', '--cache-from', '--cache-to', '--secret', '--ssh',
  '-o', '--output', '--progress', '--network', '--iidfile', '--metadata-file', '--builder', '--build-context', '--add-host', '--shm-size',
  '--ulimit', '-m', '--memory', '--memory-swap', '--allow', '--annotation', '--attest', '--sbom', '--provenance', '--call', '--cgroup-parent',
  '--cpu-shares', '-c', '--cpuset-cpus', '--cpuset-mems', '--cpu-period', '--cpu-quota', '--isolation', '--security-opt', '--policy',
]);

/** Splits a shell line into words (quotes removed; no expansion: a word holding `$` or a backquote is returned as is). */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/** The `-f` file and the context of each `docker build` in a `run:` script (relative paths as written; undefined file: `<context>/Dockerfile`). */
export function dockerBuildsInScript(script: string): { file?: string; context: string; tags: string[] }[] {
  const found: { file?: string; context: string; tags: string[] }[] = [];
  // Continued lines joined; each command of `a && b; c` looked at on its own.
  for (const line of script.replace(/\\\r?\n/g, ' ').split(/\r?\n|&&|\|\||;/)) {
    const all = words(line.trim());
    let i = all.findIndex((w, k) => (w === 'docker' || w === 'podman') && (all[k + 1] === 'build' || (all[k + 1] === 'buildx' && all[k + 2] === 'build') || (all[k + 1] === 'image' && all[k + 2] === 'build')));
    if (i < 0) continue;
    i += all[i + 1] === 'build' ? 2 : 3;
    let file: string | undefined;
    const tags: string[] = [];
    const positional: string[] = [];
    for (; i < all.length; i++) {
      const word = all[i];
      if (word === '|' || word === '>' || word.startsWith('>') || word === '2>&1') break;
      if (word === '-f' || word === '--file') file = all[++i];
      else if (word.startsWith('--file=')) file = word.slice(7);
      else if (/^-f\S/.test(word)) file = word.slice(2);
      else if (word === '-t' || word === '--tag') tags.push(all[++i] ?? '');
      else if (word.startsWith('--tag=')) tags.push(word.slice(6));
      else if (valued.has(word)) i++;
      else if (word.startsWith('-')) continue;
      else positional.push(word);
    }
    const context = positional[positional.length - 1];
    if (context === undefined || context === '-' || /[$`]/.test(context) || /^[a-z]+:\/\/|^git@/i.test(context)) continue;
    if (file !== undefined && (file === '-' || /[$`]/.test(file))) continue;
    found.push({ ...(file !== undefined ? { file } : {}), context, tags: plainImages(tags) });
  }
  return found;
}

/** Image references without variables or expressions. */
function plainImages(tags: readonly string[]): string[] {
  return tags.map((tag) => tag.trim()).filter((tag) => tag !== '' && !/[$`{}]/.test(tag));
}

const buildsKey = Symbol('dockerfile-workflow-builds');

/** The builds one workflow file names (built once per version of the file). */
function buildsOf(file: IndexedFile): WorkflowBuild[] {
  return file.model(buildsKey, () => {
    const filePath = fsPathOf(file.uri);
    const value = file.yaml?.chunks[0]?.chunk.value;
    if (!filePath || !isRecord(value) || !isRecord(value.jobs)) return [];
    // .github/workflows/x.yml: paths are relative to the repository's root (the job's checkout).
    const root = path.dirname(path.dirname(path.dirname(filePath)));
    const resolve = (from: string, relative: string) => path.resolve(from, relative);
    const out: WorkflowBuild[] = [];
    const runDefaults = (record: { [key: string]: Json }): string | undefined => {
      const defaults = record.defaults;
      const run = isRecord(defaults) ? defaults.run : undefined;
      return isRecord(run) && typeof run['working-directory'] === 'string' ? run['working-directory'] : undefined;
    };
    const workflowDir = runDefaults(value);
    for (const [jobName, job] of Object.entries(value.jobs)) {
      if (!isRecord(job) || !Array.isArray(job.steps)) continue;
      const jobDir = runDefaults(job) ?? workflowDir;
      const downloaded: string[] = [];
      job.steps.forEach((step, index) => {
        if (!isRecord(step)) return;
        if (typeof step.uses === 'string' && /^actions\/download-artifact@/i.test(step.uses)) {
          const where = isRecord(step.with) ? step.with.path : undefined;
          // No path: the workspace (GITHUB_WORKSPACE, the checkout); `~` and absolute paths are outside the repository.
          if (typeof where !== 'string' || where.trim() === '' || /\$\{\{/.test(where)) downloaded.push(root);
          else if (!/^(~|\/)/.test(where.trim())) downloaded.push(resolve(root, where.trim()));
          return;
        }
        const label = `${jobName} / ${typeof step.name === 'string' ? step.name : `step ${index + 1}`}`;
        if (typeof step.uses === 'string' && /^docker\/build-push-action@/i.test(step.uses)) {
          const inputs = isRecord(step.with) ? step.with : {};
          const context = typeof inputs.context === 'string' ? inputs.context : '.';
          const dockerfile = typeof inputs.file === 'string' ? inputs.file : undefined;
          // `${{ … }}` expressions and remote contexts are not followed.
          if (/\$\{\{|^[a-z]+:\/\/|^git@/i.test(context) || (dockerfile && /\$\{\{/.test(dockerfile))) return;
          const contextPath = resolve(root, context);
          // `tags:` is a list, or a string of tags separated by commas or new lines.
          const tags = Array.isArray(inputs.tags) ? inputs.tags.filter((t): t is string => typeof t === 'string') : typeof inputs.tags === 'string' ? inputs.tags.split(/[,\n]/) : [];
          out.push({ uri: file.uri, step: label, context: contextPath, dockerfile: dockerfile ? resolve(root, dockerfile) : path.join(contextPath, 'Dockerfile'), images: plainImages(tags), downloaded: [...downloaded] });
        } else if (typeof step.run === 'string') {
          const dir = typeof step['working-directory'] === 'string' ? step['working-directory'] : jobDir;
          if (dir !== undefined && /\$\{\{/.test(dir)) return;
          const cwd = resolve(root, dir ?? '.');
          for (const build of dockerBuildsInScript(step.run)) {
            const contextPath = resolve(cwd, build.context);
            out.push({ uri: file.uri, step: label, context: contextPath, dockerfile: build.file ? resolve(cwd, build.file) : path.join(contextPath, 'Dockerfile'), images: build.tags, downloaded: [...downloaded] });
          }
        }
      });
    }
    return out;
  });
}

const workflowUris = new PerGeneration<WorkspaceIndex, string[]>();

/** Every Dockerfile build the index's GitHub Actions workflows name. */
export function workflowBuilds(index: WorkspaceIndex): WorkflowBuild[] {
  const uris = workflowUris.get(index, index.fileSetGeneration, [], () => [...index.files()].filter((f) => workflowFile.test(f.uri)).map((f) => f.uri));
  const out: WorkflowBuild[] = [];
  for (const uri of uris) {
    const file = index.get(uri);
    if (file && !file.skipped) out.push(...buildsOf(file));
  }
  return out;
}
