// Paths a module names that must exist (server/src/terraform/checks/paths.ts): files read at
// ${path.module}/…, a helm_release's local chart; end to end through `archipel check` on real files.
import assert from 'node:assert/strict';
import { runCli } from '../../cliRun';
import { makeTree } from '../../tempdir';
import { covered, diagnose, loadParser } from '../../terraform';

const main = [
  'resource "kubernetes_manifest" "app" {',
  '  manifest = yamldecode(file("${path.module}/manifests/app.yaml"))',
  '}',
  'resource "helm_release" "api" {',
  '  name  = "api"',
  '  chart = "./charts/api"',
  '  values = [templatefile("${path.module}/values/api.yaml.tpl", { env = "prod" })]',
  '}',
  'resource "helm_release" "ingress" {',
  '  name       = "ingress"',
  '  repository = "https://kubernetes.github.io/ingress-nginx"',
  '  chart      = "ingress-nginx"',
  '}',
  'locals {',
  '  script = file("${path.module}/${var.name}.sh")',
  '}',
  'variable "name" {',
  '  type = string',
  '}',
  '',
].join('\n');

describe('Terraform paths that must exist', () => {
  before(loadParser);

  it('reports a missing file or local chart, not a computed path or a repository chart', () => {
    const present = new Set(['/w/infra/values/api.yaml.tpl']);
    const found = diagnose({ 'infra/main.tf': main }, 'infra/main.tf', { probe: (p) => (present.has(p) ? 'file' : 'missing') }).filter((d) => d.code === 'terraform-missing-path');
    assert.deepEqual(found.map((d) => [covered(main, d), d.message, d.severity]), [
      ['"${path.module}/manifests/app.yaml"', "No file manifests/app.yaml in the module's folder: file() fails at plan time unless a build step creates it first.", 2],
      ['"./charts/api"', 'No chart at ./charts/api (a folder with Chart.yaml) beside the module: the release has no repository, so its chart is this local path.', 2],
    ]);
  });

  it('says nothing of a read guarded by fileexists() or try()/can(): Terraform never makes it when the file is missing (#94)', () => {
    // Reductions of the guards modules write for optional files (a per-environment values file, an optional policy).
    const guarded = [
      'locals {',
      '  extra  = fileexists("${path.module}/values/extra.yaml") ? file("${path.module}/values/extra.yaml") : ""',
      '  policy = try(file("${path.module}/policy.json"), "{}")',
      '  ok     = can(templatefile("${path.module}/init.tpl", {}))',
      '  plain  = file("${path.module}/plain.txt")',
      '}',
      '',
    ].join('\n');
    const found = diagnose({ 'infra/main.tf': guarded }, 'infra/main.tf', { probe: () => 'missing' }).filter((d) => d.code === 'terraform-missing-path');
    assert.deepEqual(found.map((d) => covered(guarded, d)), ['"${path.module}/plain.txt"']);
  });

  it('says nothing of a path outside the workspace', () => {
    const found = diagnose({ 'infra/main.tf': main }, 'infra/main.tf', { probe: () => 'unknown' }).filter((d) => d.code === 'terraform-missing-path');
    assert.deepEqual(found, []);
  });

  it('archipel check reads the disk', async () => {
    const tree = makeTree({ 'infra/main.tf': main, 'infra/manifests/app.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n', 'infra/charts/api/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 0.1.0\n', 'infra/charts/api/values.yaml': '{}\n' });
    try {
      const { out } = await runCli(['check', 'infra', '--format', 'json'], tree.root);
      const missing = (JSON.parse(out) as { code: string; message: string }[]).filter((d) => d.code === 'terraform-missing-path');
      assert.deepEqual(missing.map((d) => d.message), ["No file values/api.yaml.tpl in the module's folder: templatefile() fails at plan time unless a build step creates it first."]);
    } finally {
      tree.remove();
    }
  });
});
