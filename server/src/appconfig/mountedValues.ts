/**
 * The addresses a configuration file put in a container writes (issue #95): the OpenTelemetry collector's
 * `exporters.otlp.endpoint: oap:11800` and its Prometheus receiver's `targets: ['mysql-service:9104']`, APISIX's
 * `upstreams[].nodes: {"app:80": 1}`, Kong's `services[].url: http://auth:9999/`, DeathStarBench's
 * `"post-storage-service": {"addr": "post-storage-service", "port": 9090}`, fluent-bit's `Host oap` beside `Port 12800`.
 * A value under an address-shaped key (addr, host, url, endpoint, targets, nodes, upstream, server…), with the port in it
 * or a `port` key beside it (or the product's default, productPort); each word read by valueAddress.ts. JSON and YAML by
 * their tree, HJSON by hjson's parser then as JSON, a Logstash pipeline by its reader (logstash.ts), anything else as `key value` / `key = value` / `key: value`
 * lines in `[sections]`. Which of them name a component is the caller's to decide (mounted.ts). Pure; bounded by the text
 * it is given (the side-file read's bound).
 */
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Node as YamlNode, type YAMLMap } from 'yaml';
import { parse as parseHjson } from 'hjson';
import type { WrittenAddress } from '../features/system/addresses';
import { isLogstashPipeline, logstashAddresses } from './logstash';
import { caddyAddresses, isCaddyfile } from './caddy';
import { wordAddress } from './valueAddress';


/** Keys whose value is a peer's address: the key itself or its last word (`endpoint_addr`, `collector-endpoint`, `Host`). */
const ADDRESS_KEY = /(?:^|[_.-])(?:addr|address|addresses|host|hostname|hosts|url|uri|urls|endpoint|endpoints|targets?|nodes|upstreams?|servers?|brokers|connection)$/i;
/**
 * Settings whose addresses the program hands to others, never calls: Kibana's Fleet settings for its agents
 * (`xpack.fleet.agents.fleet_server.hosts`, the outputs the agents send to), an advertised address, a public base URL.
 */
const HANDED_OUT = /(?:^|\.)(?:agents|xpack\.fleet\.outputs)(?:\.|$)|(?:^|[._-])advertised[._-]|(?:^|\.)publicbaseurl$/i;
/** Keys holding addresses as the keys of a map (APISIX's `nodes: {"app:80": 1}`). */
const KEYED_ADDRESSES = /^(?:nodes|targets|upstreams?|servers)$/i;

/** The addresses of a value: each of its words (a list is split by commas or spaces) that is one. */
function parsed(value: string, start: number, port: number | undefined): WrittenAddress[] {
  const found: WrittenAddress[] = [];
  let offset = 0;
  for (const part of value.split(/([,\s]+)/)) {
    const at = offset;
    offset += part.length;
    // No address is longer than the expressions' bounds: a longer word is not tried.
    if (part === '' || part.length > 800 || /^[,\s]+$/.test(part)) continue;
    const address = wordAddress(part, start + at, port);
    if (address) found.push(address);
  }
  return found;
}

const portOf = (value: unknown): number | undefined => {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,5}$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isInteger(number) && number > 0 && number <= 65535 ? number : undefined;
};

/** A map's `port` (any case) beside the address key. */
function siblingPort(map: YAMLMap): number | undefined {
  for (const pair of map.items) if (isScalar(pair.key) && String(pair.key.value).toLowerCase() === 'port' && isScalar(pair.value)) return portOf(pair.value.value);
  return undefined;
}

function scalarAddresses(node: unknown, port: number | undefined): WrittenAddress[] {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return [];
  // The value's text starts after an opening quote.
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0;
  return parsed(node.value, node.range[0] + quoted, port);
}

/**
 * The port a product connects to when its setting names a bare host: the Elastic stack's clients (Beats' and APM Server's
 * `output.elasticsearch.hosts`, Kibana's `elasticsearch.hosts`) Elasticsearch's 9200, Beats' `setup.kibana.host` Kibana's 5601,
 * Beats' `output.logstash.hosts` the Beats input's 5044 (each product's documented default).
 */
function productPort(keyPath: string): number | undefined {
  const lower = keyPath.toLowerCase();
  if (/(?:^|\.)elasticsearch\.hosts$/.test(lower)) return 9200;
  if (/(?:^|\.)setup\.kibana\.host$/.test(lower)) return 5601;
  if (/(?:^|\.)output\.logstash\.hosts$/.test(lower)) return 5044;
  return undefined;
}

/** The addresses of a JSON or YAML text (every document of it). Iterative: a deep file costs its size, not the stack. */
function treeAddresses(text: string): WrittenAddress[] {
  const found: WrittenAddress[] = [];
  let documents;
  try {
    documents = parseAllDocuments(text, { uniqueKeys: false, logLevel: 'silent' });
  } catch {
    return [];
  }
  if (!Array.isArray(documents)) return [];
  // Each node with the dotted path of the keys above it (`output.elasticsearch`), for a product's own default port.
  const stack: { node: unknown; path: string }[] = documents.map((document) => ({ node: document.contents, path: '' }));
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (isSeq(node)) stack.push(...node.items.map((item) => ({ node: item, path })));
    if (!isMap(node)) continue;
    const beside = siblingPort(node);
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const keyPath = path === '' ? key : `${path}.${key}`;
      // A path longer than any setting's is data: not followed further (and not kept as a path).
      stack.push({ node: pair.value, path: keyPath.length > 300 ? '' : keyPath });
      if (!ADDRESS_KEY.test(key) || HANDED_OUT.test(keyPath)) continue;
      const port = beside ?? productPort(keyPath);
      const value = pair.value as YamlNode | null;
      if (isScalar(value)) found.push(...scalarAddresses(value, port));
      else if (isSeq(value)) for (const item of value.items) found.push(...scalarAddresses(item, port));
      else if (isMap(value) && KEYED_ADDRESSES.test(key)) for (const entry of value.items) found.push(...scalarAddresses(entry.key, undefined));
    }
  }
  return found;
}

/** `Key value`, `key = value`, `key: value` lines, a `[section]` (or a blank line) closing what a `Port` line beside it applies to. */
function lineAddresses(text: string): WrittenAddress[] {
  const found: WrittenAddress[] = [];
  let section: { key: string; value: string; start: number }[] = [];
  const close = () => {
    const port = portOf(section.find((entry) => entry.key.toLowerCase() === 'port')?.value);
    for (const entry of section) if (ADDRESS_KEY.test(entry.key) && !HANDED_OUT.test(entry.key)) found.push(...parsed(entry.value, entry.start, port));
    section = [];
  };
  let offset = 0;
  for (const line of text.split('\n')) {
    const lineStart = offset;
    offset += line.length + 1;
    if (line.length > 1000) continue;
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('[')) {
      close();
      continue;
    }
    if (/^[#;]/.test(trimmed)) continue;
    let clean = line.trimEnd();
    if (clean.endsWith(';')) clean = clean.slice(0, -1).trimEnd();
    const match = /^([ \t]*)([A-Za-z_][\w.-]{0,80})([ \t]*[=:][ \t]*|[ \t]+)([^\s#;=:].{0,499})$/.exec(clean);
    if (!match) continue;
    // A quoted value: its text inside the quotes.
    const quoted = /^(["'])(.*)\1$/.exec(match[4]);
    section.push({ key: match[2], value: quoted ? quoted[2] : match[4], start: lineStart + match[1].length + match[2].length + match[3].length + (quoted ? 1 : 0) });
  }
  close();
  return found;
}

/**
 * The addresses of an HJSON text (lemmy's `config.hjson`: unquoted keys and values, no commas, `#` comments): its value read by
 * the maintained parser and walked as JSON, each address then found again in the written text, in the order written.
 */
function hjsonAddresses(text: string): WrittenAddress[] {
  let json: string;
  try {
    // A parse error, or a nesting deeper than the parser's recursion allows (RangeError): nothing read.
    json = JSON.stringify(parseHjson(text));
  } catch {
    return [];
  }
  if (typeof json !== 'string') return [];
  let cursor = 0;
  return treeAddresses(json).sort((a, b) => a.start - b.start).map((address) => {
    let at = text.indexOf(address.text, cursor);
    if (at === -1) at = text.indexOf(address.text);
    // Written with escapes the JSON has not: the file's start as evidence.
    if (at === -1) return { ...address, start: 0, end: 0 };
    cursor = at + address.text.length;
    return { ...address, start: at, end: at + address.text.length };
  });
}

/** The addresses a configuration file writes, read by its name's extension. */
export function configAddresses(name: string, text: string): WrittenAddress[] {
  const lower = name.toLowerCase();
  if (/\.(json|ya?ml)$/.test(lower)) return treeAddresses(text);
  if (lower.endsWith('.hjson')) return hjsonAddresses(text);
  // Logstash's pipelines (`output { elasticsearch { hosts => … } }`): their own syntax, read by its reader.
  if (isLogstashPipeline(lower, text)) return logstashAddresses(text);
  // Caddy's Caddyfile (`reverse_proxy grafana:3000`): its own syntax, read by its reader.
  if (isCaddyfile(name)) return caddyAddresses(text);
  return lineAddresses(text);
}
