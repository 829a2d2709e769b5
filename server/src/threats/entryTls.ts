/**
 * Whether a way in through an Ingress or a Gateway is encrypted from the Internet (issue #95): a plaintext one carries
 * its users' requests and session in clear, a risk like a plaintext NodePort (derive.ts).
 * - An Ingress is TLS with its `tls:` list, or a certificate its controller attaches by annotation (GKE's
 *   `networking.gke.io/managed-certificates` or `ingress.gcp.kubernetes.io/pre-shared-cert`, the AWS Load Balancer
 *   Controller's `alb.ingress.kubernetes.io/certificate-arn`): without, its controller serves it over HTTP.
 * - An Istio Gateway is TLS when every server that answers does so over TLS: a `tls.mode` (SIMPLE, MUTUAL,
 *   PASSTHROUGH…), or `tls.httpsRedirect: true` on an HTTP server (it answers every request with a redirect to HTTPS).
 *   One server without either (`protocol: HTTP`, port 80, hosts `*`: bookinfo's, microservices-demo's) serves in
 *   plaintext whatever the others do; its `port:` line says so.
 * - A Gateway API Gateway is TLS with a `tls:` block on a listener (an HTTP listener is often only redirected by an
 *   HTTPRoute's filter, which this does not follow).
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Block } from './evidence';

export interface EntryTls {
  /** The way in is encrypted from the Internet. */
  tls: boolean;
  /** The line (0-based, in the file) of the server that serves in plaintext, when that is what decides. */
  plaintextLine?: number;
}

/** A certificate an Ingress controller attaches by annotation, without a `tls:` list. */
const CERTIFICATE_ANNOTATION = /^\s+(?:networking\.gke\.io\/managed-certificates|ingress\.gcp\.kubernetes\.io\/pre-shared-cert|alb\.ingress\.kubernetes\.io\/certificate-arn):\s*["']?[^\s"']/;

/** Past this a Gateway document is not parsed (a Gateway is a few dozen lines): its `tls:` lines decide, as for the others. */
const MAX_GATEWAY_CHARS = 64 * 1024;

const kept = new WeakMap<Block, EntryTls>();

/** The TLS of the way in whose Kubernetes document is `block` (an Ingress or a Gateway), read once per block. */
export function entryTlsOf(block: Block): EntryTls {
  let known = kept.get(block);
  if (!known) kept.set(block, (known = read(block)));
  return known;
}

function read(block: Block): EntryTls {
  const { lines } = block;
  const saysTls = lines.some((l) => /^\s+tls:/.test(l) || CERTIFICATE_ANNOTATION.test(l));
  if (!lines.some((l) => /^apiVersion:\s*["']?networking\.istio\.io\//.test(l)) || !lines.some((l) => /^kind:\s*Gateway\s*$/.test(l))) return { tls: saysTls };
  const text = lines.join('\n');
  if (text.length > MAX_GATEWAY_CHARS) return { tls: saysTls };
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false, logLevel: 'error' });
  if (doc.errors.length > 0) return { tls: saysTls };
  const servers = doc.getIn(['spec', 'servers'], true);
  if (!isSeq(servers) || servers.items.length === 0) return { tls: saysTls };
  for (const server of servers.items) {
    if (!isMap(server)) continue;
    const mode = server.getIn(['tls', 'mode']);
    const redirect = server.getIn(['tls', 'httpsRedirect']);
    if ((typeof mode === 'string' && mode !== '') || redirect === true) continue;
    // The server's `port:` key (its line), else the server's first line.
    const key = server.items.find((pair) => isScalar(pair.key) && pair.key.value === 'port')?.key as Node | undefined;
    const line = counter.linePos(key?.range?.[0] ?? server.range?.[0] ?? 0).line - 1;
    return { tls: false, plaintextLine: block.first + Math.max(0, line) };
  }
  return { tls: true };
}
