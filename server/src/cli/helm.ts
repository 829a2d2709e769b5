/**
 * `archipel helm template [NAME] [CHART] [-f FILE]... [--set K=V]... [-n NS]`: the chart rendered
 * as `helm template` prints it (helm/template.ts), from the workspace around it (its dependencies
 * may be charts beside it). Exit 0 rendered, 1 when Helm would fail (nothing printed, as Helm) or
 * a template is not rendered (what Archipel does not compute: the rest printed), 2 a usage error.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseOptions } from './didYouMean';
import { pathToFileURL } from 'node:url';
import type { FileMatcher } from '../common/fileSelector';
import { confineReads, readText } from '../disk/readText';
import { fromPlain, isMap, type GoMap, type GoValue } from '../gotemplate/values';
import { chartAt } from '../helm/chart';
import type { RenderServices } from '../helm/services';
import { releaseOptions } from '../helm/services';
import { parseSet } from '../helm/setValues';
import { helmTemplate } from '../helm/template';
import { mergeValues } from '../helm/values';
import { t } from '../l10n/t';
import { contextRoots } from '../platform/project';
import { openProject } from '../platform/opening';
import { indexOptions } from '../service';
import type { ArchipelSettings } from '../settings';
import { WorkspaceIndex } from '../workspace/index';
import { parseYamlFile } from '../yaml/model';
import { helmUsage } from './helmUsage';
import { UsageError } from './usage';
import { notReadText, type ReadLedger } from '../platform/notRead';

/** A values file the user named: its first document, a mapping. */
async function valuesFile(file: string): Promise<GoMap> {
  let text: string;
  try {
    text = (await readText(file)).text;
  } catch (error) {
    throw new UsageError(t('cannot read the values file {0}: {1}', file, error instanceof Error ? error.message : String(error)));
  }
  const first = parseYamlFile(text).chunks[0];
  if (!first) return new Map<string, GoValue>();
  if (!first.chunk.wellFormed) throw new UsageError(t('the values file {0} is not YAML', file));
  const values = fromPlain(first.chunk.value ?? {});
  if (!isMap(values)) throw new UsageError(t('the values file {0} is not a mapping of values', file));
  return values;
}

/** The files of the charts among `files` (each folder holding a Chart.yaml, its .helmignore with it): a render reads nothing else. */
function chartFiles(files: readonly string[]): string[] {
  const roots = files.filter((file) => path.basename(file) === 'Chart.yaml').map((file) => path.dirname(file) + path.sep);
  const found = files.filter((file) => roots.some((root) => file.startsWith(root)));
  for (const root of roots) if (existsSync(`${root}.helmignore`)) found.push(`${root}.helmignore`);
  return found;
}

export async function helmCommand(args: string[], settings: ArchipelSettings, files: FileMatcher, services: RenderServices, out: (text: string) => void, err: (text: string) => void, ledger?: ReadLedger): Promise<number> {
  const { values: options, positionals } = parseOptions('helm', {
    args,
    allowPositionals: true,
    strict: true,
    options: { values: { type: 'string', short: 'f', multiple: true }, set: { type: 'string', multiple: true }, namespace: { type: 'string', short: 'n' }, help: { type: 'boolean', short: 'h' } },
  });
  const [sub, ...rest] = positionals;
  if (options.help || sub === undefined) {
    out(`Usage: archipel helm template [NAME] [CHART] [options]\n\n${helmUsage}`);
    return options.help ? 0 : 2;
  }
  if (sub !== 'template') throw new UsageError(t('unknown helm command "{0}" (expected template)', sub));
  if (rest.length > 2) throw new UsageError(t('helm template takes at most NAME and CHART'));
  const [name, chartPath] = rest.length === 2 ? rest : ['release-name', rest[0] ?? '.'];
  const folder = path.resolve(chartPath);
  if (!existsSync(path.join(folder, 'Chart.yaml'))) throw new UsageError(t('no Chart.yaml in {0}', chartPath));
  let user: GoMap = new Map<string, GoValue>();
  for (const file of options.values ?? []) user = mergeValues(user, await valuesFile(file));
  const set = parseSet(options.set ?? []);
  if ('error' in set) throw new UsageError(t('--set: {0}', set.error));
  user = mergeValues(user, set.values);

  // The workspace around the chart: a dependency charts/ lacks may be a chart beside it.
  const roots = await contextRoots([folder]);
  const unconfine = confineReads(roots, settings.validation.maxSideFileKb);
  try {
    // The project's opening (platform/opening.ts): its archipel.yaml's excludes and its listing, as every command's.
    const opened = await openProject([folder], { settings, files, err });
    const index = new WorkspaceIndex(indexOptions(opened.settings));
    for (const file of chartFiles(await opened.context())) {
      try {
        const { text, problem } = await readText(file);
        index.update(pathToFileURL(file).href, text, { textProblem: problem });
      } catch {
        // An unreadable file is not part of the chart.
      }
    }
    const layout = chartAt(index, pathToFileURL(`${folder}${path.sep}`).href);
    if (!layout) throw new UsageError(t('no Chart.yaml in {0}', chartPath));
    const release = { ...releaseOptions(settings, services), name, namespace: options.namespace ?? 'default' };
    const result = helmTemplate(index, layout, { release, values: user }, services);
    if (!result.failed) out(result.text.trimEnd());
    for (const problem of result.problems) err(`archipel helm template: ${problem}`);
    // What the render did not read (platform/notRead.ts): the manifests are stdout's, so it is said on stderr.
    ledger?.addIndex(index);
    for (const line of notReadText(ledger?.relative(process.cwd()) ?? [])) err(`archipel helm template: ${line}`);
    return result.problems.length > 0 ? 1 : 0;
  } finally {
    unconfine();
  }
}
