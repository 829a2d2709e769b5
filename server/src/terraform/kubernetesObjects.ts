/**
 * The Kubernetes objects a Terraform file's resources create, for another family to evaluate (the policy family's
 * admission policies, #96): a `kubernetes_manifest`'s `manifest` and the provider's typed workload and Service resources
 * (`kubernetes_deployment_v1`, `kubernetes_pod`, `kubernetes_service`, …) written out as the object the provider sends to
 * the API server — the same writing the Kubernetes family's checks of them read (checks/kubernetesManifests.ts,
 * checks/kubernetesTyped.ts: blocks under the API's names, `container` → `containers`, snake_case → camelCase). Each
 * object is a YAML file of its own (its URI under the .tf file's), and a span of it leads back to the HCL key or value
 * it came from — or to nothing, when what is there rests on a value the configuration does not state (a variable, a
 * reference, a `dynamic` block): a finding there is not to be trusted, and is left out.
 */
import { IndexedFile, type WorkspaceIndex } from '../workspace/index';
import { declared, moduleOf, type TerraformModule } from './model/model';
import { heredocYaml, write } from './checks/kubernetesManifests';
import { typedKinds, writeTyped, type Piece, type Written } from './checks/kubernetesTyped';
import { attribute, type Span } from './syntax/syntax';

/** One object a resource of the file creates. */
export interface TerraformKubernetesObject {
  /** The resource's address in its module (`kubernetes_deployment_v1.web`). */
  readonly address: string;
  /** The resource's block in the .tf file. */
  readonly block: Span;
  /** The object as a YAML file (`<file>.tf.<name>.manifest.yaml`: under the .tf file's folder, as the file is). */
  readonly file: IndexedFile;
  /**
   * Where a span of the object's text (offsets in `file`) is in the .tf file: the innermost key or value it came from
   * (the resource's type label when none holds it); undefined when that value, or a field the object may hold, is not known
   * before apply.
   */
  toSource(start: number, end: number): Span | undefined;
}

/** Whether a container's unknown comes from a field no one can name (a computed key, a `dynamic` block), not only from a member's unknown value. */
function opaque(container: Piece, pieces: readonly Piece[]): boolean {
  if (!container.container?.direct) return false;
  // Its direct members whose value is unknown explain `direct`: then every field it holds is named (a missing one is missing).
  return !pieces.some((p) => p.unknown && p.depth === container.depth + 1 && p.from >= container.from && p.to <= container.to);
}

/**
 * The HCL a span came from, or undefined when the span rests on an unknown: the innermost piece holding it is an
 * unknown value, a container that may hold fields no one names, or the object as a whole (a finding on the object, not
 * one of its values) when the object holds an unknown anywhere.
 */
function sourceOf(pieces: readonly Piece[], start: number, end: number, fallback: Span): Span | undefined {
  let best: Piece | undefined;
  for (const p of pieces) if (p.from <= start && p.to >= end && (!best || p.to - p.from <= best.to - best.from)) best = p;
  if (!best) return fallback;
  if (best.unknown || (best.container && (best.depth === 0 ? best.container.below : opaque(best, pieces)))) return undefined;
  if (pieces.some((p) => p.unknown && p.from < Math.max(end, start + 1) && p.to > start)) return undefined;
  return best.depth === 0 ? fallback : best.source;
}

function objectsOf(module: TerraformModule, uri: string): TerraformKubernetesObject[] {
  const out: TerraformKubernetesObject[] = [];
  const text = module.files.find((f) => f.file.uri === uri);
  if (!text || text.syntax.json) return out;
  for (const resource of [...declared(module, 'resource').values()].flat()) {
    if (resource.uri !== uri || resource.type === undefined) continue;
    const typed = typedKinds.get(resource.type);
    const manifest = resource.type === 'kubernetes_manifest' ? attribute(resource.block.body, 'manifest') : undefined;
    if (!typed && !manifest) continue;
    const address = `${resource.type}.${resource.name}`;
    const fileUri = `${uri}.${resource.name}.manifest.yaml`;
    const heredoc = manifest && heredocYaml(manifest.expr, text.file.text);
    if (heredoc) {
      // A heredoc's YAML is the file's own text: its spans are the file's, shifted.
      out.push({ address, block: resource.block, file: new IndexedFile(fileUri, heredoc.text, undefined, undefined), toSource: (start, end) => ({ start: start + heredoc.at, end: end + heredoc.at }) });
      continue;
    }
    let written: Written;
    if (typed) written = writeTyped(resource.block, typed, write);
    else if (manifest?.expr.kind === 'object') {
      written = { text: '', pieces: [] };
      write(manifest.expr, written);
    } else continue;
    // The object as a whole: on the resource's type label (`"kubernetes_deployment_v1"`).
    const fallback: Span = resource.block.labels[0] ?? resource.block.typeSpan;
    const pieces = written.pieces;
    out.push({ address, block: resource.block, file: new IndexedFile(fileUri, `${written.text}\n`, undefined, undefined), toSource: (start, end) => sourceOf(pieces, start, end, fallback) });
  }
  return out;
}

const kept = new WeakMap<TerraformModule, Map<string, TerraformKubernetesObject[]>>();

/** The Kubernetes objects a Terraform configuration file's resources create (once per version of its module). */
export function terraformKubernetesObjects(index: WorkspaceIndex, file: IndexedFile): readonly TerraformKubernetesObject[] {
  const module = moduleOf(index, file);
  let byUri = kept.get(module);
  if (!byUri) kept.set(module, (byUri = new Map<string, TerraformKubernetesObject[]>()));
  let objects = byUri.get(file.uri);
  if (!objects) byUri.set(file.uri, (objects = objectsOf(module, file.uri)));
  return objects;
}
