/** Kubernetes manifests: schemas of the configured release and CRDs, cross-object rules, the object count of the status bar. */
import type { Family } from './descriptor';
import { frKubernetes } from '../kubernetes/fr';
import { loadKubernetesValidator } from '../platform/resources';
import { kubernetesFeature } from '../kubernetes/feature';
import { kubernetesRequests } from '../kubernetes/register';
import { kubernetesSettings } from '../kubernetes/settings';

export const kubernetesFamily: Family = {
  id: 'kubernetes',
  title: 'Kubernetes manifests',
  // .gitignore files are indexed (never diagnosed) so that kustomize paths to generated files are
  // known; Makefiles and shell scripts so that the folders their kubectl commands apply are.
  files: { extensions: ['.yaml', '.yml', '.gitignore', '.mk', '.sh'], names: ['Makefile', 'GNUmakefile'] },
  languages: ['yaml'],
  features: (host) => [kubernetesFeature(loadKubernetesValidator(host.root))],
  requests: kubernetesRequests,
  settings: kubernetesSettings,
  french: frKubernetes,
  rules: { prefixes: ['k8s-'] },
};
