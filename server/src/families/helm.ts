/**
 * Helm charts: a folder with a Chart.yaml. Its templates are Go templates (the index keeps them
 * as templates: only this family reads them), rendered with the chart's default values and
 * checked by the Kubernetes family's checks, loaded here once a chart is checked.
 */
import { helmOwn } from '../helm/files';
import { helmUsage } from '../cli/helmUsage';
import { once } from '../common/once';
import { knownPinOf, type Family, type FamilyHost } from './descriptor';
import { argoHelmFeature } from '../helm/argocd';
import { helmFeature } from '../helm/feature';
import { helmFace } from '../helm/api';
import { frHelm } from '../helm/fr';
import { apiVersionsAt, helmReader } from '../helm/host';
import { helmSystem } from '../helm/system';
import { kubernetesFeature } from '../kubernetes/feature';
import { loadKubernetesValidator } from '../platform/resources';
import { packageRoot } from '../disk/packageRoot';
import type { Feature } from '../features/feature';
import { defaultSettings } from '../settings';
import { addNotReadSource } from '../platform/notRead';
import { absentDependencies } from '../helm/absent';

// The ledger (#92, #95): a chart's dependencies from a registry that are not in the repository are not read.
addNotReadSource(absentDependencies);

function features(host: FamilyHost): Feature[] {
  const services = {
    kubernetes: once(() => kubernetesFeature(loadKubernetesValidator(host.root), knownPinOf(host.families))),
    apiVersions: () => apiVersionsAt(host.root),
    reader: helmReader,
  };
  return [helmFeature(services), argoHelmFeature(services)];
}

export const helmFamily: Family = {
  id: 'helm',
  own: helmOwn,
  title: 'Helm charts',
  files: {
    names: ['Chart.yaml', 'Chart.lock', 'values.schema.json', '.helmignore'],
    // PowerShell scripts: the helm commands they run install the workspace's charts (installs.ts).
    extensions: ['.tpl', '.ps1'],
    globs: ['templates/**/*.{yaml,yml,tpl,txt}', 'crds/**/*.{yaml,yml,json}', '*values*.{yaml,yml}', 'ci/*.{yaml,yml}'],
  },
  languages: ['yaml', 'helm'],
  features,
  commands: [
    {
      names: ['helm'],
      usage: helmUsage,
      async run(_name, args, { out, err, files, ledger }) {
        // Loaded on demand: the renderer is the command's alone.
        const { helmCommand } = await import('../cli/helm.js');
        return helmCommand(args, defaultSettings, files(defaultSettings), { apiVersions: () => apiVersionsAt(packageRoot()), reader: helmReader }, out, err, ledger);
      },
    },
  ],
  french: frHelm,
  rules: { prefixes: ['helm-'] },
  // The map asks the schemas only for a chart no diagnostic has rendered yet (`archipel diagram system`).
  system: helmSystem(() => ({ apiVersions: () => apiVersionsAt(packageRoot()), reader: helmReader })),
  // The charts as deployed, for the cost family (its lenses on values keys, the renders it prices).
  faces: { helm: helmFace({ apiVersions: () => apiVersionsAt(packageRoot()), reader: helmReader }) },
};
