import type { Range } from 'vscode-languageserver-types';
import { manifestIdentity } from '../kubernetes/manifest';
import { parseYamlFile, type YamlFile } from '../yaml/model';

/** One Kubernetes object found in the workspace. */
export interface IndexedObject {
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

export interface IndexedFile {
  uri: string;
  text: string;
  /** The parsed file, unless it is a template or over the size limit. */
  yaml?: YamlFile;
  objects: IndexedObject[];
}

export interface IndexOptions {
  /** Files larger than this are kept as text only (never parsed). */
  maxBytes: number;
  /** Files that are not YAML although they end in .yaml (Helm templates). */
  isTemplate: (uri: string, text: string) => boolean;
}

export type IndexListener = (uris: readonly string[]) => void;

/**
 * The one place cross-file knowledge lives: every YAML file of the workspace, parsed once per
 * version (chunks shared with the previous version), and the Kubernetes objects they define.
 * Open editors and the file system both feed it; rules only ask it, they never read the disk.
 */
export class WorkspaceIndex {
  private readonly entries = new Map<string, IndexedFile>();
  private readonly listeners = new Set<IndexListener>();

  constructor(private readonly options: IndexOptions) {}

  update(uri: string, text: string): IndexedFile {
    const previous = this.entries.get(uri);
    if (previous && previous.text === text) return previous;
    const entry = this.build(uri, text, previous?.yaml);
    this.entries.set(uri, entry);
    this.emit([uri]);
    return entry;
  }

  remove(uri: string): void {
    if (this.entries.delete(uri)) this.emit([uri]);
  }

  get(uri: string): IndexedFile | undefined {
    return this.entries.get(uri);
  }

  get size(): number {
    return this.entries.size;
  }

  files(): IterableIterator<IndexedFile> {
    return this.entries.values();
  }

  *objects(): Generator<IndexedObject> {
    for (const entry of this.entries.values()) yield* entry.objects;
  }

  onDidChange(listener: IndexListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private emit(uris: readonly string[]): void {
    for (const listener of this.listeners) listener(uris);
  }

  private build(uri: string, text: string, previous: YamlFile | undefined): IndexedFile {
    if (text.length > this.options.maxBytes || this.options.isTemplate(uri, text)) return { uri, text, objects: [] };
    const yaml = parseYamlFile(text, previous);
    const objects: IndexedObject[] = [];
    for (const ref of yaml.documents) {
      const identity = manifestIdentity(ref.doc);
      if (!identity) continue;
      const [start, end] = identity.kindNode.range ?? [0, 0];
      objects.push({
        uri,
        document: ref.index,
        apiVersion: identity.apiVersion,
        kind: identity.kind,
        name: identity.name,
        namespace: identity.namespace,
        range: yaml.lines.range(ref.offset + start, ref.offset + end),
      });
    }
    return { uri, text, yaml, objects };
  }
}
