// A module re-checked after edits (issue 47's speed): the edited file re-parsed incrementally and
// its module's checks taking the other files' per-file results as they were must give exactly what
// a fresh parse and a fresh check of the same texts give, edits changing cross-file facts included.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { schemasFor } from '../../../src/terraform/host';
import { diagnoseFile } from '../../../src/service';
import { terraformFeature } from '../../../src/terraform/feature';
import { parseHcl } from '../../../src/terraform/syntax/parse';
import { fixturesDir, repoRoot } from '../../helpers';
import { contextOf, indexOf, loadParser } from '../../terraform';

const gke = path.join(fixturesDir, 'oss', 'terraform', 'terraform-google-kubernetes-engine');

/** The root module of terraform-google-kubernetes-engine: its 12 files, by name. */
function rootModule(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(gke).filter((n) => n.endsWith('.tf')).sort()) files[name] = readFileSync(path.join(gke, name), 'utf8');
  return files;
}

/** `text` with line `n` (from 0) replaced by what `change` makes of it. */
function line(text: string, n: number, change: (line: string) => string): string {
  const lines = text.split('\n');
  lines[n] = change(lines[n]);
  return lines.join('\n');
}

/** Every file's diagnostics, as JSON with the folder's URI written `<folder>`. */
function checked(files: Record<string, string>, index: ReturnType<typeof indexOf>, folder: string, feature: ReturnType<typeof terraformFeature>): string[] {
  return Object.keys(files).map((name) => `${name} ${JSON.stringify(diagnoseFile(index.get(`${folder}${name}`)!, [feature], contextOf(index))).replaceAll(folder, '<folder>')}`);
}

describe('Terraform: re-checking a module after an edit', () => {
  before(loadParser);

  it('re-parses a large file edited again and again to the syntax a fresh parse gives', () => {
    let text = readFileSync(path.join(gke, 'cluster.tf'), 'utf8');
    const uri = 'file:///incremental-gke/cluster.tf';
    parseHcl(text, uri);
    const n = text.split('\n').length;
    const edits: ((t: string) => string)[] = [
      (t) => line(t, Math.floor(n / 2), (l) => `${l} # edited`),
      (t) => line(t, Math.floor(n / 2), (l) => l.replace(' # edited', '')),
      (t) => line(t, Math.floor(n / 3), (l) => `${l}\n    # a comment inside\n    extra_argument = "x"`),
      (t) => line(t, 40, (l) => `${l}\n  dynamic "x" {\n    for_each = var.y\n    content {}\n  }`),
      (t) => line(t, Math.floor((2 * n) / 3), () => ''),
      (t) => line(t, 10, (l) => `${l} {`),
      (t) => line(t, 10, (l) => l.replace(/ \{$/, '')),
      (t) => `# header\n${t}`,
      (t) => `${t}\nlocals {\n  late = 1\n}\n`,
    ];
    for (const edit of edits) {
      text = edit(text);
      const incremental = parseHcl(text, uri);
      assert.deepEqual(JSON.parse(JSON.stringify(incremental)), JSON.parse(JSON.stringify(parseHcl(text))));
    }
  });

  it('gives after each edit of a multi-file module what a fresh check of the same files gives', function () {
    this.timeout(300_000);
    const files = rootModule();
    const feature = terraformFeature({ schemas: schemasFor(repoRoot) });
    const index = indexOf(files);
    let previous = checked(files, index, 'file:///w/', feature);
    const edits: [string, (t: string) => string][] = [
      ['a comment added to cluster.tf', (t) => line(t, Math.floor(t.split('\n').length / 2), (l) => `${l} # edited`)],
      ['a variable renamed', (t) => t.replace('variable "project_id" {', 'variable "project" {')],
      ['an output removed', (t) => t.replace(/output "cluster_id" \{[^}]*\}\n/, '')],
      ['a local removed from main.tf', (t) => t.replace(/^ {2}location += .*$/m, '')],
      ['a syntax error in cluster.tf', (t) => t.replace('resource "google_container_cluster" "primary" {', 'resource "google_container_cluster" "primary" {{')],
      ['the syntax error fixed', (t) => t.replace('"primary" {{', '"primary" {')],
      ['the variable named back', (t) => t.replace('variable "project" {', 'variable "project_id" {')],
      ['a duplicate variable', (t) => `${t}\nvariable "name" {\n  type = string\n}\n`],
    ];
    const target: Record<string, string> = { 'a variable renamed': 'variables.tf', 'an output removed': 'outputs.tf', 'a local removed from main.tf': 'main.tf', 'the variable named back': 'variables.tf', 'a duplicate variable': 'variables.tf' };
    edits.forEach(([what, edit], step) => {
      const name = target[what] ?? 'cluster.tf';
      const before = files[name];
      files[name] = edit(before);
      assert.notEqual(files[name], before, `${what} changes ${name}`);
      index.update(`file:///w/${name}`, files[name]);
      const fresh = `file:///fresh-${step}/`;
      const freshIndex = indexOf({});
      for (const [file, text] of Object.entries(files)) freshIndex.update(`${fresh}${file}`, text);
      const now = checked(files, index, 'file:///w/', feature);
      assert.deepEqual(now, checked(files, freshIndex, fresh, feature), what);
      // Renaming or removing a declaration changes what the other files' references find.
      if (what === 'a variable renamed' || what === 'a local removed from main.tf') assert.ok(now.some((r, i) => !r.startsWith(`${name} `) && r !== previous[i]), `${what} changes another file's findings`);
      previous = now;
    });
  });
});
