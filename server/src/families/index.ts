/**
 * The composition root: every family Archipel has, language and compute, in one list. A family is
 * its own folder(s) and a `Family` (descriptor.ts) in `families/<family>.ts`, listed here once; what was
 * a hand-kept list elsewhere is derived from this one: the features (in this order: the order
 * diagnostics are listed in), the requests, the CLI's commands and help, the worker bundles
 * (esbuild.mjs), the French catalogues, the settings sections, the client's document selector and
 * file watchers (package.json, scripts/gen-families.mjs) and docs/rules.md's table. The transport
 * (lsp/server.ts) imports none of them: the entry (serverMain.ts) hands it `serverRuntime(...)`.
 */
import { adrFamily } from './adr';
import { amdecFamily } from './amdec';
import { ansibleFamily } from './ansible';
import { appConfigFamily } from './appconfig';
import { blurFamily } from './blur';
import { composeFamily } from './compose';
import { diagramsFamily } from './diagrams';
import { dockerfileFamily } from './dockerfile';
import { experimentsFamily } from './experiments';
import { grafanaFamily } from './grafana';
import { helmFamily } from './helm';
import type { ComputeFamily } from '../engines/core/requests';
import { kubernetesFamily } from './kubernetes';
import type { Checkpoint, ServerRuntime } from '../lsp/server';
import { mermaidFamily } from './mermaid';
import { pipelineFamily } from './pipeline';
import { policyFamily } from './policy';
import { packageRoot } from '../disk/packageRoot';
import { predictFamily } from './predict';
import { privacyFamily } from './privacy';
import { prometheusFamily } from './prometheus';
import { raciFamily } from './raci';
import { serveFamily } from './serve';
import { sloFamily } from './slo';
import type { ArchipelSettings } from '../settings';
import { snippetsFamily } from './snippets';
import { systemFamily } from './system';
import { terraformFamily } from './terraform';
import { threatsFamily } from './threats';
import { costFamily } from './cost';
import { continuityFamily } from './continuity';
import { validateFamily } from './validate';
import { workflowsFamily } from './workflows';
import { yamlFamily } from './yaml';
import type { Family, FamilyHost } from './descriptor';
import { FileMatcher } from '../common/fileSelector';
import type { Feature } from '../features/feature';
import { featuresOf, filesOf, hostOf, installFamilies, requestsOf } from './select';

export { installFamilies } from './select';

/** Every family: the one place to add one. */
export const families: readonly Family[] = [
  yamlFamily,
  kubernetesFamily,
  raciFamily,
  amdecFamily,
  adrFamily,
  diagramsFamily,
  workflowsFamily,
  blurFamily,
  predictFamily,
  serveFamily,
  mermaidFamily,
  snippetsFamily,
  pipelineFamily,
  validateFamily,
  composeFamily,
  dockerfileFamily,
  experimentsFamily,
  prometheusFamily,
  ansibleFamily,
  grafanaFamily,
  terraformFamily,
  helmFamily,
  appConfigFamily,
  systemFamily,
  privacyFamily,
  threatsFamily,
  sloFamily,
  costFamily,
  policyFamily,
  continuityFamily,
];

installFamilies(families);

/** A run's host: the package root, the clock and the run's families (the whole list by default). */
export function familyHost(now: () => Date = () => new Date(), root: string = packageRoot(), list: readonly Family[] = families): FamilyHost {
  return hostOf(now, root, list);
}

/** Every family's features (select.ts's createFeatures), the whole list by default. */
export function createFeatures(host: FamilyHost, list: readonly Family[] = families): Feature[] {
  return featuresOf(host, list);
}

/** Every family's requests, bound to the run's host, the whole list by default. */
export function familyRequests(host: FamilyHost, list: readonly Family[] = families): ComputeFamily[] {
  return requestsOf(host, list);
}

/** The one file selector: every family's (the whole list by default), with the user's globs of `settings`. */
export function familyFiles(settings?: ArchipelSettings, list: readonly Family[] = families): FileMatcher {
  return filesOf(settings, list);
}

/** Everything the language server is made of besides its connection: the features, every family. */
export function serverRuntime(bundleDir: string, checkpoint?: (moment: Checkpoint) => void, list: readonly Family[] = families): ServerRuntime {
  const host = familyHost(undefined, undefined, list);
  return {
    createFeatures: () => createFeatures(host, list),
    files: (settings) => familyFiles(settings, list),
    sideFiles: new FileMatcher(list.flatMap((family) => (family.sideFiles ? [family.sideFiles] : []))),
    families: familyRequests(host, list),
    bundleDir,
    ...(checkpoint ? { checkpoint } : {}),
  };
}
