import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import { isMap, type Node } from 'yaml';
import type { FeatureContext } from '../../features/feature';
import type { IndexedFile } from '../../workspace/index';
import { nodeAtPath } from '../../yaml/path';
import { replacementFixes } from '../../common/fixes';
import { kubernetesObjects, type KubernetesObject } from '../model/objects';
import { locate } from '../checks/context';
import { t } from '../../l10n/t';

function objectForDiagnostic(file: IndexedFile, diagnostic: Diagnostic): KubernetesObject | undefined {
  const offset = file.lines.offsetAt(diagnostic.range.start);
  return kubernetesObjects(file).find((o) => offset >= o.offset && offset <= o.offset + o.chunk.text.length);
}

function column(file: IndexedFile, offset: number): number {
  return file.lines.positionAt(offset).character;
}

function yamlScalar(value: string): string {
  return /^[A-Za-z0-9._/-]+$/.test(value) && !/^(true|false|null|yes|no|on|off|~|[0-9.]+)$/i.test(value) ? value : JSON.stringify(value);
}

const suggestedCodes = new Set(['k8s-schema', 'k8s-unknown-kind', 'k8s-service-no-match']);

function fix(title: string, diagnostic: Diagnostic, uri: string, edits: TextEdit[]): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit: { changes: { [uri]: edits } } };
}

/** Quick fixes where the fix is unambiguous: apiVersion migration, selector alignment, resources skeleton, a missing ConfigMap. */
export function codeActions(file: IndexedFile, diagnostics: Diagnostic[], context: FeatureContext): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== 'archipel') continue;
    const data = (diagnostic.data ?? {}) as Record<string, unknown>;
    const object = objectForDiagnostic(file, diagnostic);
    if (!object) continue;
    switch (diagnostic.code) {
      case 'k8s-removed-api': {
        if (typeof data.replacement !== 'string') break;
        const [start, end] = locate(object, ['apiVersion']);
        actions.push(fix(t('Change apiVersion to {0}', data.replacement), diagnostic, file.uri, [{ range: file.lines.range(object.offset + start, object.offset + end), newText: data.replacement }]));
        break;
      }
      case 'k8s-selector-mismatch': {
        const labels = data.labels as Record<string, string> | undefined;
        const selector = object.chunk.doc && nodeAtPath(object.chunk.doc, ['spec', 'selector']);
        if (!labels || Object.keys(labels).length === 0 || !selector?.node?.range || !selector.key?.range) break;
        const indent = ' '.repeat(column(file, object.offset + selector.key.range[0]) + 2);
        const entries = Object.entries(labels).map(([k, v]) => `${indent}  ${yamlScalar(k)}: ${yamlScalar(v)}`).join('\n');
        const block = isMap(selector.node) && selector.node.flow !== true;
        const [start, end] = [selector.node.range[0], selector.node.range[1]];
        // A block map's range runs to the start of the next line: keep that line break.
        const trailing = /\n$/.test(object.chunk.text.slice(start, end)) ? '\n' : '';
        const newText = (block ? `matchLabels:\n${entries}` : `\n${indent}matchLabels:\n${entries}`) + trailing;
        actions.push(fix(t('Align spec.selector with the pod template\'s labels'), diagnostic, file.uri, [{ range: file.lines.range(object.offset + start, object.offset + end), newText }]));
        break;
      }
      case 'k8s-resources': {
        if (data.hasResources !== false || !Array.isArray(data.containerPath)) break;
        const container = object.chunk.doc && nodeAtPath(object.chunk.doc, data.containerPath as (string | number)[]);
        const node = container?.node;
        if (!isMap(node) || !node.range || node.items.length === 0) break;
        const firstKey = node.items[0].key as Node | null;
        if (!firstKey?.range) break;
        const indent = ' '.repeat(column(file, object.offset + firstKey.range[0]));
        const skeleton = [`resources:`, `  requests:`, `    cpu: 100m`, `    memory: 128Mi`, `  limits:`, `    memory: 256Mi`].map((l, i) => (i === 0 ? l : indent + l)).join('\n');
        const insertAt = object.offset + node.range[1];
        const atLineStart = file.lines.positionAt(insertAt).character === 0;
        const range = file.lines.range(insertAt, insertAt);
        actions.push(fix(t('Add a resources block (requests and a memory limit) to fill in'), diagnostic, file.uri, [{ range, newText: atLineStart ? `${indent}${skeleton}\n` : `\n${indent}${skeleton}` }]));
        break;
      }
      case 'k8s-configmap-ref': {
        // Only a name Kubernetes accepts is offered, and so the file is a plain name in this folder:
        // `../../victim/pwn` or `a"<b` get no quick fix.
        if (data.create !== 'ConfigMap' || typeof data.name !== 'string' || !isDns1123Subdomain(data.name)) break;
        const folder = file.uri.slice(0, file.uri.lastIndexOf('/') + 1);
        let target = `${folder}${data.name}-configmap.yaml`;
        for (let n = 2; context.index.get(target); n++) target = `${folder}${data.name}-configmap-${n}.yaml`;
        const keys = Array.isArray(data.keys) ? (data.keys as string[]) : [];
        const text = [
          'apiVersion: v1',
          'kind: ConfigMap',
          'metadata:',
          `  name: ${yamlScalar(data.name)}`,
          ...(typeof data.namespace === 'string' ? [`  namespace: ${yamlScalar(data.namespace)}`] : []),
          keys.length > 0 ? 'data:' : 'data: {}',
          ...keys.map((k) => `  ${yamlScalar(k)}: ""`),
          '',
        ].join('\n');
        actions.push({
          title: t('Create ConfigMap "{0}" in {1}', data.name, decodeURIComponent(target.slice(folder.length))),
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: {
            documentChanges: [
              { kind: 'create', uri: target, options: { overwrite: false, ignoreIfExists: false } },
              { textDocument: { uri: target, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text }] },
            ],
          },
        });
        break;
      }
    }
  }
  // Every "Did you mean" of the schema and kind checks: replace the misspelt key or kind.
  actions.push(...replacementFixes(file.uri, diagnostics, suggestedCodes));
  return actions;
}

/**
 * Whether a name is a DNS-1123 subdomain, the rule most Kubernetes object names follow
 * (ConfigMaps included): at most 253 characters, dot-separated labels of lowercase letters,
 * digits and `-` that start and end with a letter or digit.
 */
export function isDns1123Subdomain(name: string): boolean {
  return name.length > 0 && name.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name);
}
