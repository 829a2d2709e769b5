/**
 * The Kubernetes provider's typed resources (`kubernetes_deployment_v1`, `kubernetes_pod`,
 * `kubernetes_service`, …) written out as the object the provider sends to the API server: their
 * `metadata` and `spec` blocks under the API's names (snake_case to camelCase, the few the API spells
 * otherwise — `host_pid` is `hostPID` — by name, a repeated block to the API's list: `container` to
 * `containers`), a port given as a string of digits as the number the provider sends. The Kubernetes
 * family's object rules read it as they read a manifest (kubernetesManifests.ts); its schema check does
 * not, the provider's blocks being the provider's (a field it names otherwise would be a false error).
 * A `dynamic` block is content no one knows: the object holding it is treated as holding an unknown.
 */
import { staticString, type Block, type Body, type Expr, type Span } from '../syntax/syntax';

/** A typed resource's object: what the provider creates. */
export interface TypedKind {
  apiVersion: string;
  kind: string;
}

/** The workload and Service resources, under their old names and their `_v1` names. */
export const typedKinds: ReadonlyMap<string, TypedKind> = new Map(
  (
    [
      ['deployment', 'apps/v1', 'Deployment'],
      ['stateful_set', 'apps/v1', 'StatefulSet'],
      ['daemon_set', 'apps/v1', 'DaemonSet'],
      ['daemonset', 'apps/v1', 'DaemonSet'],
      ['job', 'batch/v1', 'Job'],
      ['cron_job', 'batch/v1', 'CronJob'],
      ['pod', 'v1', 'Pod'],
      ['replication_controller', 'v1', 'ReplicationController'],
      ['service', 'v1', 'Service'],
    ] as const
  ).flatMap(([name, apiVersion, kind]) => [
    [`kubernetes_${name}`, { apiVersion, kind }],
    [`kubernetes_${name}_v1`, { apiVersion, kind }],
  ]),
);

/** Blocks the provider repeats where the API has a list, and the list's name. */
const LISTS: ReadonlyMap<string, string> = new Map([
  ['container', 'containers'],
  ['init_container', 'initContainers'],
  ['port', 'ports'],
  ['env', 'env'],
  ['env_from', 'envFrom'],
  ['volume_mount', 'volumeMounts'],
  ['volume_device', 'volumeDevices'],
  ['volume', 'volumes'],
  ['image_pull_secrets', 'imagePullSecrets'],
  ['toleration', 'tolerations'],
  ['host_aliases', 'hostAliases'],
  ['topology_spread_constraint', 'topologySpreadConstraints'],
  ['readiness_gate', 'readinessGates'],
  ['match_expressions', 'matchExpressions'],
  ['volume_claim_template', 'volumeClaimTemplates'],
  ['items', 'items'],
  ['http_header', 'httpHeaders'],
  ['sysctl', 'sysctls'],
  ['option', 'options'],
  ['node_selector_term', 'nodeSelectorTerms'],
]);

/** Names the API spells otherwise than by camelCasing the provider's. */
const RENAMED: ReadonlyMap<string, string> = new Map([
  ['host_ipc', 'hostIPC'],
  ['host_pid', 'hostPID'],
  ['host_ip', 'hostIP'],
  ['cluster_ip', 'clusterIP'],
  ['cluster_ips', 'clusterIPs'],
  ['external_ips', 'externalIPs'],
  ['load_balancer_ip', 'loadBalancerIP'],
]);

/** Fields the API takes as a number or a name, the provider as a string: `"8080"` is the number. */
const INT_OR_STRING = new Set(['port', 'targetPort']);

function apiName(name: string): string {
  return RENAMED.get(name) ?? name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** A piece of a written object's text and the HCL it came from. */
export interface Piece {
  /** Its offsets in the object's text. */
  from: number;
  to: number;
  /** Where it is in the .tf file. */
  source: Span;
  /** A value the configuration does not state. */
  unknown: boolean;
  /** An object or list: whether a member of it is unknown (or a key computed), and whether one below it is. */
  container?: { direct: boolean; below: boolean };
  /** 0 for the object, 1 for its fields' values (metadata, spec), … */
  depth: number;
}

/** An object written out as JSON (YAML reads it), with its pieces. */
export interface Written {
  text: string;
  pieces: Piece[];
}

/** How an attribute's expression is written (kubernetesManifests.ts's writer). */
export type WriteExpr = (expr: Expr, out: Written, depth: number) => { unknown: boolean; holds: boolean };

/** Writes a typed resource's object. */
export function writeTyped(resource: Block, kind: TypedKind, write: WriteExpr): Written {
  const out: Written = { text: '', pieces: [] };
  const head = `"apiVersion":${JSON.stringify(kind.apiVersion)},"kind":${JSON.stringify(kind.kind)}`;
  writeBody(resource.body, resource, out, 0, write, head);
  return out;
}

/**
 * Writes a body as an object; gives whether it holds an unknown. With `head` (the resource itself),
 * that text starts the object and only its `metadata` and `spec` blocks are written (its arguments
 * are the provider's: `wait_for_rollout`, `timeouts`).
 */
function writeBody(body: Body, source: Span, out: Written, depth: number, write: WriteExpr, head?: string): boolean {
  const container = { direct: false, below: false };
  const piece: Piece = { from: out.text.length, to: 0, source, unknown: false, container, depth };
  out.pieces.push(piece);
  out.text += `{${head ?? ''}`;
  let first = head === undefined;
  const member = (name: string, nameSpan: Span, value: () => { unknown: boolean; holds: boolean }): void => {
    out.text += first ? '' : ',';
    first = false;
    const keyFrom = out.text.length;
    out.text += JSON.stringify(name);
    out.pieces.push({ from: keyFrom, to: out.text.length, source: nameSpan, unknown: false, depth: depth + 1 });
    out.text += ':';
    const written = value();
    if (written.unknown) container.direct = true;
    if (written.holds) container.below = true;
  };
  if (head === undefined) {
    for (const attr of body.attributes) {
      const name = apiName(attr.name);
      const number = INT_OR_STRING.has(name) ? digits(attr.expr) : undefined;
      member(name, attr.nameSpan, () => (number === undefined ? write(attr.expr, out, depth + 1) : writeNumber(number, attr.expr, out, depth + 1)));
    }
  }
  const groups = new Map<string, Block[]>();
  for (const block of body.blocks) {
    if (block.type === 'dynamic') {
      container.direct = container.below = true;
      continue;
    }
    if (head !== undefined && block.type !== 'metadata' && block.type !== 'spec') continue;
    const group = groups.get(block.type);
    if (group) group.push(block);
    else groups.set(block.type, [block]);
  }
  for (const [type, blocks] of groups) {
    const list = LISTS.get(type);
    if (list === undefined && blocks.length === 1) {
      member(apiName(type), blocks[0].typeSpan, () => ({ unknown: false, holds: writeBody(blocks[0].body, blocks[0], out, depth + 1, write) }));
      continue;
    }
    member(list ?? apiName(type), blocks[0].typeSpan, () => {
      const span = { start: blocks[0].start, end: blocks[blocks.length - 1].end };
      const items = { direct: false, below: false };
      const listPiece: Piece = { from: out.text.length, to: 0, source: span, unknown: false, container: items, depth: depth + 1 };
      out.pieces.push(listPiece);
      out.text += '[';
      blocks.forEach((block, i) => {
        out.text += i === 0 ? '' : ',';
        if (writeBody(block.body, block, out, depth + 2, write)) items.below = true;
      });
      out.text += ']';
      listPiece.to = out.text.length;
      return { unknown: false, holds: items.below };
    });
  }
  out.text += '}';
  piece.to = out.text.length;
  return container.below;
}

/** A port the provider takes as a string of digits (`"8080"`): the number. */
function digits(expr: Expr): string | undefined {
  const text = staticString(expr);
  return text !== undefined && /^[0-9]{1,5}$/.test(text) ? text : undefined;
}

function writeNumber(number: string, expr: Expr, out: Written, depth: number): { unknown: boolean; holds: boolean } {
  const from = out.text.length;
  out.text += String(Number(number));
  out.pieces.push({ from, to: out.text.length, source: expr, unknown: false, depth });
  return { unknown: false, holds: false };
}
