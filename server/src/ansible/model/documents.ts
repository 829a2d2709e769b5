/** A playbook's or task file's model (model.ts), built once per YAML document and kept on its chunk. */
import type { YamlChunk } from '../../yaml/model';
import { readDocument, type AnsibleDocument, type Keywords } from './model';

const documentKey = Symbol('ansible-document');

/** The document model of a chunk read as `kind`, built once per chunk (an unchanged chunk keeps it across edits). */
export function documentOf(chunk: YamlChunk, kind: 'playbook' | 'tasks' | 'handlers', keywords: Keywords): AnsibleDocument {
  let byKind = chunk.cache.get(documentKey) as Map<string, AnsibleDocument> | undefined;
  if (!byKind) chunk.cache.set(documentKey, (byKind = new Map()));
  let document = byKind.get(kind);
  if (!document) byKind.set(kind, (document = readDocument(chunk.value, chunk.tree, kind, keywords, chunk.text)));
  return document;
}
