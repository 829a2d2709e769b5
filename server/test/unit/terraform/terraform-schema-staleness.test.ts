// The bundled provider schemas (schemas/terraform/) are not older than what the example and the
// reference modules (fixtures/oss/terraform) require: every `required_providers` constraint on a
// bundled provider is read, and its lower bound (`>=`, `>`, `=`, `~>`) must not exceed the bundled
// version (issue #83: google 6.50 bundled while the GKE modules require >= 7.17). A newer bundled
// version than a constraint's upper bound is not stale and passes.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { moduleAt, terraformFilesByFolder } from '../../../src/terraform/model/model';
import { normalSource } from '../../../src/terraform/model/providerSchemas';
import { fixturesDir, repoRoot } from '../../helpers';
import { indexOf, loadParser } from '../../terraform';

const parts = (version: string) => version.split('.').map((p) => Number(p) || 0);

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/** The clause of `constraint` that `version` is too old for (`>= 7.17.0`), or undefined. */
function tooOld(constraint: string, version: string): string | undefined {
  for (const clause of constraint.split(',')) {
    const match = /^\s*(=|>=|>|~>)?\s*v?(\d+(?:\.\d+){0,2})/.exec(clause);
    if (!match) continue;
    const cmp = compare(parts(version), parts(match[2]));
    if (cmp < 0 || (cmp === 0 && match[1] === '>')) return clause.trim();
  }
  return undefined;
}

/** The bundled providers: source → version. */
function bundled(): Map<string, string> {
  const folder = path.join(repoRoot, 'schemas', 'terraform');
  const out = new Map<string, string>();
  for (const name of readdirSync(folder).filter((f) => /^[a-z]+\.json$/.test(f))) {
    const schema = JSON.parse(readFileSync(path.join(folder, name), 'utf8')) as { source: string; version: string };
    out.set(schema.source, schema.version);
  }
  return out;
}

/** The `.tf` files under `folder` (relative path → text), walked without recursion. */
function tfFiles(folder: string, prefix: string, skip: Set<string>): Record<string, string> {
  const files: Record<string, string> = {};
  const pending = [folder];
  while (pending.length > 0) {
    const current = pending.pop()!;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory() && !skip.has(entry.name) && !entry.name.startsWith('.')) pending.push(full);
      else if (entry.isFile() && entry.name.endsWith('.tf')) files[`${prefix}/${path.relative(folder, full).split(path.sep).join('/')}`] = readFileSync(full, 'utf8');
    }
  }
  return files;
}

describe('Terraform provider schemas are not older than the modules require (issue #83)', () => {
  before(loadParser);

  it('reads a constraint\'s lower bound: google 6.50 is too old for ">= 7.17.0, < 8", 7.45 is not; a newer major than "< 6" is not stale', () => {
    assert.equal(tooOld('>= 7.17.0, < 8', '6.50.0'), '>= 7.17.0');
    assert.equal(tooOld('>= 7.17.0, < 8', '7.45.0'), undefined);
    assert.equal(tooOld('~> 3.6', '3.5.1'), '~> 3.6');
    assert.equal(tooOld('> 2.38.0', '2.38.0'), '> 2.38.0');
    assert.equal(tooOld('>= 4.0, < 6', '6.66.0'), undefined);
  });

  it('every required_providers constraint of the example and the reference modules on a bundled provider admits a version no newer than the bundled one', () => {
    const versions = bundled();
    assert.deepEqual([...versions.keys()].sort(), ['hashicorp/aws', 'hashicorp/azurerm', 'hashicorp/google', 'hashicorp/helm', 'hashicorp/kubernetes', 'hashicorp/null', 'hashicorp/random']);
    const oss = path.join(fixturesDir, 'oss', 'terraform');
    const files = {
      ...tfFiles(path.join(repoRoot, 'examples'), 'examples', new Set(['node_modules'])),
      // Terraform's own parser and fmt fixtures are not modules anyone runs.
      ...tfFiles(oss, 'oss', new Set(['hashicorp-terraform-mpl', 'hashicorp-terraform-busl'])),
    };
    const index = indexOf(files);
    const stale: string[] = [];
    let read = 0;
    for (const folder of terraformFilesByFolder(index).keys()) {
      for (const [local, entry] of moduleAt(index, folder).requiredProviders) {
        const source = normalSource(entry.source ?? local);
        const version = versions.get(source);
        if (!version || !entry.version) continue;
        read++;
        const clause = tooOld(entry.version, version);
        if (clause) stale.push(`${entry.uri.replace('file:///w/', '')}: ${source} "${entry.version}" (bundled ${version})`);
      }
    }
    assert.ok(read > 100, `${read} constraints read`);
    assert.deepEqual(stale, []);
  });
});
