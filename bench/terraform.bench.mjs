// Terraform (issue 47): terraform-google-kubernetes-engine (vendored in server/test/fixtures/oss/
// terraform, 541 files: the module terraform-ls published 3.3 s and 404 MB for) checked cold and
// re-diagnosed after a one-line edit of cluster.tf, against HashiCorp's HCL parser compiled to
// WebAssembly (@cdktf/hcl2json) reading the same files in the same run: the floor of reading them
// at all. Each side runs in a fresh process under GNU time (wall, peak RSS). Then a generated
// monorepo of 1,000 modules (each calling a shared local module): `archipel check` (dist/server/
// cli.js) and the language server's index, start → ready, with their peak RSS.
// Targets: the module < 1.1 s and < 150 MB; an edit < 50 ms; 1,000 modules < 60 s and < 1 GB.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { SERVER_NATIVE_EXTERNALS } from '../scripts/lib/server-externals.mjs';
import { bundleServerCode } from './lib/bundle.mjs';
import { dataDir } from './lib/fixtures.mjs';
import { loadSpan } from './lib/facts.mjs';
import { measured } from './lib/gnuTime.mjs';
import { LspClient } from './lib/lsp.mjs';
import { median } from './lib/stats.mjs';

export const title = 'Terraform — terraform-google-kubernetes-engine checked, one-line edits, 1,000 modules';

const entry = `
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createFeatures, familyHost } from './server/src/families/index';
import { terraformFamily } from './server/src/families/terraform';
import { diagnoseFile, indexOptions } from './server/src/service';
import { defaultSettings } from './server/src/settings';
import { WorkspaceIndex } from './server/src/workspace/index';

const [mode, root, folder, editsText] = process.argv.slice(2);
const files = readdirSync(folder, { recursive: true }).map((f) => path.join(folder, String(f))).filter((f) => /\\.(tf|tfvars)$/.test(f)).sort();
const editedFile = files.find((f) => f === path.join(folder, 'cluster.tf'));
const started = performance.now();
const edits = [];
let diagnostics = 0;
async function main() {
if (mode === 'hcl2json') {
  const { parse } = require('@cdktf/hcl2json');
  for (const f of files) await parse(f, readFileSync(f, 'utf8'));
  const cold = performance.now() - started;
  const lines = editedFile ? readFileSync(editedFile, 'utf8').split('\\n') : [];
  for (let i = 0; i < Number(editsText); i++) {
    const changed = [...lines];
    if (i % 2 === 0) changed[Math.floor(lines.length / 2)] += ' # edited';
    const t0 = performance.now();
    await parse(editedFile, changed.join('\\n'));
    edits.push(performance.now() - t0);
  }
  process.stdout.write(JSON.stringify({ cold, files: files.length, edits }));
} else {
  const list = [terraformFamily];
  const features = createFeatures(familyHost(undefined, root, list), list);
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  const context = { index, settings: defaultSettings, isCancelled: () => false, roots: [folder] };
  const uris = files.map((f) => index.update(pathToFileURL(f).href, readFileSync(f, 'utf8')).uri);
  for (const feature of features) await feature.prepare?.(index.get(uris[0]), context);
  for (const uri of uris) diagnostics += diagnoseFile(index.get(uri), features, context).length;
  const cold = performance.now() - started;
  const target = pathToFileURL(editedFile).href;
  const lines = index.get(target).text.split('\\n');
  for (let i = 0; i < Number(editsText); i++) {
    const changed = [...lines];
    if (i % 2 === 0) changed[Math.floor(lines.length / 2)] += ' # edited';
    const t0 = performance.now();
    index.update(target, changed.join('\\n'));
    diagnoseFile(index.get(target), features, context);
    edits.push(performance.now() - t0);
  }
  process.stdout.write(JSON.stringify({ cold, diagnostics, files: files.length, edits }));
}
}
void main();
`;

/** Module i of the monorepo: a network, a bucket, a call to the shared module, their variables and outputs. */
function module(i) {
  return {
    [`modules/app-${i}/main.tf`]: `terraform {
  required_version = ">= 1.6.0"
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 6.0"
    }
  }
}

locals {
  name = "\${var.prefix}-app-${i}"
}

resource "google_compute_network" "this" {
  name                    = local.name
  project                 = var.project_id
  auto_create_subnetworks = false
}

resource "google_storage_bucket" "data" {
  name                        = "\${local.name}-data"
  project                     = var.project_id
  location                    = var.region
  uniform_bucket_level_access = true
}

module "subnet" {
  source     = "../../shared/subnet"
  network    = google_compute_network.this.id
  project_id = var.project_id
  region     = var.region
  cidr       = "10.${Math.floor(i / 250)}.${i % 250}.0/24"
}
`,
    [`modules/app-${i}/variables.tf`]: `variable "project_id" {
  type        = string
  description = "The project."
}

variable "region" {
  type        = string
  default     = "europe-west1"
  description = "The region."
}

variable "prefix" {
  type        = string
  default     = "bench"
  description = "Name prefix."
}
`,
    [`modules/app-${i}/outputs.tf`]: `output "network" {
  value       = google_compute_network.this.id
  description = "The network."
}

output "subnet" {
  value       = module.subnet.id
  description = "The subnet."
}

output "bucket" {
  value       = google_storage_bucket.data.url
  description = "The bucket."
}
`,
  };
}

const shared = {
  'shared/subnet/main.tf': `terraform {
  required_version = ">= 1.6.0"
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 6.0"
    }
  }
}

resource "google_compute_subnetwork" "this" {
  name          = "subnet"
  project       = var.project_id
  region        = var.region
  network       = var.network
  ip_cidr_range = var.cidr
}
`,
  'shared/subnet/variables.tf': ['network', 'project_id', 'region', 'cidr'].map((n) => `variable "${n}" {\n  type        = string\n  description = "${n}"\n}\n`).join('\n'),
  'shared/subnet/outputs.tf': 'output "id" {\n  value       = google_compute_subnetwork.this.id\n  description = "The subnet."\n}\n',
};

function write(folder, files) {
  rmSync(folder, { recursive: true, force: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
    writeFileSync(path.join(folder, name), text);
  }
}

/** The peak resident set of a process so far (Linux's VmHWM), in MB. */
function peakMb(pid) {
  const match = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** The language server on the folder, start → index ready: wall time and peak RSS at ready. */
async function serverIndex(root, dir) {
  const client = LspClient.start({ name: 'archipel', script: path.join(root, 'dist', 'server', 'server.js'), args: ['--stdio'], env: { ARCHIPEL_CACHE_DIR: path.join(dataDir, 'terraform', 'cache') } });
  rmSync(path.join(dataDir, 'terraform', 'cache'), { recursive: true, force: true });
  let ready;
  const indexed = new Promise((resolve) => (ready = resolve));
  client.connection.onNotification('archipel/indexStatus', (s) => s.state === 'ready' && ready(s));
  try {
    const started = performance.now();
    const folder = pathToFileURL(dir).href;
    await client.request('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'bench' }], capabilities: {} }, 60_000);
    await client.notify('initialized', {});
    const status = await indexed;
    return { ms: performance.now() - started, peakMb: peakMb(client.child.pid), files: status.files };
  } finally {
    await client.stop();
  }
}

/** @param {import('./run.mjs').BenchContext} context */
export async function run(context) {
  const { root, runs, edits, progress } = context;
  const base = path.join(dataDir, 'terraform');
  const bundle = path.join(base, 'terraform-bench.cjs');
  mkdirSync(base, { recursive: true });
  await bundleServerCode({ stdin: { contents: entry, resolveDir: root, loader: 'ts', sourcefile: 'terraform-entry.ts' }, outfile: bundle, external: [...SERVER_NATIVE_EXTERNALS, '@cdktf/hcl2json'], alias: { 'jsonc-parser': path.join(root, 'node_modules', 'jsonc-parser', 'lib', 'esm', 'main.js') } });
  const gke = path.join(root, 'server', 'test', 'fixtures', 'oss', 'terraform', 'terraform-google-kubernetes-engine');
  const editRuns = context.tiny ? 2 : Math.max(edits, 20);
  // --tiny: 10 modules instead of 1,000 (in a folder of their own).
  const modules = context.tiny ? 10 : 1000;
  const rows = { cold: [], coldPeer: [], rss: [], rssPeer: [], edit: [], editPeer: [] };
  let files = 0;
  let diagnostics = 0;
  for (let r = 0; r < runs; r++) {
    progress(`terraform-google-kubernetes-engine, run ${r + 1}/${runs}`);
    const ours = measured(process.execPath, [bundle, 'archipel', root, gke, String(editRuns)]);
    const peer = measured(process.execPath, [bundle, 'hcl2json', root, gke, String(editRuns)]);
    const o = JSON.parse(ours.stdout);
    const p = JSON.parse(peer.stdout);
    files = o.files;
    diagnostics = o.diagnostics;
    rows.cold.push(o.cold);
    rows.coldPeer.push(p.cold);
    rows.rss.push(ours.rssMb);
    rows.rssPeer.push(peer.rssMb);
    rows.edit.push(median(o.edits));
    rows.editPeer.push(median(p.edits));
  }
  progress('generating 1,000 modules');
  const repo = path.join(base, context.tiny ? 'monorepo-tiny' : 'monorepo');
  const tree = { ...shared };
  for (let i = 0; i < modules; i++) Object.assign(tree, module(i));
  write(repo, tree);
  // A repository of its own, as a monorepo is: `archipel check` takes a checked folder's repository
  // (the nearest folder holding .git) as its context, and without this mark it would be this
  // project, whose bench/.data and fixtures would be indexed and measured too.
  mkdirSync(path.join(repo, '.git'), { recursive: true });
  progress('archipel check on 1,000 modules');
  const cliSpan = loadSpan();
  const cli = measured(process.execPath, [path.join(root, 'dist', 'server', 'cli.js'), 'check', repo], { allowFailure: true });
  const problems = /(\d+) problem\(s\)/.exec(cli.stdout + cli.stderr)?.[1] ?? '?';
  progress('hcl2json on 1,000 modules');
  const floor = measured(process.execPath, [bundle, 'hcl2json', root, repo, '0']);
  const cliLoad = cliSpan.end();
  progress("the server's index on 1,000 modules");
  const server = await serverIndex(root, repo);
  const mb = (n) => `${Math.round(n)} MB`;
  return {
    peer: "HashiCorp's HCL parser (@cdktf/hcl2json, WebAssembly) reading the same files",
    rows: [
      { name: `terraform-google-kubernetes-engine (${files} files): cold, process start to last diagnostic (target < 1.1 s)`, ours: median(rows.cold), peer: median(rows.coldPeer) },
      { name: 'one-line edit of cluster.tf: the file re-diagnosed with its module (target < 50 ms; peer: the file re-parsed)', ours: median(rows.edit), peer: median(rows.editPeer) },
      { name: `${modules} modules (${Object.keys(tree).length} files): archipel check, whole process (target < 60 s)`, ours: cli.ms, peer: floor.ms, cpuMs: { ours: cli.cpuMs, peer: floor.cpuMs }, faults: { ours: cli.faults, peer: floor.faults }, load: cliLoad },
      { name: `${modules} modules: the server's index, start → ready (peer: hcl2json's whole process)`, ours: server.ms, peer: floor.ms },
    ],
    notes: [
      `Median of ${runs} fresh processes, ${editRuns} edits each. Peak RSS: the module ${mb(median(rows.rss))} (hcl2json ${mb(median(rows.rssPeer))}; target < 150 MB), ${diagnostics} diagnostics (warnings).`,
      `1,000 modules: archipel check ${mb(cli.rssMb)} peak RSS, ${problems} problem(s), exit ${cli.status}; the server ${mb(server.peakMb)} peak RSS at ready, ${server.files} files indexed; hcl2json ${mb(floor.rssMb)} (target < 1 GB).`,
    ],
  };
}
