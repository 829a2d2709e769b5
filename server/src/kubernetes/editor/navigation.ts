import { MarkupKind, SymbolKind, type DocumentSymbol, type Hover, type Location } from 'vscode-languageserver-types';
import type { FeatureContext } from '../../features/feature';
import type { SchemaEngine } from '../../schema/engine';
import type { IndexedFile } from '../../workspace/index';
import { pathAtOffset } from '../../yaml/path';
import { kindKey } from '../model/manifest';
import { KubernetesGraph, kubernetesObjects, type KubernetesObject } from '../model/objects';
import { locate } from '../checks/context';
import { outgoingLinks, within } from '../model/links';
import { containersOf, get, isObject, podLabelsPath, stringMap } from '../model/workloads';
import { t } from '../../l10n/t';

/** The object whose document contains the offset, with the YAML path at it. */
export function objectAt(file: IndexedFile, offset: number): { object: KubernetesObject; path: (string | number)[] } | undefined {
  for (const object of kubernetesObjects(file)) {
    if (offset >= object.offset && offset <= object.offset + object.chunk.text.length && object.chunk.doc) {
      return { object, path: pathAtOffset(object.chunk.doc, offset - object.offset) };
    }
  }
  return undefined;
}

export function locationOf(context: FeatureContext, object: KubernetesObject, path: (string | number)[] = ['metadata', 'name'], part: 'key' | 'value' = 'value'): Location | undefined {
  const file = context.index.get(object.uri);
  if (!file) return undefined;
  const [start, end] = locate(object, path, part);
  return { uri: object.uri, range: file.lines.range(object.offset + start, object.offset + end) };
}

/** Go to definition: from a reference (ConfigMap name, backend Service, scale target, selector) to the objects. */
export function definition(file: IndexedFile, offset: number, context: FeatureContext): Location[] {
  const at = objectAt(file, offset);
  if (!at) return [];
  const graph = KubernetesGraph.of(context.index);
  const link = outgoingLinks(at.object, graph).find((l) => within(at.path, l.path));
  if (!link) return [];
  return link.targets.map((t) => locationOf(context, t)).filter((l): l is Location => !!l);
}

/** Find references: from an object (anywhere in it) to every reference that points at it. */
export function references(file: IndexedFile, offset: number, context: FeatureContext): Location[] {
  const at = objectAt(file, offset);
  if (!at) return [];
  const graph = KubernetesGraph.of(context.index);
  const found: Location[] = [];
  for (const other of graph.all()) {
    for (const link of outgoingLinks(other, graph)) {
      if (link.label.endsWith(' key') || !link.targets.includes(at.object)) continue;
      const location = locationOf(context, other, link.path, link.label === 'selects' ? 'key' : 'value');
      if (location) found.push(location);
    }
  }
  return found;
}

/** A short Markdown summary of an object for hovers. */
export function summary(object: KubernetesObject, context: FeatureContext): string {
  const lines = [`**${object.kind}** \`${object.name ?? t('(unnamed)')}\`${object.namespace ? t(' in namespace `{0}`', object.namespace) : ''} — ${object.apiVersion}`];
  const file = context.index.get(object.uri);
  // The line the object starts on (its first key), not its `kind` line (object.range).
  const where = file ? `${decodeURIComponent(object.uri.slice(object.uri.lastIndexOf('/') + 1))}:${file.lines.positionAt(object.offset + (object.chunk.tree?.start ?? 0)).line + 1}` : object.uri;
  lines.push(t('defined in {0}', where));
  const labelsPath = podLabelsPath(object.kind);
  const labels = labelsPath ? stringMap(get(object.value, labelsPath)) : undefined;
  if (labels && Object.keys(labels).length) lines.push(t('pod labels: {0}', Object.entries(labels).map(([k, v]) => `\`${k}=${v}\``).join(', ')));
  const containers = containersOf(object.value, object.kind);
  if (containers.length) lines.push(t('containers: {0}', containers.map((c) => `\`${String(c.container.name)}\` (${String(c.container.image ?? t('no image'))})`).join(', ')));
  const ports = get(object.value, ['spec', 'ports']);
  if (object.kind === 'Service' && Array.isArray(ports)) lines.push(t('ports: {0}', ports.filter(isObject).map((p) => `${p.name ? `${String(p.name)} ` : ''}${String(p.port)}→${String(p.targetPort ?? p.port)}`).join(', ')));
  if (object.kind === 'ConfigMap' || object.kind === 'Secret') {
    const keys = [...Object.keys(isObject(object.value.data) ? object.value.data : {}), ...Object.keys(isObject(object.value.stringData) ? object.value.stringData : {}), ...Object.keys(isObject(object.value.binaryData) ? object.value.binaryData : {})];
    lines.push(t('keys: {0}', keys.length ? keys.map((k) => `\`${k}\``).join(', ') : t('none')));
  }
  return lines.join('  \n');
}

/** Hover: a referenced object's summary on a reference; else the field's type and description. */
export function hover(file: IndexedFile, offset: number, context: FeatureContext, engine: SchemaEngine): Hover | undefined {
  const at = objectAt(file, offset);
  if (!at) return undefined;
  const graph = KubernetesGraph.of(context.index);
  const link = outgoingLinks(at.object, graph).find((l) => within(at.path, l.path));
  if (link) {
    const body = link.targets.length === 0 ? t('No {0} of that name is defined in this workspace.', link.label) : link.targets.map((target) => summary(target, context)).join('\n\n---\n\n');
    return { contents: { kind: MarkupKind.Markdown, value: body } };
  }
  const schema = engine.schemaAtPath(kindKey(at.object.apiVersion, at.object.kind), at.path);
  if (!schema || at.path.length === 0) return undefined;
  const parent = engine.schemaAtPath(kindKey(at.object.apiVersion, at.object.kind), at.path.slice(0, -1));
  const raw = parent?.properties?.[String(at.path[at.path.length - 1])];
  const description = raw?.description ?? schema.description;
  const type = engine.typeName(schema) ?? [schema.type].flat().filter((name) => name && name !== 'null').join(' | ');
  const field = at.path.filter((s) => typeof s === 'string').join('.');
  return { contents: { kind: MarkupKind.Markdown, value: `\`${field}\`${type ? ` — *${type}*` : ''}${description ? `\n\n${description}` : ''}` } };
}

/** Outline: one symbol per object (`Kind name`), its containers as children. */
export function documentSymbols(file: IndexedFile): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  for (const object of kubernetesObjects(file)) {
    const start = object.offset;
    const end = object.offset + object.chunk.text.trimEnd().length;
    const range = file.lines.range(start, Math.max(start, end));
    const children: DocumentSymbol[] = containersOf(object.value, object.kind).map((ref) => {
      const [s, e] = locate(object, ref.path);
      const [ns, ne] = locate(object, [...ref.path, 'name']);
      return {
        name: String(ref.container.name ?? '(unnamed)'),
        detail: `${ref.kind === 'containers' ? 'container' : ref.kind === 'initContainers' ? 'init container' : 'ephemeral container'}${typeof ref.container.image === 'string' ? ` · ${ref.container.image}` : ''}`,
        kind: SymbolKind.Field,
        range: file.lines.range(object.offset + s, object.offset + e),
        selectionRange: file.lines.range(object.offset + ns, object.offset + ne),
      };
    });
    symbols.push({
      name: `${object.kind} ${object.name ?? '(unnamed)'}`,
      detail: [object.apiVersion, object.namespace].filter(Boolean).join(' · '),
      kind: SymbolKind.Class,
      range,
      selectionRange: object.range,
      children,
    });
  }
  return symbols;
}
