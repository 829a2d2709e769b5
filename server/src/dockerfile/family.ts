/** Dockerfiles: hadolint's rules and BuildKit's checks under their ids, the build context, Compose and Kubernetes. */
import { containersReader } from '../compose/family';
import type { Family } from '../families/descriptor';
import { dockerfileFeature } from './feature';
import { frDockerfile } from './fr';
import { dockerfiles } from './model';
import { hadolint } from './rules';

export const dockerfileFamily: Family = {
  id: 'dockerfile',
  title: 'Dockerfiles',
  files: dockerfiles,
  languages: ['dockerfile'],
  features: () => [dockerfileFeature(containersReader)],
  french: frDockerfile,
  rules: { prefixes: ['dockerfile-', 'buildkit-'], ids: Object.values(hadolint).map((rule) => rule.id) },
};
