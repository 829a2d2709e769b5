/** Dockerfiles: hadolint's rules and BuildKit's checks under their ids, the build context, Compose and Kubernetes. */
import type { Family } from './descriptor';
import { dockerfileFeature } from '../dockerfile/feature';
import { dockerfileReader } from '../dockerfile/host';
import { frDockerfile } from '../dockerfile/fr';
import { dockerfiles } from '../dockerfile/model';
import { hadolint } from '../dockerfile/rules';
import { withKnownPin } from '../dockerfile/pins';
import { dockerfileSystem } from '../dockerfile/system';

export const dockerfileFamily: Family = {
  id: 'dockerfile',
  title: 'Dockerfiles',
  system: dockerfileSystem,
  files: dockerfiles,
  languages: ['dockerfile'],
  features: () => [dockerfileFeature(dockerfileReader)],
  french: frDockerfile,
  knownPin: withKnownPin,
  rules: { prefixes: ['dockerfile-', 'buildkit-'], ids: Object.values(hadolint).map((rule) => rule.id) },
};
