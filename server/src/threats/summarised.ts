/**
 * The threats of a summarised workspace (issue #78): past the index's bound the system map is not made (the
 * summaries keep no address, image, environment or annotation), but each Kubernetes summary keeps where its
 * object is exposed (kubernetes/model/summary.ts `ExposureLines`: a Service's type and ports, an Ingress's hosts
 * and TLS, a pod's hostPorts). From them: the entry points (LoadBalancer, NodePort, hostPort, Ingress) with their
 * lines, and the one risk that needs no whole map — Threagile's unencrypted-communication on a plaintext front
 * door (no TLS port, an Ingress without `tls`) — counted per namespace. One pass over the objects, nothing kept
 * but the entries: bounded by the summaries the index already holds.
 */
import { allKubernetesObjects, exposedAt, podSpecPath, type KubernetesObject } from '../kubernetes/api';
import { isComposeFile } from '../compose/api';
import { t } from '../l10n/t';
import type { WorkspaceIndex } from '../workspace/index';
import { markdownText } from '../common/escape';
import { isLoopbackAddress } from '../features/system/addresses';
import { escapeLines, FileLines, literalSecretLines, loopbackItem } from './evidence';

export interface SummarisedEntry {
  namespace: string;
  /** `Kind/name`. */
  object: string;
  /** `published`: a Compose service's published port (issue #95). */
  via: 'LoadBalancer' | 'NodePort' | 'hostPort' | 'Ingress' | 'published';
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
  /** Plaintext front doors; and (issue #95) what lets a container escape to its host, a secret written as a literal. */
  rule: 'unencrypted-communication' | 'container-platform-escape' | 'accidental-secret-leak';
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
/** A Compose service's: Compose has no namespace. */
const COMPOSE = '(compose)';
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

/** What a workload's or a Compose service's lines say (issue #95): its escapes and literal secrets, 0-based in `lines`. */
interface BlockFindings {
  namespace: string;
  object: string;
  uri: string;
  /** The block's first line in its file (0-based). */
  first: number;
  lines: readonly string[];
}

/** `- "[ip:]8080:80[/tcp]"` (a range's first port), or a long syntax item's `published: 8080`. */
const SHORT_PORT = /^\s*-\s*["']?(?:([\d.]+|\[[^\]]*\]):)?(\d{1,5})(?:-\d{1,5})?:\d{1,5}(?:-\d{1,5})?(?:\/[a-z]+)?["']?\s*(?:#.*)?$/i;
const LONG_PORT = /^[\s-]*published:\s*["']?(\d{1,5})(?:-\d{1,5})?["']?\s*(?:#.*)?$/;

/** A Compose service's published ports (issue #95: dropped past the bound), each on its line; none bound to the loopback. */
function publishedPorts(block: BlockFindings): SummarisedEntry[] {
  const out: SummarisedEntry[] = [];
  let portsIndent = -1;
  block.lines.forEach((line, i) => {
    const indent = line.length - line.trimStart().length;
    if (/^\s*ports:\s*(?:#.*)?$/.test(line)) portsIndent = indent;
    else if (portsIndent >= 0 && line.trim() !== '' && !line.trimStart().startsWith('#') && indent <= portsIndent) portsIndent = -1;
    if (portsIndent < 0 || indent <= portsIndent) return;
    const short = SHORT_PORT.exec(line);
    const long = short ? undefined : LONG_PORT.exec(line);
    const port = short?.[2] ?? long?.[1];
    if (port === undefined || (short?.[1] !== undefined && isLoopbackAddress(short[1])) || (long && loopbackItem(block.lines, i))) return;
    out.push({ namespace: block.namespace, object: block.object, via: 'published', port: Number(port), tls: TLS_PORTS.has(Number(port)), uri: block.uri, line: block.first + i + 1 });
  });
  return out;
}

/** Each Compose service's block (its key under `services:` and the lines under it). */
function composeBlocks(uri: string, text: string): BlockFindings[] {
  const lines = new FileLines(text);
  const start = lines.all.findIndex((l) => /^services:\s*(?:#.*)?$/.test(l));
  if (start < 0) return [];
  const blocks: BlockFindings[] = [];
  let indent = -1;
  for (let i = start + 1; i < lines.all.length; i++) {
    const line = lines.all[i];
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const depth = line.length - line.trimStart().length;
    if (depth === 0) break;
    indent = indent < 0 ? depth : indent;
    const key = depth === indent ? /^\s*["']?([A-Za-z0-9._-]+)["']?:\s*(?:#.*)?$/.exec(line) : null;
    if (key) {
      const block = lines.block(i);
      blocks.push({ namespace: COMPOSE, object: `service/${key[1]}`, uri, first: block.first, lines: block.lines });
    }
  }
  return blocks;
}

/** Each workload's document (a kind with a pod template: between the `---` around its `kind`), read again from its file: the summaries keep no line of it. */
function workloadBlocks(objects: readonly KubernetesObject[], text: string): BlockFindings[] {
  const lines = new FileLines(text);
  return objects.filter((o) => podSpecPath(o.kind) !== undefined).map((o) => {
    const document = lines.block(o.range.start.line);
    return { namespace: o.namespace ?? UNSET, object: `${o.kind}/${o.name ?? ''}`, uri: o.uri, first: document.first, lines: document.lines };
  });
}

/** A block's escape and literal secret: one risk per workload or service and rule (Threagile's are per asset), on the first line that says it. */
function blockRisks(block: BlockFindings): SummarisedRisk[] {
  const risks: SummarisedRisk[] = [];
  const escape = escapeLines(block.lines)[0];
  if (escape !== undefined) risks.push({ rule: 'container-platform-escape', namespace: block.namespace, title: `Container platform escape at ${block.object}`, uri: block.uri, line: block.first + escape + 1 });
  const secret = literalSecretLines(block.lines)[0];
  if (secret !== undefined) risks.push({ rule: 'accidental-secret-leak', namespace: block.namespace, title: `Accidental secret leak at ${block.object}`, uri: block.uri, line: block.first + secret + 1 });
  return risks;
}

/**
 * The summarised answer: entry points, plaintext front doors as risks, counts per namespace; and (issue #95: past the
 * bound they were dropped) each Compose service's published ports, and the escapes and literal secrets of the Compose
 * services and of the workloads. `reread`: a summarised file's text by the one bounded read, one file at a time (the
 * summaries keep no line of it, as a check reads each file again whole); undefined: the workloads' are not looked at.
 */
export function summarisedThreats(index: WorkspaceIndex, reread?: (uri: string) => string | undefined): SummarisedThreats {
  const entries: SummarisedEntry[] = [];
  // Each block's risks made at once, its lines let go (kept, every file's lines would be the whole repository's text).
  const inFiles: SummarisedRisk[] = [];
  const read = (block: BlockFindings) => inFiles.push(...blockRisks(block));
  const byFile = new Map<string, KubernetesObject[]>();
  for (const object of allKubernetesObjects(index)) {
    entries.push(...entriesOf(object));
    const list = byFile.get(object.uri);
    if (list) list.push(object);
    else byFile.set(object.uri, [object]);
  }
  for (const file of index.files()) {
    if (!file.isYaml || file.skipped === 'too-large' || file.skipped === 'stopped' || file.skipped === 'template') continue;
    const objects = byFile.get(file.uri);
    if (objects) {
      if (!objects.some((o) => podSpecPath(o.kind) !== undefined)) continue;
      const text = file.skipped === 'summary' ? reread?.(file.uri) : file.text;
      if (text !== undefined) workloadBlocks(objects, text).forEach(read);
    } else if (!file.skipped && isComposeFile(file)) {
      for (const block of composeBlocks(file.uri, file.text)) {
        read(block);
        entries.push(...publishedPorts(block));
      }
    }
  }
  entries.sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.line - b.line));
  const risks: SummarisedRisk[] = entries.filter((e) => !e.tls).map((e) => ({
    rule: 'unencrypted-communication',
    namespace: e.namespace,
    title: `Unencrypted communication from the Internet to ${e.object} (${e.via}${e.port !== undefined ? ` ${e.port}` : ''}${e.hosts ? ` ${e.hosts.join(', ')}` : ''}): a plaintext front door`,
    uri: e.uri,
    line: e.line,
  }));
  risks.push(...inFiles.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.line - b.line)));
  const counts = new Map<string, { namespace: string; entries: number; plaintext: number }>();
  for (const e of entries) {
    let c = counts.get(e.namespace);
    if (!c) counts.set(e.namespace, (c = { namespace: e.namespace, entries: 0, plaintext: 0 }));
    c.entries++;
    if (!e.tls) c.plaintext++;
  }
  return { entries, risks, namespaces: [...counts.values()] };
}

/** Threagile's STRIDE of each rule; each rated medium here (unlikely × medium: what the data is, is not known past the bound). */
const strideOf = (risk: SummarisedRisk) => (risk.rule === 'container-platform-escape' ? 'elevation-of-privilege' : 'information-disclosure');

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
      risks: found.risks.map((r) => ({ rule: r.rule, stride: strideOf(r), severity: 'medium', title: r.title, elements: [], sources: [{ file: fileOf(r.uri), line: r.line }], namespace: r.namespace })),
      entries: found.entries.map((e) => ({ namespace: e.namespace, object: e.object, via: e.via, ...(e.port !== undefined ? { port: e.port } : {}), ...(e.hosts ? { hosts: e.hosts } : {}), tls: e.tls, file: fileOf(e.uri), line: e.line })),
      namespaces: found.namespaces,
    }, null, 2);
  }
  const summary = t('Summarised: {0} entry point(s), {1} plaintext, in {2} namespace(s).', found.entries.length, found.entries.filter((e) => !e.tls).length, found.namespaces.length);
  if (format === 'text') {
    const out = [summary, ...found.namespaces.map((n) => `  ${n.namespace}: ${t('{0} entry point(s), {1} plaintext', n.entries, n.plaintext)}`)];
    for (const r of found.risks) out.push(`${fileOf(r.uri)}:${r.line}: medium ${r.rule} (${strideOf(r)}): ${r.title}`);
    out.push(t('{0} risk(s) raised (summarised).', found.risks.length));
    return out.join('\n');
  }
  if (format === 'markdown') {
    const out = [`# Threat model: ${markdownText(title)}`, '', `Summarised: ${markdownText(reason)}.`, '', `${found.risks.length} open risk(s).`, '', '## Namespaces', ''];
    out.push(...(found.namespaces.length === 0 ? ['None.'] : ['| Namespace | Entry points | Plaintext |', '|---|---|---|', ...found.namespaces.map((n) => `| ${markdownText(n.namespace)} | ${n.entries} | ${n.plaintext} |`)]));
    // The risks the lines say (issue #95: escapes and literal secrets), each on its line; the plaintext ones are the entry points' below.
    const inFiles = found.risks.filter((r) => r.rule !== 'unencrypted-communication');
    if (inFiles.length > 0) out.push('', `## Risks in the files (${inFiles.length})`, '', '| Risk | Rule | Where |', '|---|---|---|', ...inFiles.map((r) => `| ${markdownText(r.title)} | \`${r.rule}\` | ${markdownText(`${fileOf(r.uri)}:${r.line}`)} |`));
    out.push('', '## Entry points', '');
    out.push(...(found.entries.length === 0 ? ['None.'] : ['| Namespace | Object | Via | Port | TLS | Where |', '|---|---|---|---|---|---|', ...found.entries.map((e) => `| ${markdownText(e.namespace)} | ${markdownText(e.object)} | ${e.via} | ${e.port ?? (e.hosts ? markdownText(e.hosts.join(', ')) : '')} | ${e.tls ? 'yes' : 'no'} | ${markdownText(`${fileOf(e.uri)}:${e.line}`)} |`)]));
    return out.join('\n');
  }
  return undefined;
}
