/** Kubernetes manifests: schemas of the configured release and CRDs, cross-object rules, the object count of the status bar. */
import { kubernetesOwn } from '../kubernetes/files';
import { knownPinOf, type Family } from './descriptor';
import { frKubernetes } from '../kubernetes/fr';
import { loadKubernetesValidator } from '../platform/resources';
import { kubernetesDrawer } from '../kubernetes/drawer';
import { kubernetesFeature } from '../kubernetes/feature';
import { kubernetesRequests } from '../kubernetes/register';
import { kubernetesSettings } from '../kubernetes/settings';
import { kubernetesSystem } from '../kubernetes/system';
import { kubernetesFace, KubernetesGraph, remoteEntry } from '../kubernetes/api';
import { addNoticeSource, addNotReadSource } from '../platform/notRead';
import { manifestNotices } from '../kubernetes/model/readNotices';

// The ledger (#92): a kustomization listing a remote base or resource (a URL, a Git repository): what it gives is not fetched.
addNotReadSource((index) => KubernetesGraph.of(index).ofKind('Kustomization')
  .filter((k) => ['resources', 'bases', 'components'].some((field) => { const list = k.value[field]; return Array.isArray(list) && list.some((entry) => typeof entry === 'string' && remoteEntry(entry)); }))
  .map((k) => ({ uri: k.uri, reason: 'not-fetched' as const })));
// What the map read of a manifest despite an error (a duplicate key), and what it left out (another error): notices, with their lines.
addNoticeSource(manifestNotices);

export const kubernetesFamily: Family = {
  id: 'kubernetes',
  own: kubernetesOwn,
  title: 'Kubernetes manifests',
  // .gitignore files are indexed (never diagnosed) so that kustomize paths to generated files are
  // known; Makefiles and shell scripts so that the folders their kubectl commands apply are.
  files: { extensions: ['.yaml', '.yml', '.gitignore', '.mk', '.sh'], names: ['Makefile', 'GNUmakefile'] },
  languages: ['yaml'],
  features: (host) => [kubernetesFeature(loadKubernetesValidator(host.root), knownPinOf(host.families))],
  requests: kubernetesRequests,
  settings: kubernetesSettings,
  french: frKubernetes,
  rules: { prefixes: ['k8s-'] },
  system: kubernetesSystem,
  faces: { kubernetes: kubernetesFace },
  diagrams: [kubernetesDrawer],
  client: {
    walkthrough: [
      { id: "fixProblem", order: 2, title: { en: "See a problem and fix it", fr: "Voir un problème et le corriger" }, description: { en: "Open the deployment and change `replicas` to `replica`: Archipel underlines it and lists it in Problems. The lightbulb (Ctrl+.) offers the fix.\n[Open kubernetes/deployment.yaml](command:archipel.openExampleFile?%5B%22kubernetes%2Fdeployment.yaml%22%5D)", fr: "Ouvrez le déploiement et remplacez `replicas` par `replica` : Archipel le souligne et le liste dans Problèmes. L'ampoule (Ctrl+.) propose la correction.\n[Ouvrir kubernetes/deployment.yaml](command:archipel.openExampleFile?%5B%22kubernetes%2Fdeployment.yaml%22%5D)" }, media: { image: "docs/images/diagnostics.png", altText: { en: "A misspelt Kubernetes field underlined and listed in Problems", fr: "Un champ Kubernetes mal orthographié, souligné et listé dans Problèmes" } }, completionEvents: ["onContext:archipel.walkthrough.problemFixed"] },
    ],
  },
};
