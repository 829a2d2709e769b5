/** Which files Helm says something of beyond its selector (common/ownFiles.ts): an Argo CD Application in any YAML (argocd.ts mayHoldApplication). */
import { YAML_FILE, type OwnFiles } from '../common/ownFiles';

/** The API group of Argo CD's kinds: a YAML text without it holds no Application. */
export const ARGO_GROUP = 'argoproj.io';

export const helmOwn: OwnFiles = { reads: 'beyond-yaml', test: (path, text) => YAML_FILE.test(path) && (text()?.includes(ARGO_GROUP) ?? true) };
