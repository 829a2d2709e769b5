// `archipel diff` and continuity (issue #97): the hardened twin of the continuity fixture with a pg_dump CronJob,
// then a change that harms it (the web Deployment 3 → 1 replicas, RDS multi_az true → false, the dump CronJob removed),
// then an unrelated change (an image tag); committed in a repository made in a temporary folder with no identity.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { repoRoot } from '../../helpers';
import { scratchRepository } from './scratchRepository';

const dump = [
  'apiVersion: batch/v1',
  'kind: CronJob',
  'metadata:',
  '  name: postgres-dump',
  '  namespace: shop',
  'spec:',
  '  schedule: "0 2 * * *"',
  '  jobTemplate:',
  '    spec:',
  '      template:',
  '        spec:',
  '          restartPolicy: OnFailure',
  '          containers:',
  '            - name: dump',
  '              image: postgres:16',
  '              command: ["sh", "-c", "pg_dump -h postgres -Fc shop > /backup/shop.dump"]',
  '',
].join('\n');

interface Change {
  change: string;
  rule: string;
  component: string;
  file: string;
  line: number;
  message: string;
}

describe('archipel diff: continuity changes (issue #97)', function () {
  this.timeout(120_000);
  const scratch = scratchRepository('archipel-diff-continuity-', ({ dir, git }) => {
    cpSync(path.join(repoRoot, 'server', 'test', 'fixtures', 'continuity', 'hardened'), dir, { recursive: true });
    writeFileSync(path.join(dir, 'k8s', 'dump.yaml'), dump);
    git('add', '-A');
    git('commit', '-q', '-m', 'hardened');
    const edit = (file: string, from: string, to: string) => {
      const text = readFileSync(path.join(dir, file), 'utf8');
      assert.ok(text.includes(from), `${file}: ${from}`);
      writeFileSync(path.join(dir, file), text.replace(from, to));
    };
    edit('k8s/api.yaml', '  name: web\n  namespace: shop\nspec:\n  replicas: 3', '  name: web\n  namespace: shop\nspec:\n  replicas: 1');
    edit('tf/main.tf', 'multi_az                = true\n  backup_retention_period = 7', 'multi_az                = false\n  backup_retention_period = 0');
    rmSync(path.join(dir, 'k8s', 'dump.yaml'));
    git('add', '-A');
    git('commit', '-q', '-m', 'harm');
    edit('k8s/stores.yaml', 'image: apache/kafka:3.7.0', 'image: apache/kafka:3.7.1');
    git('commit', '-q', '-am', 'unrelated');
  });

  it('the harm in JSON, each change on its line; --fail-on continuity: exit 1, each said', async () => {
    const { code, out, err } = await runCli(['diff', '--base', 'HEAD~2', '--head', 'HEAD~1', '--format', 'json', '--fail-on', 'continuity'], scratch.dir);
    assert.equal(code, 1);
    const diff = JSON.parse(out) as { continuity: Change[]; privacy: unknown };
    // Beside the other change kinds, after the privacy flows (additive: the other fields are as they were).
    assert.deepEqual(Object.keys(diff).slice(Object.keys(diff).indexOf('privacy'), Object.keys(diff).indexOf('privacy') + 2), ['privacy', 'continuity']);
    assert.deepEqual(diff.continuity.map((c) => [c.change, c.rule, c.component, `${c.file}:${c.line}`]), [
      // The RPO of 5 minutes archipel.yaml asks of orders, now unmet: no backup left of it.
      ['gap-raised', 'continuity-objective-unmet', 'terraform:aws_db_instance:orders', 'archipel.yaml:3'],
      ['gap-raised', 'continuity-single-replica', 'k8s:Deployment/shop/web', 'k8s/api.yaml:43'],
      ['gap-raised', 'continuity-single-zone', 'terraform:aws_db_instance:orders', 'tf/main.tf:5'],
      ['gap-raised', 'continuity-no-backup', 'terraform:aws_db_instance:orders', 'tf/main.tf:6'],
      // Where each backup was, on the base.
      ['backup-removed', 'dump', 'k8s:StatefulSet/shop/postgres', 'k8s/dump.yaml:7'],
      ['backup-removed', 'rds-pitr', 'terraform:aws_db_instance:orders', 'tf/main.tf:6'],
      ['replicas-dropped', 'replicas', 'k8s:Deployment/shop/web', 'k8s/api.yaml:43'],
    ]);
    assert.equal(diff.continuity[2].message, 'The RDS instance aws_db_instance.orders runs in one availability zone (multi_az is not true): a zone outage stops it. Set multi_az = true.');
    assert.equal(diff.continuity[4].message, 'the dump backup is gone (it covered k8s:StatefulSet/shop/postgres)');
    assert.equal(diff.continuity[6].message, 'service web runs 1 replica where it ran 3');
    assert.equal(err, 'archipel diff: --fail-on continuity: 7 continuity changes (continuity-objective-unmet archipel.yaml:3, continuity-single-replica k8s/api.yaml:43, continuity-single-zone tf/main.tf:5, continuity-no-backup tf/main.tf:6, dump k8s/dump.yaml:7, rds-pitr tf/main.tf:6, replicas k8s/api.yaml:43)\n');
  });

  it('the text and the markdown: each change with its file and line', async () => {
    const text = await runCli(['diff', '--base', 'HEAD~2', '--head', 'HEAD~1'], scratch.dir);
    assert.equal(text.code, 0);
    const lines = text.out.split('\n');
    const at = lines.indexOf('continuity: 7 changes');
    assert.ok(at > 0, text.out);
    assert.deepEqual(lines.slice(at + 1, at + 8).map((line) => /^ {2}([+-]) (\S+) (\S+): .* \(([^()]+)\)$/.exec(line)?.slice(1).join(' ')), [
      '+ gap-raised continuity-objective-unmet archipel.yaml:3',
      '+ gap-raised continuity-single-replica k8s/api.yaml:43',
      '+ gap-raised continuity-single-zone tf/main.tf:5',
      '+ gap-raised continuity-no-backup tf/main.tf:6',
      '- backup-removed dump k8s/dump.yaml:7',
      '- backup-removed rds-pitr tf/main.tf:6',
      '- replicas-dropped replicas k8s/api.yaml:43',
    ]);
    const markdown = await runCli(['diff', '--base', 'HEAD~2', '--head', 'HEAD~1', '--format', 'markdown'], scratch.dir);
    assert.equal(markdown.code, 0);
    assert.match(markdown.out, / · 7 continuity changes\*\*\n/);
    const table = markdown.out.slice(markdown.out.indexOf('#### Continuity'));
    assert.ok(table.includes('| gap-raised | continuity-single-zone | terraform:aws_db_instance:orders | The RDS instance aws_db_instance.orders runs in one availability zone (multi_az is not true): a zone outage stops it. Set multi_az = true. | tf/main.tf:5 |'), table);
    assert.ok(table.includes('| backup-removed | dump | k8s:StatefulSet/shop/postgres | the dump backup is gone (it covered k8s:StatefulSet/shop/postgres) | k8s/dump.yaml:7 |'), table);
    assert.ok(table.includes('| replicas-dropped | replicas | k8s:Deployment/shop/web | service web runs 1 replica where it ran 3 | k8s/api.yaml:43 |'), table);
  });

  it('an unrelated change (an image tag): no continuity change, --fail-on continuity exit 0', async () => {
    const { code, out, err } = await runCli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json', '--fail-on', 'continuity'], scratch.dir);
    assert.equal(err, '');
    assert.equal(code, 0);
    const diff = JSON.parse(out) as { continuity: Change[]; components: { changed: unknown[] } };
    assert.deepEqual(diff.continuity, []);
    assert.equal(diff.components.changed.length, 1);
  });
});
