/**
 * `kubernetes_manifest` resources checked by the Kubernetes family: the `manifest` argument's HCL
 * object (or a `yamldecode(<<EOF … EOF)` heredoc with no interpolation) is written out as the
 * manifest it states, given to the Kubernetes feature in an index of its own, and each finding is
 * carried back to the HCL key or value it came from. What the configuration does not state (a
 * reference, an interpolation, a function call, a computed key) is unknown: a finding on it, or one
 * that such a value may cause (a finding of the object holding it), is left out — never a false
 * error. Rules that read other objects are left out too: the manifest is checked alone.
 */
import type { Finding } from '../../common/findings';
import type { Feature, FeatureContext } from '../../features/feature';
import { kubernetesRules, removedApiRule, schemaRule } from '../../kubernetes/api';
import { WorkspaceIndex } from '../../workspace/index';
import { declared, objectKey, type TerraformModule } from '../model/model';
import type { Located } from './referenceChecks';
import { typedKinds, writeTyped, type Piece, type Written } from './kubernetesTyped';
import { attribute, type Expr, type Span } from '../syntax/syntax';

/** The rules that read other objects: meaningless for one manifest read alone. */
const crossObjectRules = new Set(kubernetesRules.filter((rule) => rule.scope === 'workspace').map((rule) => rule.info.id));

/** What a typed resource's object is not checked by: the schema (the provider's blocks are its own) and the apiVersion (the provider picks it). */
const notForTyped = new Set([schemaRule.id, removedApiRule.info.id]);

/** What stands for an unknown value: a string no check makes anything of. */
const UNKNOWN = JSON.stringify('(known after apply)');

/** Writes a value; gives whether it is unknown itself, and whether it is or holds an unknown. */
export function write(expr: Expr, out: Written, depth = 0): { unknown: boolean; holds: boolean } {
  const from = out.text.length;
  let value = expr;
  while (value.kind === 'paren') value = value.inner;
  if (value.kind !== 'object' && value.kind !== 'tuple') {
    const known = scalar(value);
    out.text += known ?? UNKNOWN;
    out.pieces.push({ from, to: out.text.length, source: expr, unknown: known === undefined, depth });
    return { unknown: known === undefined, holds: known === undefined };
  }
  const container = { direct: false, below: false };
  const piece: Piece = { from, to: from, source: expr, unknown: false, container, depth };
  out.pieces.push(piece);
  out.text += value.kind === 'object' ? '{' : '[';
  let first = true;
  const items = value.kind === 'object' ? value.items : value.items.map((item) => ({ key: undefined, value: item }));
  for (const item of items) {
    const key = item.key && objectKey(item.key);
    // A computed key names a field no one knows: the object's own findings are not to be trusted.
    if (item.key && key === undefined) {
      container.direct = container.below = true;
      continue;
    }
    out.text += first ? '' : ',';
    first = false;
    if (item.key && key !== undefined) {
      const keyFrom = out.text.length;
      out.text += JSON.stringify(key);
      out.pieces.push({ from: keyFrom, to: out.text.length, source: item.key, unknown: false, depth: depth + 1 });
      out.text += ':';
    }
    const member = write(item.value, out, depth + 1);
    if (member.unknown) container.direct = true;
    if (member.holds) container.below = true;
  }
  out.text += value.kind === 'object' ? '}' : ']';
  piece.to = out.text.length;
  return { unknown: false, holds: container.below };
}

/** A stated scalar as JSON: a literal (not null: Terraform leaves a null field out), a template with no interpolation. */
function scalar(expr: Expr): string | undefined {
  if (expr.kind === 'literal') return expr.type === 'null' ? undefined : JSON.stringify(expr.value);
  if (expr.kind === 'template' && expr.parts.every((p) => p.kind === 'text')) return JSON.stringify(expr.parts.map((p) => (p.kind === 'text' ? p.value : '')).join(''));
  return undefined;
}

/**
 * A `yamldecode(<<EOF … EOF)` heredoc with no interpolation or directive: its text as it is in the
 * file (an indented `<<-EOF` strips its lines' common indentation: not kept in place, not read).
 */
export function heredocYaml(expr: Expr, fileText: string): { text: string; at: number } | undefined {
  if (expr.kind !== 'call' || expr.name.name !== 'yamldecode' || expr.args.length !== 1) return undefined;
  const [arg] = expr.args;
  if (arg.kind !== 'template' || !arg.heredoc || !arg.parts.every((p) => p.kind === 'text')) return undefined;
  if (!fileText.startsWith('<<', arg.start) || fileText[arg.start + 2] === '-') return undefined;
  const start = fileText.indexOf('\n', arg.start) + 1;
  const end = fileText.lastIndexOf('\n', arg.end - 1);
  if (start <= 0 || end < start) return undefined;
  const text = fileText.slice(start, end + 1);
  // Escapes ($${, %%{) are written otherwise than Terraform reads them: the offsets would not hold.
  if (text.includes('$${') || text.includes('%%{')) return undefined;
  return { text, at: start };
}

/**
 * Whether a finding comes from (or may come from) what the configuration does not state: it is on
 * an unknown value; a schema finding (local to its object) is of an object with an unknown member
 * or a computed key; another rule's (which compares parts of the object: a selector and the
 * template's labels) is in a top-level field (spec, data) holding an unknown anywhere.
 */
function fromUnknown(finding: Finding, pieces: readonly Piece[]): boolean {
  const { start, end } = finding;
  if (pieces.some((p) => p.unknown && p.from < Math.max(end, start + 1) && p.to > start)) return true;
  const holding = pieces.filter((p) => p.container && p.from <= start && p.to >= end);
  if (finding.code === schemaRule.id) {
    const innermost = holding.reduce<Piece | undefined>((best, p) => (!best || p.depth > best.depth ? p : best), undefined);
    return innermost?.container?.direct ?? false;
  }
  const field = holding.find((p) => p.depth === 1) ?? holding.find((p) => p.depth === 0);
  return field?.container?.below ?? false;
}

/** The innermost piece holding a finding: where it goes in the .tf file. */
export function placeOf(finding: Finding, pieces: readonly Piece[], fallback: Span): Span {
  let best: Piece | undefined;
  for (const p of pieces) if (p.from <= finding.start && p.to >= finding.end && (!best || p.to - p.from <= best.to - best.from)) best = p;
  return best?.source ?? fallback;
}

const indexes = new WeakMap<TerraformModule, WorkspaceIndex>();

/** The Kubernetes findings of a module's `kubernetes_manifest` and typed workload and Service resources, on their HCL. */
export function kubernetesManifestFindings(module: TerraformModule, feature: () => Feature, context: FeatureContext): Located[] {
  const resources = [...declared(module, 'resource').values()].flat().filter((d) => d.type === 'kubernetes_manifest' || (d.type !== undefined && typedKinds.has(d.type)));
  // The Kubernetes family's schemas are loaded when a module has such a resource, not before.
  const kubernetes = resources.length > 0 ? feature() : undefined;
  if (!kubernetes?.findings) return [];
  let index = indexes.get(module);
  if (!index) indexes.set(module, (index = new WorkspaceIndex({ maxBytes: Number.MAX_SAFE_INTEGER, isTemplate: () => false })));
  const out: Located[] = [];
  const checked = new Set<string>();
  for (const resource of resources) {
    const typed = resource.type === undefined ? undefined : typedKinds.get(resource.type);
    const manifest = typed ? undefined : attribute(resource.block.body, 'manifest');
    const moduleFile = module.files.find((f) => f.file.uri === resource.uri);
    const fileText = moduleFile?.file.text;
    // The JSON syntax's blocks are attributes only a schema tells apart: a typed resource there is not written.
    if ((!typed && !manifest) || fileText === undefined || (typed && moduleFile?.syntax.json)) continue;
    const heredoc = manifest && heredocYaml(manifest.expr, fileText);
    let written: Written | undefined;
    if (typed) written = writeTyped(resource.block, typed, write);
    else if (!heredoc) {
      if (manifest!.expr.kind !== 'object') continue;
      written = { text: '', pieces: [] };
      write(manifest!.expr, written);
    }
    const uri = `${resource.uri}.${resource.name}.manifest.yaml`;
    checked.add(uri);
    index.update(uri, heredoc ? heredoc.text : `${written!.text}\n`);
    const file = index.get(uri);
    if (!file) continue;
    for (const { offset, finding } of kubernetes.findings(file, { ...context, index })) {
      if (crossObjectRules.has(finding.code) || (typed && notForTyped.has(finding.code))) continue;
      const { data: _data, related: _related, ...rest } = finding;
      const at = { ...rest, start: finding.start + offset, end: finding.end + offset };
      if (heredoc) {
        out.push({ uri: resource.uri, finding: { ...at, start: at.start + heredoc.at, end: at.end + heredoc.at } });
        continue;
      }
      if (fromUnknown(at, written!.pieces)) continue;
      const place = placeOf(at, written!.pieces, manifest?.nameSpan ?? resource.block.typeSpan);
      out.push({ uri: resource.uri, finding: { ...at, start: place.start, end: place.end } });
    }
  }
  for (const file of [...index.files()]) if (!checked.has(file.uri)) index.remove(file.uri);
  return out;
}
