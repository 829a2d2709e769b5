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
import { kubernetesObjects } from '../kubernetes/api';
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

/** A violation and the lines of the object it is about (a manifest's document, a Terraform resource's block, a template). */
interface Found {
  readonly violation: PolicyViolation;
  readonly object: Range;
}

/** The objects of a file, as line ranges: its documents, its Terraform resources' blocks, or the whole of a template. */
function objectRanges(file: IndexedFile, index: WorkspaceIndex, faces: PolicyFaces): Range[] {
  if (faces.terraform?.isConfig(file.uri)) return faces.terraform.kubernetesObjects(index, file).map(({ block }) => file.lines.range(block.start, block.end));
  if (file.skipped === 'template') return [file.lines.range(0, file.text.length)];
  // Each document from its start to its end (the chunk: its text as the file holds it).
  return kubernetesObjects(file).map((object) => file.lines.range(object.offset, object.offset + object.chunk.text.length));
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
  const objects = objectRanges(file, index, faces);
  return found.map(({ offset, finding }) => {
    const range = file.lines.range(offset + finding.start, offset + finding.end);
    const violation: PolicyViolation = { code: finding.code, message: finding.message, severity: finding.severity === 'warning' ? 'warning' : 'error', uri, range };
    return { violation, object: objects.find((object) => within(object, range.start.line)) ?? range };
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

export type { PolicyFaces } from './faces';

/** The policy family's face (families/policy.ts). */
export const policyFace = { violationsByNode };
export type PolicyFace = typeof policyFace;
