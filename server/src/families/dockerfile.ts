/** Dockerfiles: hadolint's rules and BuildKit's checks under their ids, the build context, Compose and Kubernetes. */
import { facesOf, type Family } from './descriptor';
import { dockerfileFeature } from '../dockerfile/feature';
import { dockerfileReader } from '../dockerfile/host';
import { frDockerfile } from '../dockerfile/fr';
import { dockerfiles } from '../dockerfile/model';
import { hadolint } from '../dockerfile/rules';
import { knownPinWith } from '../dockerfile/pins';
import { dockerfileSystemWith } from '../dockerfile/system';

export const dockerfileFamily: Family = {
  id: 'dockerfile',
  title: 'Dockerfiles',
  system: (faces) => dockerfileSystemWith(faces.kubernetes, dockerfileReader),
  files: dockerfiles,
  languages: ['dockerfile'],
  // The build context's `.dockerignore` (or `<Dockerfile>.dockerignore`) and hadolint's configuration: whether each exists is kept until one changes (dockerfile/sideProbes.ts).
  // Makefiles too: one naming a COPY source make produces says it is not read rather than missing (dockerfile/context.ts).
  sideFiles: { names: ['.dockerignore', '.hadolint.yaml', '.hadolint.yml', 'GNUmakefile', 'makefile', 'Makefile'], extensions: ['.dockerignore', '.mk'] },
  features: (host) => [dockerfileFeature(dockerfileReader, facesOf(host.families))],
  french: frDockerfile,
  knownPin: (faces) => knownPinWith(faces.compose),
  rules: { prefixes: ['dockerfile-', 'buildkit-'], ids: Object.values(hadolint).map((rule) => rule.id) },
};
