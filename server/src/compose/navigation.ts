import { SymbolKind, type DocumentSymbol, type Location, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver-types';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { pathAtOffset, valueAt, type PathSegment } from '../yaml/path';
import { pairOf, type SourceNode } from '../yaml/tree';
import type { ComposeDocument, ComposeReader } from './model';
import { composeDocumentOf, projectOf } from './project';

export type NameKind = 'services' | 'networks' | 'volumes' | 'secrets' | 'configs';

/** What a path of a Compose file names: a service (its definition or a reference to it), a network, a volume… */
export function nameAt(path: readonly PathSegment[], value: unknown): { kind: NameKind; name: string; definition: boolean } | undefined {
  const [top, service, field, item, sub] = path;
  const text = typeof value === 'string' ? value : undefined;
  if (path.length === 2 && (top === 'services' || top === 'networks' || top === 'volumes' || top === 'secrets' || top === 'configs') && typeof service === 'string') return { kind: top, name: service, definition: true };
  if (top !== 'services' || typeof service !== 'string') return undefined;
  if (field === 'depends_on' && path.length === 4) return { kind: 'services', name: typeof item === 'number' ? (text ?? '') : String(item), definition: false };
  if (field === 'links' && path.length === 4 && text) return { kind: 'services', name: text.split(':')[0], definition: false };
  if (field === 'extends' && text && (path.length === 3 || (path.length === 4 && item === 'service'))) return { kind: 'services', name: text, definition: false };
  if (field === 'network_mode' && text?.startsWith('service:')) return { kind: 'services', name: text.slice(8), definition: false };
  if (field === 'volumes_from' && text && !text.startsWith('container:')) return { kind: 'services', name: (text.startsWith('service:') ? text.slice(8) : text).split(':')[0], definition: false };
  if (field === 'networks' && path.length === 4) return { kind: 'networks', name: typeof item === 'number' ? (text ?? '') : String(item), definition: false };
  if ((field === 'secrets' || field === 'configs') && path.length >= 4) {
    const name = path.length === 4 ? text : sub === 'source' ? text : undefined;
    return name ? { kind: field, name, definition: false } : undefined;
  }
  if (field === 'volumes' && path.length === 4 && text && /^[a-zA-Z0-9][\w.-]*:/.test(text)) return { kind: 'volumes', name: text.split(':')[0], definition: false };
  return undefined;
}

/** The name under the cursor, with the node holding it. */
export function nameAtOffset(file: IndexedFile, offset: number, reader: ComposeReader | undefined): { kind: NameKind; name: string; definition: boolean; document: ComposeDocument } | undefined {
  const ref = file.yaml?.documentAt(offset);
  if (!ref) return undefined;
  const document = composeDocumentOf(file, reader);
  const path = pathAtOffset(ref.doc, offset - ref.offset);
  const found = nameAt(path, valueAt(document.raw, path));
  return found && { ...found, document };
}

/** Where `name` is written in a scalar's source: a whole word between quotes, `:` or the scalar's ends (`service:db`, `"db:alias"`). */
function nameSpan(source: string, name: string): number {
  const edge = (c: string | undefined) => c === undefined || c === '"' || c === "'" || c === ':';
  for (let at = source.indexOf(name); at >= 0; at = source.indexOf(name, at + 1)) {
    if (edge(source[at - 1]) && edge(source[at + name.length])) return at;
  }
  return -1;
}

function location(document: ComposeDocument, lines: IndexedFile['lines'], node: SourceNode, text?: string, name?: string): Location {
  let start = node.start;
  let end = node.end;
  if (text !== undefined && name !== undefined) {
    const at = nameSpan(text.slice(node.start, node.end), name);
    if (at >= 0) {
      start = node.start + at;
      end = start + name.length;
    }
  }
  return { uri: document.uri, range: lines.range(document.offset + start, document.offset + end) };
}

/** Every place a name is written in a document: its definition's key and each reference to it. */
function occurrences(document: ComposeDocument, kind: NameKind, name: string, project?: ReadonlySet<string>): { node: SourceNode; definition: boolean }[] {
  const out: { node: SourceNode; definition: boolean }[] = [];
  /** `extends: {file: other.yaml, service: x}` names a service of `other.yaml`: one of this project only if that file is one of its files. */
  const elsewhere = (childPath: PathSegment[]): boolean => {
    if (childPath[2] !== 'extends' || childPath[3] !== 'service' || !project) return false;
    const file = valueAt(document.raw, [...childPath.slice(0, 3), 'file']);
    if (typeof file !== 'string' || !document.folder) return false;
    return !project.has(pathToFileURL(path.resolve(document.folder, file)).href);
  };
  const walk = (node: SourceNode | null | undefined, path: PathSegment[]): void => {
    if (!node) return;
    if (node.kind === 'map') {
      for (const pair of node.pairs ?? []) {
        if (pair.key === undefined) continue;
        const childPath = [...path, pair.key];
        const found = nameAt(childPath, pair.value?.kind === 'scalar' ? valueAt(document.raw, childPath) : undefined);
        if (found && found.kind === kind && found.name === name && pair.keyNode && (found.definition || pair.key === name)) out.push({ node: pair.keyNode, definition: found.definition });
        else if (found && found.kind === kind && found.name === name && pair.value?.kind === 'scalar' && !elsewhere(childPath)) out.push({ node: pair.value, definition: false });
        if (path.length < 5) walk(pair.value, childPath);
      }
    } else if (node.kind === 'seq') {
      (node.items ?? []).forEach((item, i) => {
        const childPath = [...path, i];
        if (item?.kind === 'scalar') {
          const found = nameAt(childPath, valueAt(document.raw, childPath));
          if (found && found.kind === kind && found.name === name) out.push({ node: item, definition: false });
        } else if (path.length < 5) walk(item, childPath);
      });
    }
  };
  walk(document.tree, []);
  return out;
}

function linesOf(index: WorkspaceIndex, uri: string): IndexedFile['lines'] | undefined {
  return index.get(uri)?.lines;
}

/** Go to definition: the key defining the service (network, volume…) in the project's Compose files. */
export function composeDefinition(file: IndexedFile, offset: number, index: WorkspaceIndex, reader: ComposeReader | undefined): Location[] {
  const found = nameAtOffset(file, offset, reader);
  if (!found) return [];
  const locations: Location[] = [];
  for (const document of projectOf(file, index, reader)) {
    const section = pairOf(document.tree, found.kind)?.value;
    const key = pairOf(section, found.name)?.keyNode;
    const lines = linesOf(index, document.uri) ?? (document.uri === file.uri ? file.lines : undefined);
    if (key && lines) locations.push(location(document, lines, key));
  }
  return locations;
}

/** Every definition and reference of the name under the cursor across the project's Compose files. */
export function composeReferences(file: IndexedFile, offset: number, index: WorkspaceIndex, reader: ComposeReader | undefined): Location[] {
  const found = nameAtOffset(file, offset, reader);
  if (!found) return [];
  const locations: Location[] = [];
  const documents = projectOf(file, index, reader);
  const uris = new Set(documents.map((d) => d.uri));
  for (const document of documents) {
    const lines = linesOf(index, document.uri) ?? (document.uri === file.uri ? file.lines : undefined);
    if (!lines) continue;
    for (const { node } of occurrences(document, found.kind, found.name, uris)) locations.push(location(document, lines, node, document.text, found.name));
  }
  return locations;
}

/** Compose's rule for a service (network, volume…) name (compose-spec: `^[a-zA-Z0-9._-]+$`). */
const validName = /^[a-zA-Z0-9._-]+$/;

/** The name under the cursor a rename changes: its span in this file and its text; undefined off a name. */
export function composePrepareRename(file: IndexedFile, offset: number, reader: ComposeReader | undefined): { range: Range; placeholder: string } | undefined {
  const found = nameAtOffset(file, offset, reader);
  if (!found || !validName.test(found.name)) return undefined;
  for (const { node } of occurrences(found.document, found.kind, found.name)) {
    const here = location(found.document, file.lines, node, found.document.text, found.name);
    const start = file.lines.offsetAt(here.range.start);
    const end = file.lines.offsetAt(here.range.end);
    if (start <= offset && offset <= end) return { range: here.range, placeholder: found.name };
  }
  return undefined;
}

/** Rename of a service (network, volume…) in every Compose file of the project: the definition and each reference. */
export function composeRename(file: IndexedFile, offset: number, newName: string, index: WorkspaceIndex, reader: ComposeReader | undefined): WorkspaceEdit | undefined {
  if (!validName.test(newName)) return undefined;
  const found = nameAtOffset(file, offset, reader);
  if (!found) return undefined;
  const changes: Record<string, TextEdit[]> = {};
  for (const locationFound of composeReferences(file, offset, index, reader)) (changes[locationFound.uri] ??= []).push({ range: locationFound.range, newText: newName });
  return { changes };
}

/** Outline: the services, networks, volumes, secrets and configs. */
export function composeSymbols(file: IndexedFile, reader: ComposeReader | undefined): DocumentSymbol[] {
  const document = composeDocumentOf(file, reader);
  const symbols: DocumentSymbol[] = [];
  for (const pair of document.tree?.pairs ?? []) {
    if (!pair.keyNode || pair.key === undefined) continue;
    const end = (pair.value ?? pair.keyNode).end;
    const range = file.lines.range(document.offset + pair.keyNode.start, document.offset + end);
    const children: DocumentSymbol[] = [];
    if (['services', 'networks', 'volumes', 'secrets', 'configs'].includes(pair.key)) {
      for (const child of pair.value?.pairs ?? []) {
        if (!child.keyNode || child.key === undefined) continue;
        const childRange = file.lines.range(document.offset + child.keyNode.start, document.offset + (child.value ?? child.keyNode).end);
        children.push({ name: child.key, kind: pair.key === 'services' ? SymbolKind.Class : SymbolKind.Field, range: childRange, selectionRange: file.lines.range(document.offset + child.keyNode.start, document.offset + child.keyNode.end) });
      }
    }
    symbols.push({ name: pair.key, kind: SymbolKind.Namespace, range, selectionRange: file.lines.range(document.offset + pair.keyNode.start, document.offset + pair.keyNode.end), children });
  }
  return symbols;
}
