// Continuity (issue #97): the planted stack (server/test/fixtures/continuity/planted) has every gap of the family on its
// line, in `archipel check` and in `archipel continuity` alike; its hardened twin none. The JSON contract with the map's
// ids, the objectives inherited through a call, the achievable RPO of the backups, the quick fixes, durations and cron.
import assert from 'node:assert/strict';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { fixturesDir, repoRoot } from '../../helpers';
import { copyTree, makeTree } from '../../tempdir';
import { TestWorkspace } from '../../workspace';
import { cronMinutes, formatDuration, parseDuration } from '../../../src/continuity/model';
import { loadParser } from '../../terraform';
import { suggestionFixes } from '../../../src/common/fixes';

/** Every gap of the planted stack: `file:line rule`. */
const PLANTED = [
  'archipel.yaml:3 continuity-objective-unmet', // orders asks 5m: its backups are off
  'archipel.yaml:4 continuity-objective-unmet', // api asks 1h, and calls postgres (through its Service): no backup
  'compose/docker-compose.yml:1 continuity-single-host',
  'compose/docker-compose.yml:2 continuity-single-replica',
  'k8s/api.yaml:7 continuity-single-replica', // replicas: 1
  'k8s/api.yaml:24 continuity-no-disruption-budget', // web, 3 replicas
  'k8s/api.yaml:33 continuity-no-spread',
  'k8s/api.yaml:69 continuity-single-replica', // the HPA's minReplicas: 1
  'k8s/api.yaml:78 continuity-blocking-disruption-budget', // maxUnavailable: 0
  'k8s/stores.yaml:4 continuity-no-backup',
  'k8s/stores.yaml:7 continuity-single-replica',
  'k8s/stores.yaml:23 continuity-ephemeral-store', // emptyDir
  'k8s/stores.yaml:37 continuity-ephemeral-store', // no volume at all
  'k8s/stores.yaml:40 continuity-single-replica',
  'k8s/stores.yaml:53 continuity-unreplicated-broker',
  'tf/main.tf:1 continuity-single-zone', // RDS without multi_az
  'tf/main.tf:5 continuity-no-backup', // backup_retention_period = 0
  'tf/main.tf:8 continuity-no-backup', // Cloud SQL without backup_configuration
  'tf/main.tf:14 continuity-single-zone', // Cloud SQL ZONAL
  'tf/main.tf:20 continuity-single-zone', // GKE in a zone
  'tf/main.tf:25 continuity-single-zone', // EKS node group of one subnet
  'tf/main.tf:28 continuity-single-host', // one aws_instance
].sort();

interface Checked { file: string; range: { start: { line: number } }; code: string }
interface Report {
  components: { id: string; name: string; tier?: string; rpo: { asked: string | null; achievable: string | null }; rto: { asked: string | null; risks: string[] }; spofs: { rule: string; file: string; line: number; message: string }[]; backups: { kind: string; file: string; line: number; interval: string }[] }[];
  gaps: { rule: string; component: string | null; file: string; line: number; message: string }[];
}

async function run(folder: string): Promise<{ checked: string[]; report: Report; code: number; markdown: string; sarif: string }> {
  const tree = copyTree(path.join(fixturesDir, 'continuity', folder));
  try {
    const check = await runCli(['check', '.', '--format', 'json'], tree.root);
    const checked = (JSON.parse(check.out) as Checked[]).filter((d) => d.code.startsWith('continuity-')).map((d) => `${d.file}:${d.range.start.line + 1} ${d.code}`).sort();
    const json = await runCli(['continuity', '.', '--format', 'json'], tree.root);
    const markdown = await runCli(['continuity', '.', '--format', 'markdown'], tree.root);
    const sarif = await runCli(['continuity', '.', '--format', 'sarif'], tree.root);
    return { checked, report: JSON.parse(json.out) as Report, code: json.code, markdown: markdown.out, sarif: sarif.out };
  } finally {
    tree.remove();
  }
}

describe('continuity: the planted stack and its hardened twin', function () {
  this.timeout(240_000);

  it('the planted stack: every gap on its line, in check and in archipel continuity alike', async () => {
    const { checked, report, code, markdown, sarif } = await run('planted');
    assert.deepEqual(checked, PLANTED);
    assert.deepEqual(report.gaps.map((g) => `${g.file}:${g.line} ${g.rule}`).sort(), PLANTED);
    assert.equal(code, 1);
    // The contract: exactly these keys, the map's ids (repository-relative), tiers as written.
    const api = report.components.find((c) => c.name === 'api')!;
    assert.deepEqual(Object.keys(api), ['id', 'name', 'tier', 'rpo', 'rto', 'spofs', 'backups']);
    assert.equal(api.id, 'k8s:Deployment/shop/api');
    assert.deepEqual(api.rpo, { asked: '1h', achievable: null });
    assert.deepEqual(api.spofs.map((s) => `${s.file}:${s.line} ${s.rule}`), ['k8s/api.yaml:7 continuity-single-replica']);
    // postgres asks 24h but inherits api's 1h: api calls it (DATABASE_URL, through its Service).
    const postgres = report.components.find((c) => c.name === 'postgres')!;
    assert.equal(postgres.rpo.asked, '1h');
    assert.ok(postgres.rto.risks.some((r) => r.startsWith('no restore job or test')));
    const gap = report.gaps.find((g) => g.rule === 'continuity-objective-unmet' && g.line === 4)!;
    assert.equal(gap.component, 'k8s:StatefulSet/shop/postgres');
    assert.equal(gap.message, 'api asks an RPO of 1h and depends on postgres: the backups of postgres achieve none.');
    const compose = report.gaps.find((g) => g.rule === 'continuity-single-host' && g.file.startsWith('compose/'))!;
    assert.equal(compose.component, 'compose:compose');
    // The report's grid and SARIF.
    assert.match(markdown, /\| postgres \| 2 \| 1h \| none \| 30m \| ✗ \| ✓ \| ✓ \| ✓ \|/);
    assert.match(markdown, /`continuity-ephemeral-store` k8s\/stores\.yaml:23/);
    const log = JSON.parse(sarif) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    assert.deepEqual(log.runs[0].results.map((r) => `${r.locations[0].physicalLocation.artifactLocation.uri}:${r.locations[0].physicalLocation.region.startLine} ${r.ruleId}`).sort(), PLANTED);
  });

  it('the hardened twin: no gap; the backups give the achievable RPO (RDS PITR 5m, WAL archiving every 15m)', async () => {
    const { checked, report, code } = await run('hardened');
    assert.deepEqual(checked, []);
    assert.deepEqual(report.gaps, []);
    assert.equal(code, 0);
    const orders = report.components.find((c) => c.name === 'orders')!;
    assert.deepEqual(orders.rpo, { asked: '5m', achievable: '5m' });
    assert.deepEqual(orders.backups.map((b) => `${b.kind} ${b.file}:${b.line} ${b.interval}`), ['rds-pitr tf/main.tf:6 5m']);
    const postgres = report.components.find((c) => c.name === 'postgres')!;
    assert.deepEqual(postgres.rpo, { asked: '1h', achievable: '15m' });
    assert.deepEqual(postgres.backups.map((b) => `${b.kind} ${b.file}:${b.line} ${b.interval}`), ['wal-archive k8s/stores.yaml:58 15m']);
    assert.ok(!postgres.rto.risks.some((r) => r.startsWith('no restore job')), 'the restore test is found');
    const ledger = report.components.find((c) => c.name === 'ledger')!;
    assert.deepEqual(ledger.backups.map((b) => b.kind), ['cloudsql-pitr']);
  });
});

describe('continuity: the example portfolio', function () {
  this.timeout(240_000);

  it('declares its objectives and accepts each of its gaps with a reason: archipel continuity and check are clean', async () => {
    const tree = copyTree(path.join(repoRoot, 'examples', 'portfolio'));
    try {
      const json = await runCli(['continuity', '.', '--format', 'json'], tree.root);
      assert.equal(json.code, 0, json.out);
      const report = JSON.parse(json.out) as Report;
      assert.deepEqual(report.gaps, []);
      // Its gaps are there, accepted: the SPOFs stay in the report.
      assert.ok(report.components.find((c) => c.name === 'mlflow database')!.spofs.some((s) => s.rule === 'continuity-single-zone'));
      assert.deepEqual(report.components.find((c) => c.name === 'mlflow database')!.rpo, { asked: '1h', achievable: '5m' });
      const check = await runCli(['check', '.', '--format', 'json'], tree.root);
      assert.deepEqual((JSON.parse(check.out) as Checked[]).filter((d) => d.code.startsWith('continuity-')), []);
    } finally {
      tree.remove();
    }
  });
});

describe('continuity: quick fixes in the editor', () => {
  before(() => loadParser());
  const asking = { 'file:///shop/archipel.yaml': 'continuity:\n  web: { rto: 1h }\n' };

  it('a PodDisruptionBudget, a zone spread, 2 replicas; multi_az = true', () => {
    const web = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  replicas: 3\n  template:\n    metadata:\n      labels: { app: web }\n    spec:\n      containers:\n        - name: web\n          image: web:1\n';
    const api = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 1\n  template:\n    metadata:\n      labels: { app: api }\n    spec:\n      containers:\n        - name: api\n          image: api:1\n';
    const tf = 'resource "aws_db_instance" "db" {\n  engine = "postgres"\n  multi_az = false\n}\n';
    const workspace = new TestWorkspace({ ...asking, 'file:///shop/web.yaml': web, 'file:///shop/api.yaml': api, 'file:///shop/main.tf': tf });
    const fixOf = (uri: string, rule: string, title: string) => {
      const diagnostics = workspace.diagnose(uri).filter((d) => d.code === rule);
      assert.equal(diagnostics.length, 1, rule);
      // As the server answers (service.ts): the features' actions, then the fixes the findings name (common/fixes.ts).
      // The fix the finding names (a feature may offer the same one: the Terraform family's, over every data.fix).
      const action = [...suggestionFixes(uri, diagnostics, []), ...workspace.codeActions(uri, diagnostics)].find((a) => a.title === title);
      assert.ok(action, `${rule}: ${title}`);
      return workspace.apply(uri, action);
    };
    const budget = fixOf('file:///shop/web.yaml', 'continuity-no-disruption-budget', 'Add a PodDisruptionBudget (maxUnavailable: 1)');
    assert.ok(budget.endsWith('---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app: "web"\n'), budget);
    const spread = fixOf('file:///shop/web.yaml', 'continuity-no-spread', 'Spread the replicas across zones (topologySpreadConstraints)');
    assert.ok(spread.includes('    spec:\n      topologySpreadConstraints:\n        - maxSkew: 1\n          topologyKey: topology.kubernetes.io/zone\n          whenUnsatisfiable: ScheduleAnyway\n          labelSelector:\n            matchLabels:\n              app: "web"\n      containers:\n'), spread);
    assert.ok(fixOf('file:///shop/api.yaml', 'continuity-single-replica', 'Run 2 replicas').includes('  replicas: 2\n'));
    assert.ok(fixOf('file:///shop/main.tf', 'continuity-single-zone', 'Set multi_az = true').includes('  multi_az = true\n'));
    // Each fixed text is free of the gap it fixed.
    const fixed = new TestWorkspace({ ...asking, 'file:///shop/web.yaml': spread.replace(/\n$/, '') + '\n' + budget.slice(web.length) });
    assert.deepEqual(fixed.diagnose('file:///shop/web.yaml').filter((d) => String(d.code).startsWith('continuity-')).map((d) => d.code), []);
  });

  it('quiet where no archipel.yaml asks (a repository declaring no objective gets no finding unasked)', () => {
    const workspace = new TestWorkspace({ 'file:///shop/api.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers: [{ name: api, image: api:1 }]\n' });
    assert.deepEqual(workspace.diagnose('file:///shop/api.yaml').filter((d) => String(d.code).startsWith('continuity-')), []);
  });

  it('a continuity section it cannot read: an error on its line', () => {
    const workspace = new TestWorkspace({ 'file:///shop/archipel.yaml': 'continuity:\n  api: { rpo: soon }\n  web: 3\n' });
    assert.deepEqual(workspace.diagnose('file:///shop/archipel.yaml').filter((d) => d.code === 'continuity-section').map((d) => `${d.range.start.line} ${d.message}`), ['1 continuity.api.rpo: a duration such as 5m, 1h, 24h or 7d.', '2 continuity.web: give its objectives as a map (rpo, rto, tier).']);
  });
});

describe('continuity: accepted entries keyed by the map id (#97)', () => {
  const api = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  replicas: 1\n  template:\n    metadata:\n      labels: { app: api }\n    spec:\n      containers:\n        - name: api\n          image: api:1\n';
  const compose = 'services:\n  web:\n    image: web:1\n  worker:\n    image: worker:1\n';
  const raised = (yaml: string) => {
    const workspace = new TestWorkspace({ 'file:///shop/archipel.yaml': yaml, 'file:///shop/k8s/api.yaml': api, 'file:///shop/deploy/compose.yaml': compose });
    return ['file:///shop/k8s/api.yaml', 'file:///shop/deploy/compose.yaml'].flatMap((uri) => workspace.diagnose(uri).filter((d) => d.code === 'continuity-single-replica').map((d) => `${uri.split('/').pop()}:${d.range.start.line}`)).sort();
  };

  it('by the id, repository-relative (a Compose folder from the top, or `.`), by the display name for older files; an unknown key accepts nothing', () => {
    const all = raised('continuity:\n  nothing: { rto: 1h }\n');
    assert.deepEqual(all, ['api.yaml:6', 'compose.yaml:1', 'compose.yaml:3']);
    const accept = (key: string) => `  ${key}: { accepted: { continuity-single-replica: "why" } }\n`;
    // The ids: a Kubernetes workload's, a Compose service's with its project's folder relative to the repository.
    assert.deepEqual(raised(`continuity:\n${accept('k8s:Deployment/shop/api')}${accept('compose:deploy:web')}`), ['compose.yaml:3']);
    // `.` is the archipel.yaml's folder: the Compose project there is not this one.
    assert.deepEqual(raised(`continuity:\n${accept('compose:.:web')}`), all);
    // The names older files write still accepted; a machine path or another folder's id is not this one.
    assert.deepEqual(raised(`continuity:\n${accept('api')}${accept('worker')}`), ['compose.yaml:1']);
    assert.deepEqual(raised(`continuity:\n${accept('compose:elsewhere/deploy2:web')}${accept('k8s:Deployment/other/api')}`), all);
  });
});

describe('continuity: a Compose broker without replication (#97)', () => {
  it("a replication factor of 1 in a Compose service's environment, as a list (opentelemetry-demo's Kafka) or a map, on its line; 3 is quiet", () => {
    const compose = [
      'services:',
      '  kafka:',
      '    image: apache/kafka:3.9.0',
      '    environment:',
      '      - KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://kafka:9092',
      '      - KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR=1',
      '      - KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR=3',
      '  redpanda:',
      '    image: redpandadata/redpanda:v24.1.1',
      '    environment:',
      '      KAFKA_DEFAULT_REPLICATION_FACTOR: "1"',
      '      LOG_LEVEL: info',
      '',
    ].join('\n');
    const workspace = new TestWorkspace({ 'file:///demo/archipel.yaml': 'continuity:\n  kafka: { rto: 1h }\n', 'file:///demo/docker-compose.yml': compose });
    const found = workspace.diagnose('file:///demo/docker-compose.yml').filter((d) => d.code === 'continuity-unreplicated-broker');
    assert.deepEqual(found.map((d) => [d.range.start.line, d.message]), [
      [5, 'KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR is set to 1 in kafka: the messages live on one broker and are lost with it. Set it to 3 with 3 brokers.'],
      [10, 'KAFKA_DEFAULT_REPLICATION_FACTOR is set to 1 in redpanda: the messages live on one broker and are lost with it. Set it to 3 with 3 brokers.'],
    ]);
  });
});

describe('continuity: objectives an ADR states (#97)', function () {
  this.timeout(120_000);

  it("an ADR's RPO/RTO lines, naming the component on the line or in its title, asked when archipel.yaml has no entry", async () => {
    const store = (name: string) => `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  replicas: 3\n  template:\n    metadata:\n      labels: { app: ${name} }\n    spec:\n      containers:\n        - name: db\n          image: postgres:16\n`;
    const tree = makeTree({
      'archipel.yaml': 'continuity:\n  payments: { rto: 2h }\n',
      'k8s/orders.yaml': store('orders'),
      'k8s/payments.yaml': store('payments'),
      'k8s/ledger.yaml': store('ledger'),
      // The title names orders; one line names ledger (ledger's, not orders'); the archipel.yaml entry of payments wins over the ADR.
      'docs/adr/0007-orders-database-recovery.md': '# 7. Orders database recovery\n\n## Decision\n\n- RPO: 1 h\n- RTO 4h\n- The ledger keeps an RPO of 15 min.\n- payments: RPO 5m\n',
      // Not an ADR folder: not read.
      'notes/0001-ideas.md': '# Ideas\n\nRPO 1m for orders\n',
    });
    try {
      const json = await runCli(['continuity', '.', '--format', 'json'], tree.root);
      const report = JSON.parse(json.out) as Report;
      const of = (name: string) => report.components.find((c) => c.name === name);
      assert.deepEqual([of('orders')?.rpo.asked, of('orders')?.rto.asked], ['1h', '4h']);
      assert.deepEqual([of('ledger')?.rpo.asked, of('ledger')?.rto.asked], ['15m', null]);
      assert.deepEqual([of('payments')?.rpo.asked, of('payments')?.rto.asked], [null, '2h']);
      // The RPO asked and not met is a gap at the ADR's line.
      assert.deepEqual(report.gaps.filter((g) => g.rule === 'continuity-objective-unmet').map((g) => `${g.file}:${g.line} ${g.component ?? ''}`).sort(), ['docs/adr/0007-orders-database-recovery.md:5 k8s:StatefulSet/shop/orders', 'docs/adr/0007-orders-database-recovery.md:7 k8s:StatefulSet/shop/ledger']);
    } finally {
      tree.remove();
    }
  });
});

describe('continuity: durations and schedules', () => {
  it('reads durations as written and writes them back', () => {
    assert.deepEqual(['5m', '1h', '24h', '7d', '30s', 15, 'soon', '1e9h'].map(parseDuration), [5, 60, 1440, 10080, 0.5, 15, undefined, undefined]);
    assert.deepEqual([5, 60, 1440, 10080, 90, 0.5].map(formatDuration), ['5m', '1h', '24h', '7d', '90m', '30s']);
  });
  it('the period of a cron schedule', () => {
    assert.deepEqual(['0 2 * * *', '*/15 * * * *', '0 */6 * * *', '0 4 * * 0', '0 3 1 * *', '@hourly', '@daily', '30 * * * *', 'not a cron'].map(cronMinutes), [1440, 15, 360, 10080, 43200, 60, 1440, 60, undefined]);
  });
});
