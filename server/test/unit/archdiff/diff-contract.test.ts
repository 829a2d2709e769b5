// docs/diff.md's JSON contract (issue #80) against a real run: one change that gives an element of every list
// (a Compose file moved and a worker added and published: a boundary crossed, a store's image changed, a Fides system's egress, an instance
// resized), each documented element with the same fields, of the same types, as the run's.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { repoRoot } from '../../helpers';
import { scratchRepository } from './scratchRepository';

const compose = (db: string, worker: boolean) =>
  [
    'services:',
    '  web:',
    '    image: nginx:1.27',
    '    ports: ["8080:80"]',
    '    environment:',
    '      API_URL: http://api:3000',
    '  api:',
    '    image: example/api:1.0',
    '    environment:',
    '      DB_URL: http://db:5432',
    ...(worker ? ['  worker:', '    image: example/api:1.0', '    ports: ["9000:9000"]', '    environment:', '      DB_URL: http://db:5432'] : []),
    '  db:',
    `    image: ${db}`,
    '',
  ].join('\n');

const shop = (egress: boolean) =>
  ['system:', '  - fides_key: shop', '    name: Shop', '    system_type: Service', ...(egress ? ['    egress:', '      - fides_key: mailer', '        type: system'] : []), '    privacy_declarations:', '      - name: Take orders', '        data_use: essential.service', '        data_categories: [user.contact.email]', '        data_subjects: [customer]', ''].join('\n');

const terraform = (type: string) => `provider "aws" {\n  region = "us-east-1"\n}\nresource "aws_instance" "web" {\n  ami           = "ami-1"\n  instance_type = "${type}"\n}\n`;

/** What a value is, recursively: an object's fields and their shapes, a list's first element's. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length > 0 ? [shape(value[0])] : [];
  if (value === null) return 'null';
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, shape(v)]));
  return typeof value;
}

/** The documented example: the first `json` block of the "--format json" section. */
function documented(): Record<string, unknown> {
  const page = readFileSync(path.join(repoRoot, 'docs', 'diff.md'), 'utf8');
  const at = page.indexOf('```json\n', page.indexOf('## `--format json`'));
  return JSON.parse(page.slice(at + 8, page.indexOf('\n```', at + 8))) as Record<string, unknown>;
}

describe('archipel diff: the JSON contract of docs/diff.md (issue #80)', function () {
  this.timeout(120_000);
  const scratch = scratchRepository('archipel-diff-contract-', ({ dir, git }) => {
    writeFileSync(path.join(dir, 'compose.yaml'), compose('postgres:16', false));
    writeFileSync(path.join(dir, 'shop.yml'), shop(false));
    writeFileSync(path.join(dir, 'main.tf'), terraform('t3.micro'));
    git('add', '-A');
    git('commit', '-q', '-m', 'before');
    mkdirSync(path.join(dir, 'deploy'));
    renameSync(path.join(dir, 'compose.yaml'), path.join(dir, 'deploy', 'compose.yaml'));
    writeFileSync(path.join(dir, 'deploy', 'compose.yaml'), compose('redis:7', true));
    writeFileSync(path.join(dir, 'shop.yml'), shop(true));
    writeFileSync(path.join(dir, 'main.tf'), terraform('t3.large'));
    git('add', '-A');
    git('commit', '-q', '-m', 'after');
  });

  it('every documented list element has the fields, and the field types, of a real one', async () => {
    const { code, out, err } = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], scratch.dir);
    assert.equal(err, '');
    assert.equal(code, 0);
    const real = JSON.parse(out) as Record<string, Record<string, unknown>>;
    const doc = documented() as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(doc), Object.keys(real));
    assert.deepEqual(shape(doc.base), shape(real.base));
    for (const [section, lists] of Object.entries(doc)) {
      if (section === 'base' || section === 'head') continue;
      for (const [list, value] of Object.entries(lists)) {
        const mine = real[section][list];
        if (Array.isArray(value) && value.length > 0) {
          assert.ok(Array.isArray(mine) && mine.length > 0, `${section}.${list}: the run gives one`);
          assert.deepEqual(shape(value[0]), shape(mine[0]), `${section}.${list}`);
        } else if (Array.isArray(value)) assert.ok(Array.isArray(mine), `${section}.${list}: a list`);
        else assert.deepEqual(shape(value), shape(mine), `${section}.${list}`);
      }
    }
    // What the run gave, in a word: the move renamed, the worker added, the store's kind changed.
    const components = real.components as Record<string, { id: string; changes?: unknown }[]>;
    assert.ok(components.renamed.some((n) => n.id === 'compose:deploy:api'));
    // The store's new image is its change, not an image node added (its `runs` edges folded into the change).
    assert.deepEqual(components.added.map((n) => n.id), ['compose:deploy:worker']);
    // Moved and turned from PostgreSQL to Redis: renamed, and changed in kind, image and technology (its name compared as well: the same).
    assert.deepEqual(components.changed.map((n) => [n.id, n.changes]), [
      ['compose:deploy:db', [{ field: 'kind', before: 'datastore', after: 'cache' }, { field: 'image', before: 'postgres:16', after: 'redis:7' }, { field: 'technology', before: 'PostgreSQL', after: 'Redis' }]],
    ]);
    // The worker published: its users' connection crosses from the Internet into the Compose project.
    assert.deepEqual((real.boundaries.crossed as { fromName: string; toName: string; fromBoundary: string; toBoundary: string }[]).map((e) => [e.fromName, e.toName, e.fromBoundary, e.toBoundary]), [['Users', 'worker', 'Internet', 'environment Compose deploy']]);
    assert.ok(components.renamed.some((n) => n.id === 'compose:deploy:db'));
  });
});
