/**
 * The threats of a summarised workspace (issue #78): past the index's bound the system map is not made (the
 * summaries keep no address, image, environment or annotation), but each Kubernetes summary keeps where its
 * object is exposed (kubernetes/model/summary.ts `ExposureLines`: a Service's type and ports, an Ingress's hosts
 * and TLS, a pod's hostPorts). From them: the entry points (LoadBalancer, NodePort, hostPort, Ingress) with their
 * lines, and the one risk that needs no whole map — Threagile's unencrypted-communication on a plaintext front
 * door (no TLS port, an Ingress without `tls`) — counted per namespace. One pass over the objects, nothing kept
 * but the entries: bounded by the summaries the index already holds.
 */
import { allKubernetesObjects, exposedAt, type KubernetesObject } from '../kubernetes/api';
import { t } from '../l10n/t';
import type { WorkspaceIndex } from '../workspace/index';
import { markdownText } from '../common/escape';

export interface SummarisedEntry {
  namespace: string;
  /** `Kind/name`. */
  object: string;
  via: 'LoadBalancer' | 'NodePort' | 'hostPort' | 'Ingress';
  /** The published port (a NodePort's nodePort, a LoadBalancer's port, a hostPort); an Ingress's none. */
  port?: number;
  /** An Ingress's hosts. */
  hosts?: string[];
  tls: boolean;
  uri: string;
  /** 1-based. */
  line: number;
}

export interface SummarisedRisk {
  rule: 'unencrypted-communication';
  namespace: string;
  title: string;
  uri: string;
  line: number;
}

export interface SummarisedThreats {
  entries: SummarisedEntry[];
  risks: SummarisedRisk[];
  /** Per namespace (sorted): its entry points and plaintext ones. */
  namespaces: { namespace: string; entries: number; plaintext: number }[];
}

/** A namespace not written in the file: set at deploy time. */
const UNSET = '(unset)';
const TLS_PORTS = new Set([443, 8443]);
const asNumber = (value: unknown) => (typeof value === 'number' ? value : undefined);
const isMap = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function entriesOf(object: KubernetesObject): SummarisedEntry[] {
  const exposed = exposedAt(object);
  if (!exposed) return [];
  const spec = isMap(object.value.spec) ? object.value.spec : {};
  const base = { namespace: object.namespace ?? UNSET, object: `${object.kind}/${object.name ?? ''}`, uri: object.uri };
  const entries: SummarisedEntry[] = [];
  if (object.kind === 'Service' && (spec.type === 'LoadBalancer' || spec.type === 'NodePort')) {
    const via = spec.type;
    listOf(spec.ports).forEach((p, i) => {
      const line = exposed.ports?.[i];
      if (!isMap(p) || line === undefined) return;
      const port = via === 'NodePort' ? (asNumber(p.nodePort) ?? asNumber(p.port)) : asNumber(p.port);
      const tls = TLS_PORTS.has(asNumber(p.port) ?? 0) || TLS_PORTS.has(asNumber(p.targetPort) ?? 0);
      entries.push({ ...base, via, ...(port !== undefined ? { port } : {}), tls, line });
    });
    if (entries.length === 0 && exposed.type !== undefined) entries.push({ ...base, via, tls: false, line: exposed.type });
  } else if (object.kind === 'Ingress') {
    const hosts = (exposed.hosts ?? []).map(([host]) => host);
    const tls = exposed.tls !== undefined;
    // The line that opens it: its first host, else its tls, else its name.
    entries.push({ ...base, via: 'Ingress', ...(hosts.length > 0 ? { hosts } : {}), tls, line: exposed.hosts?.[0]?.[1] ?? exposed.tls ?? object.nameLine ?? object.range.start.line + 1 });
  } else {
    for (const [port, line] of exposed.hostPorts ?? []) entries.push({ ...base, via: 'hostPort', port, tls: TLS_PORTS.has(port), line });
  }
  return entries;
}

/** The summarised answer: entry points, plaintext front doors as risks, counts per namespace. */
export function summarisedThreats(index: WorkspaceIndex): SummarisedThreats {
  const entries: SummarisedEntry[] = [];
  for (const object of allKubernetesObjects(index)) entries.push(...entriesOf(object));
  entries.sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.line - b.line));
  const risks: SummarisedRisk[] = entries.filter((e) => !e.tls).map((e) => ({
    rule: 'unencrypted-communication',
    namespace: e.namespace,
    title: `Unencrypted communication from the Internet to ${e.object} (${e.via}${e.port !== undefined ? ` ${e.port}` : ''}${e.hosts ? ` ${e.hosts.join(', ')}` : ''}): a plaintext front door`,
    uri: e.uri,
    line: e.line,
  }));
  const counts = new Map<string, { namespace: string; entries: number; plaintext: number }>();
  for (const e of entries) {
    let c = counts.get(e.namespace);
    if (!c) counts.set(e.namespace, (c = { namespace: e.namespace, entries: 0, plaintext: 0 }));
    c.entries++;
    if (!e.tls) c.plaintext++;
  }
  return { entries, risks, namespaces: [...counts.values()] };
}

/**
 * The summarised answer in a format of `archipel threats` (json, text, markdown), saying it is summarised and why;
 * undefined for the formats made of the whole model (html, sarif, threagile, model), which stay empty.
 * `fileOf`: a URI as the format writes it.
 */
export function summarisedReport(format: string, found: SummarisedThreats, files: number, title: string, fileOf: (uri: string) => string): string | undefined {
  const reason = t('past the index\'s bound ({0} files): the system map is not made; the entry points the Kubernetes summaries keep and their plaintext front doors', files);
  if (format === 'json') {
    return JSON.stringify({
      summarised: { files, reason },
      risks: found.risks.map((r) => ({ rule: r.rule, stride: 'information-disclosure', severity: 'medium', title: r.title, elements: [], sources: [{ file: fileOf(r.uri), line: r.line }], namespace: r.namespace })),
      entries: found.entries.map((e) => ({ namespace: e.namespace, object: e.object, via: e.via, ...(e.port !== undefined ? { port: e.port } : {}), ...(e.hosts ? { hosts: e.hosts } : {}), tls: e.tls, file: fileOf(e.uri), line: e.line })),
      namespaces: found.namespaces,
    }, null, 2);
  }
  const summary = t('Summarised: {0} entry point(s), {1} plaintext, in {2} namespace(s).', found.entries.length, found.risks.length, found.namespaces.length);
  if (format === 'text') {
    const out = [summary, ...found.namespaces.map((n) => `  ${n.namespace}: ${t('{0} entry point(s), {1} plaintext', n.entries, n.plaintext)}`)];
    for (const r of found.risks) out.push(`${fileOf(r.uri)}:${r.line}: medium ${r.rule} (information-disclosure): ${r.title}`);
    out.push(t('{0} risk(s) raised (summarised).', found.risks.length));
    return out.join('\n');
  }
  if (format === 'markdown') {
    const out = [`# Threat model: ${markdownText(title)}`, '', `Summarised: ${markdownText(reason)}.`, '', `${found.risks.length} open risk(s).`, '', '## Namespaces', ''];
    out.push(...(found.namespaces.length === 0 ? ['None.'] : ['| Namespace | Entry points | Plaintext |', '|---|---|---|', ...found.namespaces.map((n) => `| ${markdownText(n.namespace)} | ${n.entries} | ${n.plaintext} |`)]));
    out.push('', '## Entry points', '');
    out.push(...(found.entries.length === 0 ? ['None.'] : ['| Namespace | Object | Via | Port | TLS | Where |', '|---|---|---|---|---|---|', ...found.entries.map((e) => `| ${markdownText(e.namespace)} | ${markdownText(e.object)} | ${e.via} | ${e.port ?? (e.hosts ? markdownText(e.hosts.join(', ')) : '')} | ${e.tls ? 'yes' : 'no'} | ${markdownText(`${fileOf(e.uri)}:${e.line}`)} |`)]));
    return out.join('\n');
  }
  return undefined;
}
