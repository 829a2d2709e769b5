import { CodeActionKind, CompletionItemKind, InsertTextFormat, MarkupKind, type CodeAction, type CompletionItem, type Diagnostic, type Hover } from 'vscode-languageserver-types';
import { replacementFixes } from '../common/fixes';
import type { Feature, FeatureContext, PlacedFinding } from '../features/feature';
import { t } from '../l10n/t';
import type { JsonSchema, SchemaEngine } from '../schema/engine';
import type { IndexedFile } from '../workspace/index';
import { cursorContext } from '../yaml/cursor';
import { pathAtOffset, type PathSegment } from '../yaml/path';
import { imageChecks, portChecks, referenceChecks, resourceChecks, schemaChecks, variableChecks } from './checks';
import { pathChecks } from './paths';
import { isComposeFile } from './files';
import type { ComposeReader } from './model';
import { composeDefinition, composePrepareRename, composeReferences, composeRename, composeSymbols, nameAt, type NameKind } from './navigation';
import { composeDocumentOf, projectOf, servicesOf } from './project';
import { cycleChecks, includeCycleChecks, resourceDefinitionChecks, serviceSemanticChecks, shapeChecks } from './semantics';
import { composeRules } from './rules';
import type { KnownPin } from '../features/system/images';
// The section's defaults must exist wherever the feature runs (the CLI, the tests), not only where the families' list is loaded.
import './settings';

/** Every finding of a Compose file: schema after interpolation, variables, then the project's semantics. */
export function composeFindings(file: IndexedFile, context: FeatureContext, engine: SchemaEngine, reader: ComposeReader | undefined, withKnownPin: KnownPin): PlacedFinding[] {
  const document = composeDocumentOf(file, reader, context.index);
  if (!document.value) return shapeChecks(document).map((finding) => ({ offset: document.offset, finding }));
  const project = projectOf(file, context.index, reader);
  const findings = [
    ...shapeChecks(document),
    ...resourceDefinitionChecks(document),
    ...serviceSemanticChecks(document, project),
    ...cycleChecks(document, project),
    ...includeCycleChecks(document, context.index, reader),
    ...schemaChecks(document, engine),
    ...variableChecks(document),
    ...referenceChecks(document, project),
    ...portChecks(document, project),
    ...pathChecks(document, reader, context.settings.validation.maxSideFileKb),
    // Version 1 declared no network or volume: a named volume was made on first use.
    ...(document.version1 ? [] : resourceChecks(document, project)),
    ...imageChecks(document, project),
  ].map((finding) => (finding.code === composeRules.imageTag.id ? withKnownPin(finding, document.text.slice(finding.start, finding.end), context.index) : finding));
  return findings.map((finding) => ({ offset: document.offset, finding }));
}

const fixable = new Set([composeRules.schema.id, composeRules.undefinedService.id]);

/** Quick fixes: a misspelt key or service name, and removing the obsolete `version`. */
export function composeQuickFixes(file: IndexedFile, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions = replacementFixes(file.uri, diagnostics, fixable);
  for (const diagnostic of diagnostics) {
    if (diagnostic.code !== composeRules.version.id) continue;
    const line = diagnostic.range.start.line;
    const endLine = diagnostic.range.end.line + 1;
    actions.push({
      title: t('Remove the obsolete `version`'),
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: true,
      edit: { changes: { [file.uri]: [{ range: { start: { line, character: 0 }, end: { line: endLine, character: 0 } }, newText: '' }] } },
    });
  }
  return actions;
}

function objectSchema(engine: SchemaEngine, schema: JsonSchema | undefined): JsonSchema | undefined {
  if (!schema) return undefined;
  if (schema.properties) return schema;
  for (const branch of [...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) {
    const resolved = engine.resolve(branch);
    if (resolved?.properties) return resolved;
    const items = resolved?.items;
    if (resolved && items && !Array.isArray(items)) {
      const item = engine.resolve(items);
      if (item?.properties) return item;
    }
  }
  return undefined;
}

/** The names a reference slot takes: service names for depends_on, declared networks for networks… */
function slotKind(path: readonly PathSegment[]): NameKind | undefined {
  if (path[0] !== 'services' || path.length < 3) return undefined;
  const field = path[2];
  const tail = path.slice(3);
  const slot = tail.length === 0 || (tail.length === 1 && (typeof tail[0] === 'number' || (field === 'extends' && tail[0] === 'service'))) || (tail.length === 2 && typeof tail[0] === 'number' && tail[1] === 'source');
  if (!slot) return undefined;
  if (field === 'depends_on' || field === 'links' || field === 'volumes_from' || (field === 'extends' && path[3] === 'service')) return 'services';
  if (field === 'networks' || field === 'secrets' || field === 'configs' || field === 'volumes') return field;
  return undefined;
}

/** Completion: keys and enum values from the schema; service, network, volume, secret and config names where they are referenced. */
export function composeCompletion(file: IndexedFile, offset: number, context: FeatureContext, engine: SchemaEngine, reader: ComposeReader | undefined): CompletionItem[] {
  const yaml = file.yaml;
  if (!yaml) return [];
  const cursor = cursorContext(yaml, offset);
  const position = file.lines.positionAt(offset);
  const before = file.lines.lineText(position.line).slice(0, position.character);
  let path: PathSegment[] | undefined = cursor?.path;
  let kind = cursor?.kind;
  if (!cursor && (/^\s*-\s+[\w.-]*$/.test(before) || /:\s*\[\s*(?:[\w.-]+\s*,\s*)*[\w.-]*$/.test(before))) {
    // A sequence item being typed (block `- x` or flow `[a, x`): the sequence's path.
    const ref = yaml.documentAt(offset);
    if (ref) {
      path = pathAtOffset(ref.doc, offset - ref.offset);
      if (typeof path[path.length - 1] === 'number') path = path.slice(0, -1);
      kind = 'value';
    }
  }
  if (!path || !kind) return [];
  let tolerant: unknown;
  const tolerantValue = (): { [key: string]: unknown } | undefined => {
    if (tolerant === undefined) {
      try {
        tolerant = yaml.documentAt(offset)?.doc.toJS({ maxAliasCount: 100 }) ?? null;
      } catch {
        tolerant = null;
      }
    }
    return tolerant && typeof tolerant === 'object' ? (tolerant as { [key: string]: unknown }) : undefined;
  };
  const names = (wanted: NameKind): CompletionItem[] => {
    const seen = new Set<string>();
    for (const document of projectOf(file, context.index, reader)) {
      // The file being typed may not be well-formed YAML yet (`network_mode: service:`): its tolerant reading then.
      const value = document.value ?? (document.uri === file.uri ? tolerantValue() : undefined);
      const section = value && typeof value === 'object' && !Array.isArray(value) ? value[wanted] : undefined;
      if (section && typeof section === 'object' && !Array.isArray(section)) for (const name of Object.keys(section)) seen.add(name);
    }
    if (wanted === 'services' && typeof path[1] === 'string') seen.delete(path[1]);
    return [...seen].map((label) => ({ label, kind: wanted === 'services' ? CompletionItemKind.Class : CompletionItemKind.Reference }));
  };
  // `network_mode: service:<name>` (read as a mapping while typed): the services; else its values.
  if (path[0] === 'services' && path[2] === 'network_mode' && (path.length === 3 || (path.length === 4 && path[3] === 'service'))) {
    if (/network_mode:\s*["']?service:[\w.-]*$/.test(before)) return names('services');
    if (/network_mode:\s*["']?[\w.-]*$/.test(before)) {
      return [...['host', 'none', 'bridge'].map((label) => ({ label, kind: CompletionItemKind.EnumMember })), ...names('services').map((item) => ({ ...item, label: `service:${item.label}` }))];
    }
  }
  const slot = slotKind(path);
  if (slot && (kind === 'value' || (kind === 'key' && path.length === 3 && (path[2] === 'depends_on' || path[2] === 'networks')))) return names(slot);
  const schema = engine.schemaAtPath('compose', path);
  if (kind === 'value') {
    const resolved = schema;
    const values = (resolved?.enum ?? ([resolved?.type].flat().includes('boolean') ? [true, false] : [])).filter((v) => v !== null);
    const fromBranches = (resolved?.oneOf ?? []).flatMap((b) => engine.resolve(b)?.enum ?? []);
    return [...values, ...fromBranches].map((v) => ({ label: String(v), kind: CompletionItemKind.EnumMember, documentation: resolved?.description ? { kind: MarkupKind.Markdown, value: resolved.description } : undefined }));
  }
  const object = objectSchema(engine, schema);
  if (!object?.properties) return [];
  const document = composeDocumentOf(file, reader);
  let present: unknown = document.raw;
  for (const segment of path) present = present && typeof present === 'object' ? (present as Record<string, unknown>)[String(segment)] : undefined;
  const existing = new Set(present && typeof present === 'object' ? Object.keys(present) : []);
  return Object.entries(object.properties)
    .filter(([name, property]) => !existing.has(name) && property.deprecated !== true)
    .map(([name, raw]) => {
      const property = engine.resolve(raw) ?? raw;
      return {
        label: name,
        kind: CompletionItemKind.Property,
        documentation: (raw.description ?? property.description) ? { kind: MarkupKind.Markdown, value: raw.description ?? property.description ?? '' } : undefined,
        insertText: `${name}: $0`,
        insertTextFormat: InsertTextFormat.Snippet,
      };
    });
}

/** Hover: the schema's description of a key; a referenced service's image and ports. */
export function composeHover(file: IndexedFile, offset: number, context: FeatureContext, engine: SchemaEngine, reader: ComposeReader | undefined): Hover | undefined {
  const ref = file.yaml?.documentAt(offset);
  if (!ref) return undefined;
  const path = pathAtOffset(ref.doc, offset - ref.offset);
  if (path.length === 0) return undefined;
  const document = composeDocumentOf(file, reader);
  let value: unknown = document.raw;
  for (const segment of path) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[String(segment)] : undefined;
  const named = nameAt(path, value);
  if (named?.kind === 'services' && !named.definition) {
    for (const other of projectOf(file, context.index, reader)) {
      const service = servicesOf(other)[named.name];
      if (!service || typeof service !== 'object' || Array.isArray(service)) continue;
      const lines = [`**${named.name}**`];
      if (typeof service.image === 'string') lines.push(t('image: `{0}`', service.image));
      if (Array.isArray(service.ports)) lines.push(t('ports: {0}', service.ports.map((p) => `\`${typeof p === 'object' ? JSON.stringify(p) : String(p)}\``).join(', ')));
      return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n\n') } };
    }
  }
  const schema = engine.schemaAtPath('compose', path);
  const parent = engine.schemaAtPath('compose', path.slice(0, -1));
  const last = path[path.length - 1];
  const description = (typeof last === 'string' ? parent?.properties?.[last]?.description : undefined) ?? schema?.description;
  return description ? { contents: { kind: MarkupKind.Markdown, value: `**${String(last)}**\n\n${description}` } } : undefined;
}

/** Docker Compose files, recognised by name (compose.yaml, docker-compose.yml, their override and variants); `withKnownPin`: an unpinned image's fix from the workspace's other pins. */
export function composeFeature(engine: SchemaEngine, reader: ComposeReader | undefined, withKnownPin: KnownPin): Feature {
  const applies = (file: IndexedFile, context: FeatureContext) => isComposeFile(file, context.settings.compose.files) && file.yaml !== undefined;
  return {
    id: 'compose',
    findings: (file, context) => (applies(file, context) ? composeFindings(file, context, engine, reader, withKnownPin) : []),
    completion: (file, offset, context) => (applies(file, context) ? composeCompletion(file, offset, context, engine, reader) : []),
    hover: (file, offset, context) => (applies(file, context) ? composeHover(file, offset, context, engine, reader) : undefined),
    definition: (file, offset, context) => (applies(file, context) ? composeDefinition(file, offset, context.index, reader) : []),
    references: (file, offset, context) => (applies(file, context) ? composeReferences(file, offset, context.index, reader) : []),
    prepareRename: (file, offset, context) => (applies(file, context) ? composePrepareRename(file, offset, reader) : undefined),
    rename: (file, offset, newName, context) => (applies(file, context) ? composeRename(file, offset, newName, context.index, reader) : undefined),
    documentSymbols: (file, context) => (applies(file, context) ? composeSymbols(file, reader) : []),
    codeActions: (file, _range, diagnostics, context) => (applies(file, context) ? composeQuickFixes(file, diagnostics) : []),
  };
}
