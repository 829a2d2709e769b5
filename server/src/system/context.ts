/**
 * What the system map's findings on Compose files checked alone read beyond their projects (issue #84): the context of
 * `archipel check compose.yaml` in a repository of many projects (docker/awesome-compose: 39 projects, 480 files).
 *
 * The map's findings on a Compose file (checks.ts) read its project folder, and beyond it what may carry an image
 * build, a scrape, a RACI role, a decision, a component of the same program (its twins), an answer to an address, or
 * the system's root (components.ts, appconfig's owners): Compose files, Dockerfiles, manifests, workflows, scripts,
 * Terraform, application configuration, ADRs. Outside the named files' project folders, three kinds of file carry
 * none of these, and are left out of the context:
 * - source code (the application-configuration family's `code` files): its addresses are calls of the components
 *   owning it, never reported (`report: false`), and no check of a Compose file reads calls; what a service
 *   registers under (Spring's `spring.application.name`) is configuration, kept;
 * - Markdown outside a folder of decisions (`adr`, `decisions`, when no `.adr-dir` names another): its drawings'
 *   findings are its own (drift.ts), and only ADRs contribute to the model (adr/system.ts reads the conventional
 *   folders and `.adr-dir`'s);
 * - `.gitignore` files of other folders: Kubernetes reads them for kustomize paths a build step generates (findings
 *   on kustomizations, not on a Compose file); those above a named file are kept.
 * Compose's own findings read the project's Compose files (`include`, overrides: YAML, kept) and the disk.
 * Nothing is left out when the files left would change the folder holding every indexed file (appconfig's root), nor
 * past SUMMARY_THRESHOLD files (the map is then off, and the count of files decides it).
 */
import { appConfigKind } from '../appconfig/api';
import { projectFolder, under } from '../features/system/source';
import { SUMMARY_THRESHOLD } from '../workspace/summaries';

const folderOf = (uri: string) => uri.slice(0, uri.lastIndexOf('/'));
const baseOf = (uri: string) => uri.slice(uri.lastIndexOf('/') + 1);

/** A folder of decisions, or one holding one: a path segment the ADR folders' conventions end with (docs/adr, docs/decisions). */
const decisionSegment = /\/(adrs?|decisions)\//i;

/** The folder holding every file (URIs). */
function commonFolder(uris: Iterable<string>): string | undefined {
  let common: string | undefined;
  for (const uri of uris) {
    const folder = folderOf(uri);
    if (common === undefined) common = folder;
    while (common !== '' && folder !== common && !folder.startsWith(`${common}/`)) common = common.includes('/') ? folderOf(common) : '';
  }
  return common;
}

/**
 * The context of `named` (the files checked, each a Compose file: `isCompose`) among `context` (every file of their
 * context roots, the named ones among them or not): those the map's findings on them may read (above). `uri`: a file's
 * URI, as the index names it. The context unchanged when a named file is no Compose file or the files are past
 * SUMMARY_THRESHOLD.
 */
export function composeMapContext<F>(named: readonly F[], context: readonly F[], options: { uri: (file: F) => string; isCompose: (file: F) => boolean }): readonly F[] {
  if (named.length === 0 || !named.every(options.isCompose) || named.length + context.length > SUMMARY_THRESHOLD) return context;
  const projects = named.map((file) => projectFolder(options.uri(file)));
  const inProject = (uri: string) => projects.some((folder) => under(uri, folder));
  const aboveProject = (folder: string) => projects.some((project) => project === folder || under(project, folder));
  const uris = context.map(options.uri);
  const otherAdrFolders = uris.some((uri) => baseOf(uri) === '.adr-dir');
  const leftOut = (uri: string): boolean => {
    if (inProject(uri)) return false;
    const base = baseOf(uri).toLowerCase();
    if (base === '.gitignore') return !aboveProject(folderOf(uri));
    if (base.endsWith('.md') || base.endsWith('.markdown')) return !otherAdrFolders && !decisionSegment.test(uri);
    return appConfigKind(uri) === 'code';
  };
  const kept = context.filter((_, i) => !leftOut(uris[i]));
  if (kept.length === context.length) return context;
  // The root every indexed file shares (appconfig's owners are folders below it) stays the whole run's.
  const namedUris = named.map(options.uri);
  return commonFolder([...namedUris, ...kept.map(options.uri)]) === commonFolder([...namedUris, ...uris]) ? kept : context;
}
