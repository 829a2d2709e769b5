/**
 * Which files continuity is said of (common/ownFiles.ts): an archipel.yaml with a `continuity:` section, which asks for
 * the gaps on every deploy file (a Kubernetes manifest, a Compose file, a Terraform file): it is created when a YAML file passes, and its feature takes its own files.
 */
import type { OwnFiles } from '../common/ownFiles';

export const isArchipelYaml = (uri: string): boolean => /(?:^|\/)archipel\.ya?ml$/.test(uri);

export const continuityOwn: OwnFiles = {
  reads: 'beyond-yaml',
  test: (path, text) => isArchipelYaml(path) && /^continuity[ \t]*:/m.test(text() ?? 'continuity:'),
};
