import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { parseDotEnv } from './interpolate';
import { isComposeFile, readComposeDocument, type ComposeDocument, type ComposeReader, type Json } from './model';

const documentKey = Symbol('compose-document');

/** A file's Compose reading, built once per file version (and reader). */
export function composeDocumentOf(file: IndexedFile, reader: ComposeReader | undefined): ComposeDocument {
  const byReader = file.model(documentKey, () => new Map<ComposeReader | undefined, ComposeDocument>());
  let document = byReader.get(reader);
  if (!document) byReader.set(reader, (document = readComposeDocument(file, reader, parseDotEnv)));
  return document;
}

const folders = new WeakMap<WorkspaceIndex, { generation: number; byFolder: Map<string, string[]> }>();

/** The Compose files of the index by folder URI, rebuilt when the set of files changes. */
function composeFilesByFolder(index: WorkspaceIndex): Map<string, string[]> {
  const cached = folders.get(index);
  if (cached && cached.generation === index.fileSetGeneration) return cached.byFolder;
  const byFolder = new Map<string, string[]>();
  for (const file of index.files()) {
    if (!isComposeFile(file.uri)) continue;
    const folder = file.uri.slice(0, file.uri.lastIndexOf('/'));
    const list = byFolder.get(folder) ?? [];
    list.push(file.uri);
    byFolder.set(folder, list);
  }
  folders.set(index, { generation: index.fileSetGeneration, byFolder });
  return byFolder;
}

function isRecord(value: unknown): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The files a document `include`s (compose-go: a string, or `path` as a string or a list). */
export function includedPaths(document: ComposeDocument): string[] {
  const include = document.value?.include;
  if (!Array.isArray(include) || !document.folder) return [];
  const folder = document.folder;
  return include.flatMap((entry) => {
    const paths = typeof entry === 'string' ? [entry] : isRecord(entry) ? [entry.path].flat() : [];
    return paths.filter((p): p is string => typeof p === 'string' && !p.includes('$') && !/^[a-z]+:\/\//i.test(p)).map((p) => path.resolve(folder, p));
  });
}

/**
 * The Compose files that run together with a document: the Compose files of its folder (the main
 * file, its override, the `compose.<env>.yaml` variants given with `-f`), and what each includes,
 * transitively. Names defined in any of them are known; a conflict is looked for among the files
 * Compose always merges (see `mergedWith`).
 */
export function projectOf(file: IndexedFile, index: WorkspaceIndex, reader: ComposeReader | undefined): ComposeDocument[] {
  const folder = file.uri.slice(0, file.uri.lastIndexOf('/'));
  const seen = new Set<string>([file.uri]);
  const documents = [composeDocumentOf(file, reader)];
  const queue = [...(composeFilesByFolder(index).get(folder) ?? [])];
  while (queue.length > 0 && documents.length < 64) {
    const uri = queue.shift()!;
    if (seen.has(uri)) continue;
    seen.add(uri);
    const other = index.get(uri);
    if (!other || other.skipped) continue;
    documents.push(composeDocumentOf(other, reader));
  }
  for (let i = 0; i < documents.length && documents.length < 64; i++) {
    for (const included of includedPaths(documents[i])) {
      const uri = pathToFileURL(included).href;
      if (seen.has(uri)) continue;
      seen.add(uri);
      const other = index.get(uri);
      if (other && !other.skipped) documents.push(composeDocumentOf(other, reader));
    }
  }
  return documents;
}

/** Whether two files of one folder are merged by a plain `docker compose up`: the main file and its override, and what they include. */
export function alwaysMerged(uri: string): boolean {
  return /(^|\/)(docker-)?compose(\.override)?\.ya?ml$/i.test(uri);
}

export function servicesOf(document: ComposeDocument): { [name: string]: Json } {
  const services = document.value?.services;
  return isRecord(services) ? services : {};
}

/** A service of a Compose file that builds an image from a Dockerfile: the context folder, the Dockerfile's path, the container ports it targets. */
export interface ComposeBuild {
  uri: string;
  service: string;
  context: string;
  dockerfile: string;
  targetPorts: number[];
  /** The image the build is tagged as (the service's `image`), if any. */
  image?: string;
}

function containerPorts(service: { [key: string]: Json }): number[] {
  const ports = Array.isArray(service.ports) ? service.ports : [];
  const out: number[] = [];
  for (const entry of ports) {
    if (typeof entry === 'number') out.push(entry);
    else if (typeof entry === 'string') {
      const spec = entry.split('/')[0];
      const target = spec.slice(spec.lastIndexOf(':') + 1);
      if (/^\d+$/.test(target)) out.push(Number(target));
    } else if (isRecord(entry) && (typeof entry.target === 'number' || (typeof entry.target === 'string' && /^\d+$/.test(entry.target)))) out.push(Number(entry.target));
  }
  return out;
}

/** Every Compose service of the index that builds from a local Dockerfile. */
export function composeBuilds(index: WorkspaceIndex, reader: ComposeReader | undefined): ComposeBuild[] {
  const builds: ComposeBuild[] = [];
  for (const uris of composeFilesByFolder(index).values()) {
    for (const uri of uris) {
      const file = index.get(uri);
      if (!file || file.skipped) continue;
      const document = composeDocumentOf(file, reader);
      if (!document.folder) continue;
      for (const [name, service] of Object.entries(servicesOf(document))) {
        if (!isRecord(service)) continue;
        const build = service.build;
        const context = typeof build === 'string' ? build : isRecord(build) ? (typeof build.context === 'string' ? build.context : '.') : undefined;
        if (context === undefined || context.includes('$') || /^[a-z]+:\/\/|^git@/i.test(context)) continue;
        const contextPath = path.resolve(document.folder, context);
        const dockerfile = isRecord(build) && typeof build.dockerfile === 'string' ? build.dockerfile : 'Dockerfile';
        const image = typeof service.image === 'string' && !service.image.includes('$') ? service.image : undefined;
        builds.push({ uri, service: name, context: contextPath, dockerfile: path.resolve(contextPath, dockerfile), targetPorts: containerPorts(service), ...(image ? { image } : {}) });
      }
    }
  }
  return builds;
}
