// Modules terraform init installed (.terraform/modules/modules.json): registry and git calls read from
// the folders it lists, as local modules are; the descriptor's reader bounded and confined.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { confineReads } from '../../../src/disk/readText';
import { installedModulesReader, schemasFor } from '../../../src/terraform/host';
import { diagnoseFile } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { terraformFeature } from '../../../src/terraform/feature';
import { bindInstalledModules, type InstalledModulesReader } from '../../../src/terraform/model/installedModules';
import { declared, moduleAt } from '../../../src/terraform/model/model';
import { calledModule } from '../../../src/terraform/model/moduleCalls';
import { terraformDefinition, terraformPrepareRename, terraformReferences } from '../../../src/terraform/editor/navigation';
import { cursor, repoRoot } from '../../helpers';
import { covered, diagnose, indexOf, loadParser } from '../../terraform';

/** tflint's rules a bare fixture trips (no terraform block): not what these tests are about. */
const TFLINT = new Set(['terraform-required-providers', 'terraform-required-version']);
const GKE = 'terraform-google-modules/kubernetes-engine/google';

/** A reader over inline files (path under file:///w/ → text), as the descriptor reads the disk. */
function readerOf(files: Record<string, string>): InstalledModulesReader {
  return {
    manifest: (folder) => {
      const text = files[`${folder.slice('file:///w/'.length)}/.terraform/modules/modules.json`];
      return text === undefined ? undefined : { text };
    },
    moduleFiles: (folder) => {
      const prefix = `${folder.slice('file:///w/'.length)}/`;
      const found = Object.entries(files).filter(([name]) => name.startsWith(prefix) && !name.slice(prefix.length).includes('/') && /\.tf(\.json)?$/.test(name));
      return found.length === 0 ? undefined : found.map(([name, text]) => ({ uri: `file:///w/${name}`, text }));
    },
  };
}

const manifest = (...modules: { Key: string; Source: string; Dir: string }[]) => JSON.stringify({ Modules: [{ Key: '', Source: '', Dir: '.' }, ...modules] });

const root =
  `module "gke" {\n  source     = "${GKE}"\n  version    = "~> 30.0"\n  project_id = "p"\n  nmae       = "x"\n}\n` +
  'module "net" {\n  source = "git::https://github.com/acme/network.git?ref=v1.2.0"\n}\n' +
  'output "endpoint" {\n  value = [module.gke.endpont, module.gke.endpoint, module.net.id]\n}\n';

const installed = {
  'm/.terraform/modules/gke/variables.tf': 'variable "project_id" {}\nvariable "name" {}\nvariable "region" {\n  default = "europe-west1"\n}\n',
  'm/.terraform/modules/gke/outputs.tf': 'output "endpoint" {\n  value = "e"\n}\n',
  'm/.terraform/modules/net/variables.tf': 'variable "network" {}\n',
  'm/.terraform/modules/net/outputs.tf': 'output "id" {\n  value = "n"\n}\n',
};

const listed = manifest({ Key: 'gke', Source: `registry.terraform.io/${GKE}`, Dir: '.terraform/modules/gke' }, { Key: 'net', Source: 'git::https://github.com/acme/network.git?ref=v1.2.0', Dir: '.terraform/modules/net' });

function found(files: Record<string, string>, disk: Record<string, string>) {
  const diagnostics = diagnose(files, 'm/main.tf', { installed: readerOf(disk) }).filter((d) => !TFLINT.has(String(d.code)));
  return diagnostics.map((d) => [d.code, d.range.start.line, covered(files['m/main.tf'], d), d.message]);
}

describe('Terraform: modules terraform init installed', () => {
  before(loadParser);

  it('reads a registry and a git call from the folders modules.json lists: unknown and missing inputs, unknown outputs', () => {
    assert.deepEqual(found({ 'm/main.tf': root }, { ...installed, 'm/.terraform/modules/modules.json': listed }), [
      ['terraform-unsupported-argument', 4, 'nmae', 'Unsupported argument: the module "gke" (.terraform/modules/gke) declares no variable "nmae". Did you mean "name"?'],
      ['terraform-missing-argument', 0, '"gke"', 'Missing required argument: the module "gke" (.terraform/modules/gke) requires the input "name": its variable has no default.'],
      ['terraform-missing-argument', 6, '"net"', 'Missing required argument: the module "net" (.terraform/modules/net) requires the input "network": its variable has no default.'],
      ['terraform-module-output', 10, 'endpont', 'Unsupported attribute: the module "gke" (.terraform/modules/gke) has no output "endpont". Did you mean "endpoint"?'],
    ]);
  });

  it('gives no finding without modules.json, for a call it does not list, or one whose source changed since init', () => {
    assert.deepEqual(found({ 'm/main.tf': root }, installed), []);
    const onlyGke = manifest({ Key: 'gke', Source: 'registry.terraform.io/other/kubernetes-engine/google', Dir: '.terraform/modules/gke' });
    assert.deepEqual(found({ 'm/main.tf': root }, { ...installed, 'm/.terraform/modules/modules.json': onlyGke }), []);
  });

  it('ignores a Dir that is absolute or names no module folder', () => {
    for (const dir of ['/w/m/.terraform/modules/gke', 'C:\\modules\\gke', '.terraform/modules/absent', '']) {
      const disk = { ...installed, 'm/.terraform/modules/modules.json': manifest({ Key: 'gke', Source: GKE, Dir: dir }) };
      assert.deepEqual(found({ 'm/main.tf': root }, disk), [], dir);
    }
  });

  it('a modules.json that cannot be used is one warning, on the first registry or git source', () => {
    const text = 'module "local" {\n  source = "./local"\n}\n' + root;
    const files = { 'm/main.tf': text, 'm/local/main.tf': '' };
    for (const [bad, reason] of [
      ['{"Modules": [', /it is not JSON \(/],
      ['{"modules": []}', /it has no "Modules" list/],
    ] as const) {
      const all = found(files, { ...installed, 'm/.terraform/modules/modules.json': bad });
      assert.deepEqual(
        all.map(([code, line, text]) => [code, line, text]),
        [['terraform-modules-manifest', 4, `"${GKE}"`]],
      );
      assert.match(String(all[0][3]), /^The modules terraform init installed are not read: \.terraform\/modules\/modules\.json cannot be used \(/);
      assert.match(String(all[0][3]), reason);
    }
  });

  it('goes to definition into the installed module and finds the uses there; rename is not offered', () => {
    const marked = root.replace('module.gke.endpoint', 'module.gke.end|point').replace('project_id = "p"', 'proj|ect_id = "p"');
    const first = cursor(marked.replace('proj|ect_id', 'project_id'));
    const second = cursor(marked.replace('end|point', 'endpoint'));
    const disk = { ...installed, 'm/.terraform/modules/modules.json': listed };
    const reader = readerOf(disk);
    for (const [{ text, offset }, uri, line] of [
      [first, 'file:///w/m/.terraform/modules/gke/outputs.tf', 0],
      [second, 'file:///w/m/.terraform/modules/gke/variables.tf', 0],
    ] as const) {
      const index = indexOf({ 'm/main.tf': text });
      bindInstalledModules(index, reader, []);
      const file = index.get('file:///w/m/main.tf')!;
      const [definition] = terraformDefinition(index, file, offset);
      assert.equal(definition.uri, uri);
      assert.equal(definition.range.start.line, line);
      assert.equal(terraformPrepareRename(index, file, offset), undefined);
      assert.deepEqual(terraformReferences(index, file, offset).map((l) => l.uri).sort(), [uri, 'file:///w/m/main.tf']);
    }
  });

  it('a call inside an installed module is looked up under its nested key', () => {
    const disk = {
      ...installed,
      'm/.terraform/modules/gke/main.tf': 'module "node_pool" {\n  source = "acme/pool/google"\n}\n',
      'm/.terraform/modules/gke.node_pool/variables.tf': 'variable "size" {}\n',
      'm/.terraform/modules/modules.json': manifest({ Key: 'gke', Source: GKE, Dir: '.terraform/modules/gke' }, { Key: 'gke.node_pool', Source: 'registry.terraform.io/acme/pool/google', Dir: '.terraform/modules/gke.node_pool' }),
    };
    const index = indexOf({ 'm/main.tf': root });
    bindInstalledModules(index, readerOf(disk), []);
    const gke = calledModule(index, moduleAt(index, 'file:///w/m'), declared(moduleAt(index, 'file:///w/m'), 'module').get('gke')![0])!;
    assert.deepEqual(gke.installed, { root: 'file:///w/m', key: 'gke' });
    const pool = calledModule(index, gke, declared(gke, 'module').get('node_pool')![0])!;
    assert.equal(pool.folder, 'file:///w/m/.terraform/modules/gke.node_pool');
    assert.deepEqual([...declared(pool, 'variable').keys()], ['size']);
  });
});

describe('Terraform: the descriptor reads installed modules bounded and confined', () => {
  before(loadParser);
  let dir: string;
  let outside: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'archipel-tf-installed-'));
    outside = mkdtempSync(path.join(os.tmpdir(), 'archipel-tf-outside-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  function write(base: string, files: Record<string, string>): void {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(base, name)), { recursive: true });
      writeFileSync(path.join(base, name), text);
    }
  }

  function check(): string[] {
    const text = root;
    const index = indexOf({});
    const uri = pathToFileURL(path.join(dir, 'm', 'main.tf')).href;
    index.update(uri, text);
    const feature = terraformFeature({ schemas: schemasFor(repoRoot), installed: installedModulesReader });
    const end = confineReads([dir]);
    try {
      const diagnostics = diagnoseFile(index.get(uri)!, [feature], { index, settings: defaultSettings, isCancelled: () => false, roots: [dir] });
      return diagnostics.filter((d) => !TFLINT.has(String(d.code))).map((d) => `${String(d.code)} ${d.range.start.line}:${covered(text, d)}`);
    } finally {
      end();
    }
  }

  it('reads the listed folders from the disk', () => {
    write(dir, { ...installed, 'm/.terraform/modules/modules.json': listed });
    assert.deepEqual(check(), ['terraform-unsupported-argument 4:nmae', 'terraform-missing-argument 0:"gke"', 'terraform-missing-argument 6:"net"', 'terraform-module-output 10:endpont']);
  });

  it('never reads a Dir that leads outside the workspace through a link, nor a manifest that does', () => {
    write(dir, { 'm/.terraform/modules/modules.json': manifest({ Key: 'gke', Source: GKE, Dir: '.terraform/modules/gke' }) });
    write(outside, { 'variables.tf': 'variable "other" {}\n', 'modules.json': listed });
    symlinkSync(outside, path.join(dir, 'm', '.terraform', 'modules', 'gke'));
    assert.deepEqual(check(), []);
    rmSync(path.join(dir, 'm', '.terraform', 'modules', 'modules.json'));
    symlinkSync(path.join(outside, 'modules.json'), path.join(dir, 'm', '.terraform', 'modules', 'modules.json'));
    assert.deepEqual(check(), ['terraform-modules-manifest 1:"terraform-google-modules/kubernetes-engine/google"']);
  });
});
