// The diff at its grain (issue #95), on a planted history (a temporary repository, commits with the environment's
// identity and no user's configuration): a model-wide risk ("missing vault", its synthetic id naming an example asset)
// is the model's, so a commit that only makes another asset the example raises and resolves nothing; a risk raised on
// a line the commit did not touch says which change on its attack path raises it (`cause`), one on a changed line does not;
// addresses moved from each workload into one ConfigMap all of them read by envFrom (every resolved address kept) are no change;
// a store renamed on the same public image and named volume is the same store, renamed; a change across N copies of
// one component (N kustomize overlays of one base) is said once with its copies.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { riskKey } from '../../../src/archdiff/analyses';
import { sharedAddressMoves } from '../../../src/archdiff/shared';
import { evidenceOf, renamedIds } from '../../../src/archdiff/renames';
import { runCli } from '../../cliRun';
import { scratchRepository } from './scratchRepository';

type Risk = { id: string; rule: string; sources: { file: string; line: number }[]; cause?: string[] };
type Diff = { threats: { raised: Risk[]; resolved: Risk[] } };

// db's password is written on both sides: a secret to keep, so missing-vault is raised on both (analysis.ts holdsNoSecret).
const base = ['name: shop', 'services:', '  api:', '    image: example/api:1.0', '    ports: ["8080:3000"]', '  db:', '    image: postgres:16', '    environment:', '      POSTGRES_PASSWORD: secret', ''].join('\n');
// api now calls db (line 7); a second store with a password (line 15): the most sensitive asset, missing-vault's example, changes.
const head = [
  'name: shop', 'services:', '  api:', '    image: example/api:1.0', '    ports: ["8080:3000"]', '    environment:', '      DB_URL: postgres://db:5432/app',
  '  db:', '    image: postgres:16', '    environment:', '      POSTGRES_PASSWORD: secret', '  payments:', '    image: postgres:16', '    environment:', '      POSTGRES_PASSWORD: secret', '',
].join('\n');

describe('archipel diff at its grain: model-wide risks and the cause of a risk raised (issue #95)', function () {
  this.timeout(120_000);
  const scratch = scratchRepository('archipel-diff-grain-', ({ dir, git }) => {
    writeFileSync(path.join(dir, 'compose.yaml'), base);
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    writeFileSync(path.join(dir, 'compose.yaml'), head);
    git('commit', '-q', '-a', '-m', 'api calls db, payments added');
  });

  it('one run: missing-vault not flipped by its example, a risk on an untouched line with its cause, text and JSON', async () => {
    const json = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], scratch.dir);
    assert.equal(json.code, 0, json.err);
    const diff = JSON.parse(json.out) as Diff;
    const rules = (risks: Risk[]) => risks.map((r) => r.rule);
    // On the base the example was db, on the head api: the same model-wide risk, neither raised nor resolved.
    assert.ok(!rules(diff.threats.raised).includes('threat-missing-vault'), JSON.stringify(diff.threats.raised.map((r) => r.id)));
    assert.ok(!rules(diff.threats.resolved).includes('threat-missing-vault'), JSON.stringify(diff.threats.resolved.map((r) => r.id)));
    // api's unguarded access from the Internet is raised on its ports line (5), which did not change: the call it now makes is why.
    const unguarded = diff.threats.raised.find((r) => r.rule === 'threat-unguarded-access-from-internet');
    assert.ok(unguarded, JSON.stringify(rules(diff.threats.raised)));
    assert.deepEqual(unguarded.sources, [{ file: 'compose.yaml', line: 5 }]);
    assert.deepEqual(unguarded.cause, ['api calls db added (compose.yaml:7)']);
    // The call's own risk is on the changed line: its own cause, none said.
    const call = diff.threats.raised.find((r) => r.rule === 'threat-unencrypted-communication');
    assert.ok(call);
    assert.deepEqual(call.sources, [{ file: 'compose.yaml', line: 7 }]);
    assert.equal(call.cause, undefined);
    const text = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD'], scratch.dir);
    assert.match(text.out, /threat-unguarded-access-from-internet: .*\n {6}Internet → api\n {6}because api calls db added \(compose\.yaml:7\)\n/);
    assert.doesNotMatch(text.out, /missing-vault/);
  });

  it('a model-wide rule keyed by the model, every other risk by its synthetic id', () => {
    assert.equal(riskKey({ id: 'missing-vault@compose-api', rule: 'threat-missing-vault' }), 'threat-missing-vault@model');
    assert.equal(riskKey({ id: 'missing-build-infrastructure@x', rule: 'threat-missing-build-infrastructure' }), 'threat-missing-build-infrastructure@model');
    assert.equal(riskKey({ id: 'missing-waf@compose-api', rule: 'threat-missing-waf' }), 'missing-waf@compose-api');
  });
});

const workload = (kind: string, name: string, image: string, env: string[]) => [
  'apiVersion: apps/v1', `kind: ${kind}`, `metadata: {name: ${name}}`, 'spec:', `  selector: {matchLabels: {app: ${name}}}`, '  template:', `    metadata: {labels: {app: ${name}}}`, '    spec:', '      containers:', `        - name: ${name}`, `          image: ${image}`, ...env,
].join('\n');
const service = (name: string, port: number) => ['apiVersion: v1', 'kind: Service', `metadata: {name: ${name}}`, `spec: {selector: {app: ${name}}, ports: [{port: ${port}}]}`].join('\n');
const own = (name: string, value: string) => ['          env:', `            - name: ${name}`, `              value: ${value}`];
const shared = ['          envFrom:', '            - configMapRef: {name: shared}'];
const manifests = (moved: boolean) => [
  workload('Deployment', 'api', 'example/api:1.0', moved ? shared : own('DB_URL', 'postgres://pg:5432/app')),
  workload('Deployment', 'web', 'example/web:1.0', moved ? shared : own('API_URL', 'http://api:80')),
  workload('StatefulSet', 'pg', 'postgres:16', moved ? shared : []),
  service('pg', 5432),
  service('api', 80),
  ...(moved ? [['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: shared}', 'data:', '  DB_URL: postgres://pg:5432/app', '  API_URL: http://api:80'].join('\n')] : []),
].join('\n---\n') + '\n';

describe('archipel diff at its grain: addresses moved into a shared ConfigMap read by envFrom (issue #95)', function () {
  this.timeout(120_000);
  const scratch = scratchRepository('archipel-diff-shared-', ({ dir, git }) => {
    writeFileSync(path.join(dir, 'app.yaml'), manifests(false));
    git('add', '-A');
    git('commit', '-q', '-m', 'each workload its address');
    writeFileSync(path.join(dir, 'app.yaml'), manifests(true));
    git('commit', '-q', '-a', '-m', 'one ConfigMap for all');
  });

  it('the same calls: no connection added or removed, no risk raised or resolved (it read as 6 "may call" arrows, 2 calls removed, 5 risks raised)', async () => {
    const json = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], scratch.dir);
    assert.equal(json.code, 0, json.err);
    const diff = JSON.parse(json.out) as Diff & { connections: { added: unknown[]; removed: unknown[] } };
    assert.deepEqual([diff.connections.added, diff.connections.removed, diff.threats.raised, diff.threats.resolved], [[], [], [], []]);
    const text = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD'], scratch.dir);
    assert.match(text.out, /^no architectural change$/m);
  });

  it('a shared address whose target or port changed, or whose caller no longer reads it, stays a change', () => {
    const at = (line: number) => [{ file: 'app.yaml', line }];
    const call = (from: string, to: string, label: string, line: number) => ({ from, to, kind: 'calls', label, sources: at(line) });
    const may = (from: string, to: string, label: string, line: number) => ({ from, to, kind: 'may-call', label: `may call ${label}`, sources: at(line) });
    const none = { raised: [], resolved: [] };
    const base = [call('api', 'pg', 'PostgreSQL :5432', 14)];
    // Moved: folded.
    const moved = sharedAddressMoves([may('api', 'pg', 'PostgreSQL :5432', 57), may('web', 'pg', 'PostgreSQL :5432', 57)], [base[0]], base, none);
    assert.deepEqual([moved.added, moved.removed], [[], []]);
    // Another port on the shared line: the call removed and the possibilities added stay.
    const port = sharedAddressMoves([may('api', 'pg', 'PostgreSQL :5433', 57)], [base[0]], base, none);
    assert.deepEqual([port.added.length, port.removed.length], [1, 1]);
    // The caller no longer among the readers (only web reads the ConfigMap): a change.
    const other = sharedAddressMoves([may('web', 'pg', 'PostgreSQL :5432', 57)], [base[0]], base, none);
    assert.deepEqual([other.added.length, other.removed.length], [1, 1]);
    // Possibilities with no certain call moved (api still calls pg on its own line): web's new reach is a change.
    const kept = sharedAddressMoves([may('web', 'pg', 'PostgreSQL :5432', 57)], [], base, none);
    assert.deepEqual(kept.added.length, 1);
  });
});

const store = (name: string) => ['name: shop', 'services:', '  api:', '    image: example/api:1.0', '    ports: ["8080:3000"]', '    environment:', `      DB_URL: postgres://${name}:5432/app`, `  ${name}:`, '    image: postgres:16', '    volumes:', '      - dbdata:/var/lib/postgresql/data', 'volumes:', '  dbdata: {}', ''].join('\n');

describe('archipel diff at its grain: a store renamed on the same image and volume (issue #95)', function () {
  this.timeout(120_000);
  const scratch = scratchRepository('archipel-diff-store-', ({ dir, git }) => {
    writeFileSync(path.join(dir, 'compose.yaml'), store('db'));
    git('add', '-A');
    git('commit', '-q', '-m', 'db');
    writeFileSync(path.join(dir, 'compose.yaml'), store('database'));
    git('commit', '-q', '-a', '-m', 'db renamed database');
  });

  it('renamed with its name changed, no component added or removed, its call and risks kept (it read as 1 added, 1 removed, 4 connection and 4 risk lines)', async () => {
    const json = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], scratch.dir);
    assert.equal(json.code, 0, json.err);
    const diff = JSON.parse(json.out) as Diff & { components: { added: unknown[]; removed: unknown[]; changed: { id: string; changes: unknown[] }[]; renamed: { from: string; id: string }[] }; connections: { added: unknown[]; removed: unknown[] } };
    assert.deepEqual([diff.components.added, diff.components.removed], [[], []]);
    assert.deepEqual(diff.components.renamed.map((n) => `${n.from} → ${n.id}`), ['compose:.:db → compose:.:database']);
    assert.deepEqual(diff.components.changed.map((n) => [n.id, n.changes]), [['compose:.:database', [{ field: 'name', before: 'db', after: 'database' }]]]);
    assert.deepEqual([diff.connections.added, diff.connections.removed, diff.threats.raised, diff.threats.resolved], [[], [], [], []]);
  });

  it('another volume, or none, is another store', () => {
    const node = (id: string) => ({ id, kind: 'datastore', name: id.split(':').pop()! });
    const runs = (from: string) => ({ from, to: 'image:postgres', kind: 'runs' });
    const side = (id: string, volumes: string[]) => ({ edges: [runs(id)], identities: { [id]: { volumes } } });
    const pairs = (a: string[], b: string[]) => {
      const base = side('compose:.:db', a);
      const head = side('compose:.:database', b);
      return [...renamedIds([node('compose:.:db')], [node('compose:.:database')], { base: evidenceOf(base.edges, base.identities), head: evidenceOf(head.edges, head.identities) }).keys()];
    };
    assert.deepEqual(pairs(['dbdata'], ['dbdata']), ['compose:.:db']);
    assert.deepEqual(pairs(['dbdata'], ['other']), []);
    assert.deepEqual(pairs([], []), []);
  });
});

const app = (image: string) => [workload('Deployment', 'web', image, []), service('web', 80)].join('\n---\n') + '\n';

describe('archipel diff at its grain: a change across N copies of one component (issue #95)', function () {
  this.timeout(120_000);
  const scratch = scratchRepository('archipel-diff-copies-', ({ dir, git }) => {
    mkdirSync(path.join(dir, 'base'));
    writeFileSync(path.join(dir, 'base', 'app.yaml'), app('example/web:1.0'));
    writeFileSync(path.join(dir, 'base', 'kustomization.yaml'), 'resources:\n  - app.yaml\n');
    for (const env of ['dev', 'staging', 'prod']) {
      mkdirSync(path.join(dir, 'overlays', env), { recursive: true });
      writeFileSync(path.join(dir, 'overlays', env, 'kustomization.yaml'), `resources:\n  - ../../base\nnamespace: ${env}\n`);
    }
    git('add', '-A');
    git('commit', '-q', '-m', 'three overlays of one base');
    writeFileSync(path.join(dir, 'base', 'app.yaml'), app('example/web:2.0'));
    git('commit', '-q', '-a', '-m', 'web 2.0');
  });

  it('one image swap in the base: one change with its 2 copies in text and in one row of the comment, each JSON entry naming the others', async () => {
    const json = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], scratch.dir);
    assert.equal(json.code, 0, json.err);
    const changed = (JSON.parse(json.out) as { components: { changed: { id: string; copies?: string[] }[] } }).components.changed;
    const ids = ['k8s:Deployment/dev/web@overlays/dev', 'k8s:Deployment/prod/web@overlays/prod', 'k8s:Deployment/staging/web@overlays/staging'];
    assert.deepEqual(changed.map((c) => [c.id, c.copies]), ids.map((id) => [id, ids.filter((other) => other !== id)]));
    const text = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD'], scratch.dir);
    const markdown = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'markdown'], scratch.dir);
    // The pull-request comment: one row, the three ids in its Id cell.
    const rows = markdown.out.split('\n').filter((line) => line.startsWith('| changed |'));
    assert.equal(rows.length, 1, markdown.out);
    // Markdown escapes the ids' `@`.
    assert.ok(rows[0].includes(ids.map((id) => id.replace('@', '\\@')).join(', ')), rows[0]);
    assert.match(text.out, /^components: 0 added, 0 removed, 1 changed \(3 with their copies\)\n {2}~ service web \[k8s:Deployment\/dev\/web@overlays\/dev\]: image example\/web:1\.0 → example\/web:2\.0 \(base\/app\.yaml:3\)\n {6}and its 2 copies: k8s:Deployment\/prod\/web@overlays\/prod, k8s:Deployment\/staging\/web@overlays\/staging$/m);
  });

  it('the pull-request comment counts the change once and draws one node for its 3 copies', async () => {
    const markdown = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'markdown'], scratch.dir);
    assert.equal(markdown.code, 0, markdown.err);
    const summary = markdown.out.split('\n').find((line) => line.startsWith('**'));
    assert.equal(summary, '**1 component (0 added, 0 removed, 1 changed; 3 with their copies) · 0 connections (0 added, 0 removed) · 0 entry points (0 opened, 0 closed)**');
    const fence = markdown.out.slice(markdown.out.indexOf('```mermaid'), markdown.out.indexOf('```', markdown.out.indexOf('```mermaid') + 3));
    const nodes = fence.split('\n').filter((line) => /^ {2}n\d+\[/.test(line));
    assert.deepEqual(nodes, ['  n0["web<br/><small>service#44; 3 copies</small>"]:::changed']);
  });
});
