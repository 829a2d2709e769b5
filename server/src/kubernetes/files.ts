/**
 * Which files Kubernetes says something of (common/ownFiles.ts): of a YAML file, a document with `apiVersion` and `kind`
 * (its schema check and objects) or a kustomization (which may have neither); its other files (Makefiles, scripts,
 * .gitignore) as its selector takes them.
 */
import { YAML_FILE, type OwnFiles } from '../common/ownFiles';

export const kubernetesOwn: OwnFiles = { test: (path, text) => !YAML_FILE.test(path) || /(^|\/)kustomization\.ya?ml$/i.test(path) || /\b(apiVersion|kind)\b/.test(text() ?? 'kind') };
