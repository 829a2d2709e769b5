/**
 * The predictions' configuration files in the editor (issue #17): archipel.yaml's `predict` section
 * and `<model>.model.yaml` cards, checked against schemas/archipel.json on the exact key or value,
 * with completion of their keys and enumerated values and the schema's description on hover.
 */
import { CompletionItemKind, type CompletionItem, type Hover } from 'vscode-languageserver-types';
import { predictFileKind } from './files';
import { configuredPathFinding } from '../rules/containment';
import type { Finding } from '../common/findings';
import { replacementFixes } from '../common/fixes';
import type { Feature, PlacedFinding } from '../features/feature';
import { defineRule } from '../rules/registry';
import type { JsonSchema, SchemaEngine } from '../schema/engine';
import { schemaFindings } from '../schema/errors';
import { cursorContext } from '../yaml/cursor';
import { findPair } from '../yaml/path';
import { sourceTreeOfDoc } from '../yaml/tree';
import { isMap, isScalar, type Document } from 'yaml';
import type { IndexedFile } from '../workspace/index';

export const predictConfigRule = defineRule({
  id: 'predict-config',
  defaultSeverity: 'error',
  description: 'The predict section of archipel.yaml does not match its schema (unknown key, a model that is not an .onnx file, a threshold outside 0–1).',
});
export const modelCardRule = defineRule({
  id: 'model-card',
  defaultSeverity: 'error',
  description: 'A <model>.model.yaml card does not match its schema (features missing, labels not an index-to-name map, unknown key).',
});

/** The schema kind and the part of the file a file holds: archipel.yaml's predict section, or a whole card. */
function targetOf(uri: string): { kind: string; section?: string; rule: string } | undefined {
  // files.ts's decision, the one `archipel check` takes before loading this family.
  const kind = predictFileKind(uri);
  if (kind === 'archipel.yaml') return { kind, section: 'predict', rule: predictConfigRule.id };
  if (kind === 'model-card') return { kind, rule: modelCardRule.id };
  return undefined;
}

function findingsOf(doc: Document.Parsed, value: unknown, engine: SchemaEngine, uri: string, roots: readonly string[] | undefined): Finding[] {
  const target = targetOf(uri);
  if (!target || doc.errors.length > 0) return [];
  const section = target.section && isMap(doc.contents) ? findPair(doc.contents, target.section) : undefined;
  if (target.section && !section) return [];
  // archipel.yaml is validated whole (paths in errors start at the root); the predict section's are ours.
  const errors = (engine.validate(target.kind, value) ?? []).filter((e) => !target.section || e.instancePath.startsWith(`/${target.section}`));
  const findings = schemaFindings(errors, sourceTreeOfDoc(doc), value, engine, target.kind, target.rule);
  const output = section && isMap(section.value) ? findPair(section.value, 'outputFolder')?.value : undefined;
  if (isScalar(output) && typeof output.value === 'string' && output.range) {
    const outside = configuredPathFinding(uri, output.value, { start: output.range[0], end: output.range[1] }, roots, 'predict.outputFolder');
    if (outside) findings.push(outside);
  }
  return findings.sort((a, b) => a.start - b.start);
}

/** The schema at a path of the file (a card's path starts at its root, archipel.yaml's at `predict`). */
function schemaAt(engine: SchemaEngine, uri: string, path: readonly (string | number)[]): JsonSchema | undefined {
  const target = targetOf(uri);
  if (!target || (target.section && path[0] !== target.section)) return undefined;
  return engine.schemaAtPath(target.kind, path.map(String));
}

function completion(file: IndexedFile, offset: number, engine: SchemaEngine): CompletionItem[] {
  const yaml = file.yaml;
  const context = yaml && cursorContext(yaml, offset);
  if (!context) return [];
  const range = file.lines.range(context.token.start, context.token.end);
  const schema = schemaAt(engine, file.uri, context.path);
  if (context.kind === 'key') {
    const properties = schema?.properties ?? {};
    return Object.entries(properties).map(([key, property], i) => ({
      label: key, kind: CompletionItemKind.Property, detail: (property).description, sortText: String(i).padStart(2, '0'),
      textEdit: { range, newText: `${key}: ` },
    }));
  }
  return (schema?.enum ?? []).map((value) => ({ label: String(value), kind: CompletionItemKind.EnumMember, textEdit: { range, newText: String(value) } }));
}

function hover(file: IndexedFile, offset: number, engine: SchemaEngine): Hover | undefined {
  const ref = file.yaml?.documentAt(offset);
  const tree = ref && sourceTreeOfDoc(ref.doc);
  if (!ref || !tree) return undefined;
  // The innermost key under the cursor, and its path.
  const local = offset - ref.offset;
  const path: string[] = [];
  let node = tree;
  for (;;) {
    const pair = node.pairs?.find((p) => p.keyNode && local >= p.keyNode.start && local <= (p.value?.end ?? p.keyNode.end));
    if (!pair?.keyNode || pair.key === undefined) break;
    path.push(pair.key);
    if (local <= pair.keyNode.end || !pair.value) {
      const text = schemaAt(engine, file.uri, path)?.description;
      return text ? { contents: { kind: 'markdown', value: text } } : undefined;
    }
    node = pair.value;
  }
  return undefined;
}

/** archipel.yaml's `predict` section and `*.model.yaml` cards: schema findings, completion, hover. */
export function predictConfigFeature(engine: SchemaEngine): Feature {
  const applies = (uri: string) => targetOf(uri) !== undefined;
  return {
    id: 'predict-config',
    findings(file, context) {
      if (!applies(file.uri) || !file.yaml) return [];
      const placed: PlacedFinding[] = [];
      for (const { offset, chunk } of file.yaml.chunks) {
        const doc = chunk.doc;
        if (doc) for (const finding of findingsOf(doc, chunk.value, engine, file.uri, context.roots)) placed.push({ offset, finding });
      }
      return placed;
    },
    codeActions: (file, _range, diagnostics) => (applies(file.uri) ? replacementFixes(file.uri, diagnostics, new Set([predictConfigRule.id, modelCardRule.id])) : []),
    completion: (file, offset) => (applies(file.uri) ? completion(file, offset, engine) : []),
    hover: (file, offset) => (applies(file.uri) ? hover(file, offset, engine) : undefined),
  };
}
