import { isMap, isScalar, type Document, type Node } from 'yaml';
import type { Hover } from 'vscode-languageserver-types';
import { configuredPathFinding } from '../rules/containment';
import type { Finding } from '../common/findings';
import type { Feature, PlacedFinding } from '../features/feature';
import { defineRule } from '../rules/registry';
import type { JsonSchema, SchemaEngine } from '../schema/engine';
import { schemaFindings } from '../schema/errors';
import { replacementFixes } from '../common/fixes';
import { sourceTreeOfDoc } from '../yaml/tree';
import { findPair } from '../yaml/path';
import { t } from '../l10n/t';
import { isArchipelConfig } from '../workspace/archipelConfig';

export const blurConfigRule = defineRule({
  id: 'blur-config',
  defaultSeverity: 'error',
  description: 'The blur section of archipel.yaml does not match its schema (unknown key, wrong type, value out of range).',
});
export const blurModelFormatRule = defineRule({
  id: 'blur-model-format',
  defaultSeverity: 'warning',
  description: 'A blur model path does not name an .onnx file: Archipel runs ONNX exports only.',
});

/** schemas/archipel.json's kind for a whole archipel.yaml. */
const CONFIG_KIND = 'archipel.yaml';


function modelPathNode(section: Node, key: 'faceModel' | 'plateModel'): Node | undefined {
  const pair = findPair(section, key);
  const value = pair?.value;
  if (isScalar(value)) return value;
  if (isMap(value)) {
    const inner = findPair(value, 'path')?.value;
    return isScalar(inner) ? inner : undefined;
  }
  return undefined;
}

function findingsOf(doc: Document.Parsed, value: unknown, engine: SchemaEngine, uri: string, roots: readonly string[] | undefined): Finding[] {
  if (doc.errors.length > 0 || !isMap(doc.contents)) return [];
  const pair = findPair(doc.contents, 'blur');
  if (!pair) return [];
  // The whole file is validated (other sections pass untouched): paths in errors start at the root.
  // Other sections' errors are their features' (the predict section's: predict/feature.ts).
  const errors = (engine.validate(CONFIG_KIND, value) ?? []).filter((e) => !e.instancePath.startsWith('/predict'));
  const findings = schemaFindings(errors, sourceTreeOfDoc(doc), value, engine, CONFIG_KIND, blurConfigRule.id);
  if (pair.value && isMap(pair.value)) {
    for (const key of ['faceModel', 'plateModel'] as const) {
      const node = modelPathNode(pair.value, key);
      if (!node?.range || typeof (node as { value?: unknown }).value !== 'string') continue;
      const text = (node as { value: string }).value;
      if (/\.onnx$/i.test(text)) continue;
      findings.push({
        start: node.range[0],
        end: node.range[1],
        message: t('blur.{0} "{1}" is not an .onnx file: Archipel runs ONNX models (for an Ultralytics model: yolo export model={2}.pt format=onnx).', key, text, text.replace(/\.[^./\\]*$/, '')),
        code: blurModelFormatRule.id,
      });
    }
    const output = findPair(pair.value, 'outputFolder')?.value;
    if (isScalar(output) && typeof output.value === 'string' && output.range) {
      const outside = configuredPathFinding(uri, output.value, { start: output.range[0], end: output.range[1] }, roots, 'blur.outputFolder');
      if (outside) findings.push(outside);
    }
  }
  return findings.sort((a, b) => a.start - b.start);
}

/** The schema description of the key under the cursor inside `blur:`. */
function hoverOf(doc: Document.Parsed, offset: number, engine: SchemaEngine): string | undefined {
  if (!isMap(doc.contents)) return undefined;
  const blur = findPair(doc.contents, 'blur');
  if (!blur) return undefined;
  const blurKey = blur.key;
  if (blurKey.range && offset >= blurKey.range[0] && offset <= blurKey.range[1]) return engine.schemaFor('blur')?.description;
  const path: string[] = ['blur'];
  let node: Node | null = blur.value;
  while (node && isMap(node)) {
    const hit = node.items.find((p) => {
      const k = p.key as Node | null;
      const v = p.value as Node | null;
      const start = k?.range?.[0] ?? 0;
      const end = v?.range?.[1] ?? k?.range?.[1] ?? 0;
      return offset >= start && offset <= end;
    });
    if (!hit || !isScalar(hit.key)) return undefined;
    path.push(String(hit.key.value));
    const key = hit.key as Node;
    if (key.range && offset <= key.range[1]) {
      const schema: JsonSchema | undefined = engine.schemaAtPath(CONFIG_KIND, path);
      return schema?.description;
    }
    node = hit.value as Node | null;
  }
  return undefined;
}

/** archipel.yaml's `blur` section: schema findings on the exact key or value, and hover on its keys. */
export function blurConfigFeature(engine: SchemaEngine): Feature {
  return {
    id: 'blur-config',
    findings(file, context) {
      if (!isArchipelConfig(file.uri)) return [];
      const yaml = file.yaml;
      if (!yaml) return [];
      const placed: PlacedFinding[] = [];
      for (const { offset, chunk } of yaml.chunks) {
        const doc = chunk.doc;
        if (!doc) continue;
        for (const finding of findingsOf(doc, chunk.value, engine, file.uri, context.roots)) placed.push({ offset, finding });
      }
      return placed;
    },
    // The schema's "Did you mean" (a misspelt key): replace it.
    codeActions(file, _range, diagnostics) {
      return isArchipelConfig(file.uri) ? replacementFixes(file.uri, diagnostics, new Set([blurConfigRule.id])) : [];
    },
    hover(file, offset): Hover | undefined {
      if (!isArchipelConfig(file.uri)) return undefined;
      const ref = file.yaml?.documentAt(offset);
      if (!ref) return undefined;
      const text = hoverOf(ref.doc, offset - ref.offset, engine);
      return text ? { contents: { kind: 'markdown', value: text } } : undefined;
    },
  };
}
