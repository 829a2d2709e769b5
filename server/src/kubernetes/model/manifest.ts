import { isMap, isScalar, type Document, type Node } from 'yaml';
import { findPair } from '../../yaml/path';

/** What makes a YAML document a Kubernetes object: string `apiVersion` and `kind` at the top. */
export interface ManifestIdentity {
  apiVersion: string;
  kind: string;
  name?: string;
  namespace?: string;
  /** The `apiVersion` and `kind` value nodes, for ranges. */
  apiVersionNode: Node;
  kindNode: Node;
}

function stringValue(node: Node | null | undefined): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

export function manifestIdentity(doc: Document.Parsed): ManifestIdentity | undefined {
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const apiVersionNode = findPair(root, 'apiVersion')?.value;
  const kindNode = findPair(root, 'kind')?.value;
  const apiVersion = stringValue(apiVersionNode);
  const kind = stringValue(kindNode);
  if (!apiVersion || !kind || !apiVersionNode || !kindNode) return undefined;
  const metadata = findPair(root, 'metadata')?.value;
  const name = isMap(metadata) ? stringValue(findPair(metadata, 'name')?.value) : undefined;
  const namespace = isMap(metadata) ? stringValue(findPair(metadata, 'namespace')?.value) : undefined;
  return { apiVersion, kind, name, namespace, apiVersionNode, kindNode };
}

/** `apps/v1` → `apps`; `v1` → `` (the core group). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function kindKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}
