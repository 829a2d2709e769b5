/**
 * What other families read of the policy family (Family.faces): the workspace's policy violations per component of the
 * system map (#96) — for each node, the violations said on the lines that declare it (its sources: a workload's
 * manifest, the template that renders it, the Terraform resource that creates it), the same findings the editor and
 * `archipel check` give (policy:<policy>/<rule>, Enforce an error, Audit a warning).
 */
import type { Range } from 'vscode-languageserver-types';
import type { Feature } from '../features/feature';
import type { ArchipelSettings } from '../settings';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { KubernetesGraph, kubernetesObjects } from '../kubernetes/api';
import { hasPolicies, policySetOf } from './checks/live';
import type { PolicyFaces } from './faces';
import { policyFeature } from './feature';
import { VIOLATION_PREFIX } from './rules';

/** One violation where it is said. */
export interface PolicyViolation {
  /** `policy:<policy>/<rule>`. */
  readonly code: string;
  readonly message: string;
  readonly severity: 'error' | 'warning';
  readonly uri: string;
  readonly range: Range;
}

/** What a node is declared by: its sources (a file and the lines). */
interface Declared {
  readonly sources: readonly { readonly uri: string; readonly range: Range }[];
}

const features = new WeakMap<PolicyFaces, Feature>();

/** A violation, the lines of the object it is about (a manifest's document, a Terraform resource's block, a template) and its name (ObjectViolation.object). */
interface Found {
  readonly violation: PolicyViolation;
  readonly object: Range;
  readonly name: string;
}

/**
 * The objects of a file, each with its lines and its name: its documents (`Kind/namespace/name`, `Kind/name` with no
 * namespace written), its Terraform resources' blocks (their addresses), or the whole of a template ('').
 */
function objectsOf(file: IndexedFile, index: WorkspaceIndex, faces: PolicyFaces): { range: Range; name: string }[] {
  if (faces.terraform?.isConfig(file.uri)) return faces.terraform.kubernetesObjects(index, file).map(({ block, address }) => ({ range: file.lines.range(block.start, block.end), name: address }));
  if (file.skipped === 'template') return [{ range: file.lines.range(0, file.text.length), name: '' }];
  // Each document from its start to its end (the chunk: its text as the file holds it).
  return kubernetesObjects(file).map((object) => ({
    range: file.lines.range(object.offset, object.offset + object.chunk.text.length),
    name: [object.kind, ...(object.namespace !== undefined ? [object.namespace] : []), object.name ?? ''].join('/'),
  }));
}

const within = (range: Range, line: number): boolean => range.start.line <= line && line <= range.end.line;

/** The policy violations said in one file (none for a file the policy feature does not read), each with its object's lines. */
function fileViolations(index: WorkspaceIndex, uri: string, settings: ArchipelSettings, faces: PolicyFaces): Found[] {
  let feature = features.get(faces);
  if (!feature) features.set(faces, (feature = policyFeature(faces)));
  const file = index.get(uri);
  const context = { index, settings, isCancelled: () => false };
  if (!file || !feature.findings || !feature.takes?.(file, context) || (file.skipped && file.skipped !== 'template')) return [];
  const found = feature.findings(file, context).filter(({ finding }) => finding.code.startsWith(VIOLATION_PREFIX));
  if (found.length === 0) return [];
  const objects = objectsOf(file, index, faces);
  return found.map(({ offset, finding }) => {
    const range = file.lines.range(offset + finding.start, offset + finding.end);
    const violation: PolicyViolation = { code: finding.code, message: finding.message, severity: finding.severity === 'warning' ? 'warning' : 'error', uri, range };
    const object = objects.find((o) => within(o.range, range.start.line));
    return { violation, object: object?.range ?? range, name: object?.name ?? '' };
  });
}

/**
 * Each node's violations, in the nodes' order: those about an object one of its sources is in (a workload's name line
 * in its manifest's document, a Terraform resource's label in its block), each once (a file evaluated once for every
 * node it declares).
 */
export function violationsByNode(index: WorkspaceIndex, settings: ArchipelSettings, faces: PolicyFaces, nodes: readonly Declared[]): PolicyViolation[][] {
  const byUri = new Map<string, Found[]>();
  const of = (uri: string) => {
    let found = byUri.get(uri);
    if (!found) byUri.set(uri, (found = fileViolations(index, uri, settings, faces)));
    return found;
  };
  return nodes.map((node) => {
    const mine = new Set<PolicyViolation>();
    for (const source of node.sources) for (const { violation, object } of of(source.uri)) if (within(object, source.range.start.line)) mine.add(violation);
    return [...mine];
  });
}

/** A violation with what it is about, as `archipel diff` compares the sides (#96): the object, and the nodes it declares. */
export interface ObjectViolation extends PolicyViolation {
  /** The object: `Kind/namespace/name` of a manifest's document (`Kind/name` with no namespace written), a Terraform resource's address, '' for a chart template's render. */
  readonly object: string;
  /** The indexes (in `nodes`) of the nodes one of whose sources is in that object. */
  readonly nodes: readonly number[];
}

/**
 * Every policy violation of the index, file by file in the index's order, each with its object and the nodes it
 * declares: what the workspace's own policies (those of this index: a revision's policies judge that revision) say.
 * Nothing when the index holds no policy (no file is evaluated).
 */
export function workspaceViolations(index: WorkspaceIndex, settings: ArchipelSettings, faces: PolicyFaces, nodes: readonly Declared[]): ObjectViolation[] {
  if (!hasPolicies(policySetOf(KubernetesGraph.of(index)))) return [];
  // Each file's nodes by the lines of their sources: a violation looks up its file's, not every node.
  const declaredIn = new Map<string, { node: number; line: number }[]>();
  nodes.forEach((node, i) => {
    for (const source of node.sources) {
      let list = declaredIn.get(source.uri);
      if (!list) declaredIn.set(source.uri, (list = []));
      list.push({ node: i, line: source.range.start.line });
    }
  });
  const out: ObjectViolation[] = [];
  for (const file of index.files()) {
    const found = fileViolations(index, file.uri, settings, faces);
    if (found.length === 0) continue;
    for (const { violation, object, name } of found) {
      const declared = [...new Set((declaredIn.get(file.uri) ?? []).filter(({ line }) => within(object, line)).map(({ node }) => node))];
      out.push({ ...violation, object: name, nodes: declared });
    }
  }
  return out;
}

export type { PolicyFaces } from './faces';

/** The policy family's face (families/policy.ts). */
export const policyFace = { violationsByNode, workspaceViolations };
export type PolicyFace = typeof policyFace;
