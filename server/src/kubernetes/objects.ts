import type { Range } from 'vscode-languageserver-types';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { manifestIdentity } from './manifest';

/** One Kubernetes object found in the workspace. */
export interface KubernetesObject {
  uri: string;
  /** Index of the document in its file. */
  document: number;
  apiVersion: string;
  kind: string;
  name?: string;
  namespace?: string;
  /** Range of the object's `kind` value, a stable place to point at the object. */
  range: Range;
}

const objectsKey = Symbol('kubernetes-objects');

/** The Kubernetes objects a file defines (cached on the file version). */
export function kubernetesObjects(file: IndexedFile): KubernetesObject[] {
  return file.model(objectsKey, (f) => {
    const yaml = f.yaml;
    if (!yaml) return [];
    const objects: KubernetesObject[] = [];
    for (const ref of yaml.documents) {
      const identity = manifestIdentity(ref.doc);
      if (!identity) continue;
      const [start, end] = identity.kindNode.range ?? [0, 0];
      objects.push({
        uri: f.uri,
        document: ref.index,
        apiVersion: identity.apiVersion,
        kind: identity.kind,
        name: identity.name,
        namespace: identity.namespace,
        range: yaml.lines.range(ref.offset + start, ref.offset + end),
      });
    }
    return objects;
  });
}

export function* allKubernetesObjects(index: WorkspaceIndex): Generator<KubernetesObject> {
  for (const file of index.files()) yield* kubernetesObjects(file);
}
