// `node scripts/gen-terraform-google7.mjs --git-dir DIR [--tag v7.45.0] [--write]`: lays the google provider
// 7.x resources the GKE modules and the example use over schemas/terraform/google.json (read from
// @cdktf/provider-google, whose latest is google 6.50; no 7.x JSON schema is published).
//
// Source: a clone of github.com/hashicorp/terraform-provider-google (MPL-2.0) at a 7.x tag. For each
// resource type of OVERLAID, its Go file google/services/<service>/resource_<name>.go is READ as text
// (never built or run): the `Schema:` literal of its `Resource…() *schema.Resource` function —
// `"name": { Type: schema.TypeString, Required: true, … Elem: &schema.Resource{Schema: …} }` — with the
// package's variables and schema functions it names (`Elem: cidrBlockConfig`, `"node_config":
// schemaNodeConfig()`, `tpgresource.MergeSchemas(a, b)`) resolved in the same package's files.
//
// What is laid over: every argument and nested block the 7.x literal has and the 6.50 schema lacks is
// added, at any depth (a reference the reader cannot resolve adds nothing; a type whose file holds no such literal,
// as the IAM ones built by a shared function, is left as 6.50 has it and not listed in `overlay`); nothing of 6.50 is
// removed or changed, so an argument 7.0 removed is still accepted (a miss, never a false warning).
// The file's `version` becomes the tag's, `base_version` keeps 6.50.0, `overlay` names the tag, its
// commit and the types laid over. Without --write, the added paths are listed, nothing written.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { answerHelp } from './lib/help.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The google resource types the reference modules (fixtures/oss/terraform: GKE, network, project factory, microservices-demo) and the example use. */
const OVERLAID = [
  'google_access_context_manager_service_perimeter_dry_run_resource',
  'google_access_context_manager_service_perimeter_resource', 'google_app_engine_application',
  'google_billing_account_iam_member', 'google_billing_budget', 'google_binary_authorization_attestor',
  'google_compute_address', 'google_compute_firewall', 'google_compute_firewall_policy',
  'google_compute_firewall_policy_association', 'google_compute_firewall_policy_rule',
  'google_compute_forwarding_rule', 'google_compute_global_address', 'google_compute_global_forwarding_rule',
  'google_compute_health_check', 'google_compute_instance', 'google_compute_instance_template',
  'google_compute_network', 'google_compute_network_attachment', 'google_compute_network_firewall_policy',
  'google_compute_network_firewall_policy_association',
  'google_compute_network_firewall_policy_packet_mirroring_rule', 'google_compute_network_firewall_policy_rule',
  'google_compute_network_peering', 'google_compute_node_group', 'google_compute_node_template',
  'google_compute_packet_mirroring', 'google_compute_project_cloud_armor_tier',
  'google_compute_project_default_network_tier', 'google_compute_project_metadata_item',
  'google_compute_region_backend_service', 'google_compute_region_health_check',
  'google_compute_region_network_firewall_policy', 'google_compute_region_network_firewall_policy_association',
  'google_compute_region_network_firewall_policy_rule', 'google_compute_route', 'google_compute_router_nat',
  'google_compute_service_attachment', 'google_compute_shared_vpc_host_project',
  'google_compute_shared_vpc_service_project', 'google_compute_subnetwork', 'google_compute_subnetwork_iam_binding',
  'google_compute_subnetwork_iam_member', 'google_compute_target_instance', 'google_container_analysis_note',
  'google_container_cluster', 'google_container_node_pool', 'google_essential_contacts_contact', 'google_folder',
  'google_folder_iam_member', 'google_gke_hub_feature', 'google_gke_hub_feature_membership',
  'google_gke_hub_membership', 'google_gke_hub_scope', 'google_gke_hub_scope_iam_member',
  'google_gke_hub_scope_rbac_role_binding', 'google_kms_crypto_key', 'google_kms_crypto_key_iam_member',
  'google_kms_key_ring', 'google_network_connectivity_group', 'google_network_connectivity_hub',
  'google_network_connectivity_spoke', 'google_network_security_address_group',
  'google_network_security_mirroring_deployment_group', 'google_network_security_mirroring_endpoint_group',
  'google_network_security_security_profile', 'google_network_security_security_profile_group',
  'google_organization_iam_member', 'google_project', 'google_project_default_service_accounts',
  'google_project_iam_binding', 'google_project_iam_custom_role', 'google_project_iam_member',
  'google_project_service', 'google_project_service_identity', 'google_project_usage_export_bucket',
  'google_pubsub_topic', 'google_redis_instance', 'google_resource_manager_lien', 'google_service_account',
  'google_service_account_iam_member', 'google_service_account_key', 'google_service_networking_connection',
  'google_service_usage_consumer_quota_override', 'google_storage_bucket', 'google_storage_bucket_iam_member',
  'google_tags_tag_binding', 'google_tags_tag_key', 'google_tags_tag_value', 'google_vpc_access_connector',
];

const FLAGS = { required: 1, optional: 2, computed: 4, sensitive: 8, deprecated: 16 };

function git(gitDir, ...args) {
  return execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

/** Index of the bracket closing the one at `open`, skipping Go strings and comments. */
function closing(text, open) {
  const pairs = { '{': '}', '(': ')', '[': ']' };
  const stack = [];
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') { i++; while (i < text.length && text[i] !== '"') { if (text[i] === '\\') i++; i++; } continue; }
    if (c === '`') { i = text.indexOf('`', i + 1); if (i < 0) return -1; continue; }
    if (c === '/' && text[i + 1] === '/') { i = text.indexOf('\n', i); if (i < 0) return -1; continue; }
    if (c === '/' && text[i + 1] === '*') { i = text.indexOf('*/', i) + 1; if (i <= 0) return -1; continue; }
    if (pairs[c]) stack.push(pairs[c]);
    else if (c === '}' || c === ')' || c === ']') {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

/** Top-level `key: value` members of a composite literal's body (between its braces). */
function members(body) {
  const out = [];
  let i = 0;
  while (i < body.length) {
    const start = i;
    let depth = 0;
    for (; i < body.length; i++) {
      const c = body[i];
      if (c === '"') { i++; while (i < body.length && body[i] !== '"') { if (body[i] === '\\') i++; i++; } continue; }
      if (c === '`') { i = body.indexOf('`', i + 1); continue; }
      if (c === '/' && body[i + 1] === '/') { i = body.indexOf('\n', i); if (i < 0) i = body.length; continue; }
      if ('{(['.includes(c)) depth++;
      else if ('})]'.includes(c)) depth--;
      else if (c === ',' && depth === 0) break;
    }
    const item = body.slice(start, i).replace(/^(\s|\/\/[^\n]*\n)+/, '').trim();
    i++;
    const colon = /^("[^"]*"|[A-Za-z_][\w.]*)\s*:\s*/.exec(item);
    if (colon) out.push([colon[1].replace(/"/g, ''), item.slice(colon[0].length).trim()]);
  }
  return out;
}

/** A package: its non-test Go files, concatenated. */
function packageText(gitDir, tag, dir) {
  const names = git(gitDir, 'ls-tree', '--name-only', `${tag}:${dir}`).split('\n').filter((n) => n.endsWith('.go') && !n.endsWith('_test.go'));
  return names.map((n) => git(gitDir, 'show', `${tag}:${dir}/${n}`)).join('\n');
}

/** The expression a package-level name stands for: `name = EXPR` (a var) or a function's `return EXPR`. */
function resolveName(pkg, name) {
  const bare = name.replace(/^\w+\./, '');
  const fn = new RegExp(`\\nfunc ${bare}\\([^)]*\\)\\s*\\*schema\\.(Schema|Resource)\\s*\\{`).exec(pkg);
  if (fn) {
    const open = fn.index + fn[0].length - 1;
    const end = closing(pkg, open);
    const body = pkg.slice(open + 1, end);
    const ret = /\n\s*return\s+&schema\.(Schema|Resource)\{/.exec(body);
    if (ret) return literalAt(body, ret.index + ret[0].length - 1, `&schema.${ret[1]}`);
    return undefined;
  }
  const variable = new RegExp(`\\n\\s*(?:var\\s+)?${bare}\\s*=\\s*(&schema\\.(?:Schema|Resource)|map\\[string\\]\\*schema\\.Schema)\\{`).exec(pkg);
  if (variable) return literalAt(pkg, variable.index + variable[0].length - 1, variable[1]);
  return undefined;
}

function literalAt(text, open, kind) {
  const end = closing(text, open);
  return end < 0 ? undefined : `${kind}{${text.slice(open + 1, end)}}`;
}

/** A `map[string]*schema.Schema{…}`, `MergeSchemas(…)` or a name of one → [[name, schema expression]]. */
function schemaMap(expr, pkg, depth) {
  if (depth > 20) return undefined;
  expr = expr.trim();
  const map = /^map\[string\]\*schema\.Schema\{/.exec(expr);
  if (map) return members(expr.slice(map[0].length, expr.lastIndexOf('}')));
  const merge = /^(?:\w+\.)?MergeSchemas\(/.exec(expr);
  if (merge) {
    const all = [];
    for (const part of splitArgs(expr.slice(merge[0].length, expr.lastIndexOf(')')))) {
      const entries = schemaMap(part, pkg, depth + 1);
      if (entries) all.push(...entries);
    }
    return all;
  }
  if (/^[A-Za-z_][\w.]*$/.test(expr)) {
    const resolved = resolveName(pkg, expr);
    return resolved ? schemaMap(resolved, pkg, depth + 1) : undefined;
  }
  return undefined;
}

function splitArgs(text) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') { i++; while (i < text.length && text[i] !== '"') { if (text[i] === '\\') i++; i++; } continue; }
    if (c === '`') { i = text.indexOf('`', i + 1); continue; }
    if ('{(['.includes(c)) depth++;
    else if ('})]'.includes(c)) depth--;
    else if (c === ',' && depth === 0) { parts.push(text.slice(start, i)); start = i + 1; }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

const TYPES = { TypeString: 'string', TypeInt: 'number', TypeFloat: 'number', TypeBool: 'bool' };

/** A schema expression (`{…}`, `&schema.Schema{…}`, a call or a name) → its fields, or undefined. */
function schemaFields(expr, pkg, depth) {
  expr = expr.trim();
  if (depth > 20) return undefined;
  const literal = /^(?:&schema\.Schema)?\{/.exec(expr);
  if (literal) return Object.fromEntries(members(expr.slice(literal[0].length, expr.lastIndexOf('}'))));
  const call = /^([A-Za-z_][\w.]*)\(\s*\)$/.exec(expr) ?? /^([A-Za-z_][\w.]*)$/.exec(expr);
  if (call) {
    const resolved = resolveName(pkg, call[1]);
    return resolved ? schemaFields(resolved, pkg, depth + 1) : undefined;
  }
  return undefined;
}

/** A Go schema map → a bundle block `{ a, b }` (format 2 of gen-terraform-schemas.mjs). */
function toBlock(entries, pkg, depth) {
  const block = { a: {}, b: {} };
  for (const [name, expr] of entries) {
    const fields = schemaFields(expr, pkg, depth + 1);
    if (!fields) continue;
    const type = /schema\.(\w+)/.exec(fields.Type ?? '')?.[1];
    let flags = 0;
    if (fields.Required === 'true') flags |= FLAGS.required;
    if (fields.Optional === 'true') flags |= FLAGS.optional;
    if (fields.Computed === 'true') flags |= FLAGS.computed;
    if (fields.Sensitive === 'true') flags |= FLAGS.sensitive;
    if (fields.Deprecated) flags |= FLAGS.deprecated;
    if (TYPES[type]) { block.a[name] = [flags, TYPES[type]]; continue; }
    if (!['TypeList', 'TypeSet', 'TypeMap'].includes(type)) continue;
    const kind = type === 'TypeList' ? 'list' : type === 'TypeSet' ? 'set' : 'map';
    const elem = (fields.Elem ?? '').trim();
    let resource = /^&schema\.Resource\{/.test(elem) ? elem : undefined;
    if (!resource && /^[A-Za-z_][\w.]*(\(\s*\))?$/.test(elem)) {
      const resolved = resolveName(pkg, elem.replace(/\(\s*\)$/, ''));
      if (resolved?.startsWith('&schema.Resource')) resource = resolved;
      else if (resolved) { const inner = schemaFields(resolved, pkg, depth + 1); block.a[name] = [flags, [kind, TYPES[/schema\.(\w+)/.exec(inner?.Type ?? '')?.[1]] ?? 'dynamic']]; continue; }
    }
    if (resource && kind !== 'map') {
      const inner = members(resource.slice(resource.indexOf('{') + 1, resource.lastIndexOf('}'))).find(([k]) => k === 'Schema');
      const nested = inner ? schemaMap(inner[1], pkg, depth + 1) : undefined;
      const body = nested ? toBlock(nested, pkg, depth + 1) : null;
      if (flags === FLAGS.computed) { block.a[name] = [flags, [kind, 'dynamic']]; continue; }
      const min = Number(fields.MinItems ?? (flags & FLAGS.required ? 1 : 0)) || 0;
      const max = Number(fields.MaxItems ?? 0) || 0;
      block.b[name] = kind === 'list' ? [min, max, body] : [min, max, body, kind];
      continue;
    }
    const scalar = /Type:\s*schema\.(\w+)/.exec(elem)?.[1];
    block.a[name] = [flags, [kind, TYPES[scalar] ?? 'dynamic']];
  }
  if (Object.keys(block.a).length === 0) delete block.a;
  if (Object.keys(block.b).length === 0) delete block.b;
  return block;
}

/** The 7.x schema of one resource type, or undefined when its file or literal cannot be found. */
function resourceSchema(gitDir, tag, type, packages) {
  const short = type.replace(/^google_/, '');
  const files = git(gitDir, 'ls-tree', '-r', '--name-only', tag, 'google/services/').split('\n');
  const file = files.find((f) => f.endsWith(`/resource_${short}.go`) || f.endsWith(`/resource_google_${short}.go`));
  if (!file) return undefined;
  const dir = path.posix.dirname(file);
  if (!packages.has(dir)) packages.set(dir, packageText(gitDir, tag, dir));
  const pkg = packages.get(dir);
  const text = git(gitDir, 'show', `${tag}:${file}`);
  const fn = /\nfunc Resource\w+\(\)\s*\*schema\.Resource\s*\{/.exec(text);
  if (!fn) return undefined;
  const open = fn.index + fn[0].length - 1;
  const body = text.slice(open + 1, closing(text, open));
  const ret = /return\s+&schema\.Resource\{/.exec(body);
  if (!ret) return undefined;
  const resource = literalAt(body, ret.index + ret[0].length - 1, '&schema.Resource');
  const schema = members(resource.slice(resource.indexOf('{') + 1, resource.lastIndexOf('}'))).find(([k]) => k === 'Schema');
  const entries = schema ? schemaMap(schema[1], pkg, 0) : undefined;
  return entries ? toBlock(entries, pkg, 0) : undefined;
}

/** Adds to `base` what `extra` has and it lacks, at any depth; the added paths are pushed to `added`. */
function overlay(base, extra, prefix, added) {
  for (const [name, attribute] of Object.entries(extra.a ?? {})) {
    if (base.a?.[name] || base.b?.[name]) continue;
    (base.a ??= {})[name] = attribute;
    added.push(`${prefix}${name}`);
  }
  for (const [name, nested] of Object.entries(extra.b ?? {})) {
    if (base.a?.[name]) continue;
    const existing = base.b?.[name];
    if (!existing) {
      (base.b ??= {})[name] = nested;
      added.push(`${prefix}${name} {}`);
    } else if (existing[2] && nested[2]) overlay(existing[2], nested[2], `${prefix}${name}.`, added);
  }
}

function main() {
  answerHelp(import.meta.url);
  const args = process.argv.slice(2);
  const gitDir = args[args.indexOf('--git-dir') + 1];
  if (!args.includes('--git-dir') || !gitDir) throw new Error('--git-dir DIR: a clone of hashicorp/terraform-provider-google');
  const tag = args.includes('--tag') ? args[args.indexOf('--tag') + 1] : 'v7.45.0';
  const commit = git(gitDir, 'rev-parse', `${tag}^{commit}`).trim();
  const file = path.join(root, 'schemas', 'terraform', 'google.json');
  const schema = JSON.parse(readFileSync(file, 'utf8'));
  const packages = new Map();
  const added = [];
  const read = [];
  for (const type of OVERLAID) {
    const extra = resourceSchema(gitDir, tag, type, packages);
    if (!extra || !schema.resources[type]) {
      console.error(`${type}: ${extra ? 'not in the 6.50 schema' : `no schema literal read at ${tag}`}; left as it is`);
      continue;
    }
    overlay(schema.resources[type], extra, `${type}.`, added);
    read.push(type);
  }
  if (!read.includes('google_container_cluster') || !read.includes('google_container_node_pool')) throw new Error('the GKE resources were not read');
  schema.base_version ??= schema.version;
  schema.version = tag.replace(/^v/, '');
  schema.overlay = { source: 'github.com/hashicorp/terraform-provider-google', tag, commit, license: 'MPL-2.0', resources: read };
  console.log(added.join('\n'));
  console.log(`${added.length} argument(s) and block(s) added from ${tag} (${commit})`);
  if (args.includes('--write')) writeFileSync(file, JSON.stringify(schema));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
