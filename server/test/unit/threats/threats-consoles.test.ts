// Exposure is a risk by itself (issue #78): an admin or data console published outside its boundary is
// rated by what it exposes, whatever the data traced to it, and its product's defaults (no login,
// anonymous access, default credentials) say whether the link asks for credentials. The table's
// verdicts per setting, then the example's four consoles each with its risks on its line and the
// example's register tracking them on a copy at another path.
import assert from 'node:assert/strict';
import path from 'node:path';
import { consoleFacts, consoleOf, consoleProducts } from '../../../src/threats/consoles';
import { runCli } from '../../cliRun';
import { repoRoot } from '../../helpers';
import { copyTree, makeTree } from '../../tempdir';

interface Risk { rule: string; title: string; elements: string[]; sources: { file: string; line: number }[] }

const product = (name: string) => consoleProducts.find((p) => p.name === name)!;
const verdict = (name: string, text: string) => {
  const facts = consoleFacts(product(name), text.split('\n'));
  return { unauthenticated: facts.unauthenticated, reason: facts.reason, lines: facts.lines };
};

describe('threats: consoles exposed (issue #78)', function () {
  this.timeout(120_000);
  const trees: (() => void)[] = [];
  after(() => trees.forEach((remove) => remove()));

  it('the product of a component: by the map technology, else by its image', () => {
    assert.equal(consoleOf({ technology: 'MLflow' })?.name, 'MLflow');
    assert.equal(consoleOf({ image: 'docker.io/grafana/grafana-oss' })?.name, 'Grafana');
    assert.equal(consoleOf({ image: 'rabbitmq' })?.name, 'RabbitMQ management');
    assert.equal(consoleOf({ image: 'quay.io/jupyter/scipy-notebook' })?.name, 'Jupyter');
    assert.equal(consoleOf({ image: 'ghcr.io/example/shop-web', technology: 'Go' }), undefined);
    for (const p of consoleProducts) assert.ok(p.sources.length > 0 && p.sources.every((s) => s.startsWith('https://')), `${p.name}: its defaults' documentation`);
  });

  it("each product's default and the settings that change it, on their lines", () => {
    assert.deepEqual(verdict('MLflow', '  mlflow:\n    command: ["mlflow", "server", "--host", "0.0.0.0"]'), { unauthenticated: true, reason: 'no authentication by default', lines: [1] });
    assert.deepEqual(verdict('MLflow', '  mlflow:\n    command: mlflow server --app-name basic-auth --host 0.0.0.0'), { unauthenticated: false, reason: 'authentication configured', lines: [1] });
    assert.deepEqual(verdict('Grafana', '  grafana:\n    environment:\n      GF_AUTH_ANONYMOUS_ENABLED: "true"'), { unauthenticated: true, reason: 'anonymous access', lines: [2] });
    assert.deepEqual(verdict('Grafana', '  grafana:\n    image: grafana/grafana'), { unauthenticated: true, reason: 'default credentials', lines: [] });
    assert.deepEqual(verdict('Grafana', '  grafana:\n    environment:\n      - GF_SECURITY_ADMIN_PASSWORD=admin'), { unauthenticated: true, reason: 'default credentials', lines: [2] });
    assert.deepEqual(verdict('Grafana', '  grafana:\n    environment:\n      - GF_SECURITY_ADMIN_PASSWORD=${GRAFANA_PASSWORD}'), { unauthenticated: false, reason: 'authentication configured', lines: [2] });
    // Kubernetes' name/value pairs read as one setting, on the value's line; anonymous access turned off is not on.
    assert.deepEqual(verdict('Grafana', '        env:\n        - name: GF_AUTH_ANONYMOUS_ENABLED\n          value: "false"\n        - name: GF_SECURITY_ADMIN_PASSWORD\n          valueFrom:\n            secretKeyRef: {name: grafana, key: password}'), { unauthenticated: false, reason: 'authentication configured', lines: [5] });
    assert.deepEqual(verdict('Grafana', '        env:\n        - name: GF_AUTH_ANONYMOUS_ENABLED\n          value: "true"'), { unauthenticated: true, reason: 'anonymous access', lines: [2] });
    assert.deepEqual(verdict('Prometheus', '    args: ["--config.file=/etc/prometheus/prometheus.yml"]'), { unauthenticated: true, reason: 'no authentication by default', lines: [] });
    assert.deepEqual(verdict('Prometheus', '    args: ["--web.config.file=/etc/prometheus/web.yml"]'), { unauthenticated: false, reason: 'authentication configured', lines: [0] });
    assert.deepEqual(verdict('RabbitMQ management', '    environment:\n      RABBITMQ_DEFAULT_USER: guest\n      RABBITMQ_DEFAULT_PASS: guest'), { unauthenticated: true, reason: 'default credentials', lines: [1, 2] });
    assert.deepEqual(verdict('Jupyter', '    command: start-notebook.py --ServerApp.token=\'\''), { unauthenticated: true, reason: 'anonymous access', lines: [0] });
    assert.deepEqual(verdict('Jupyter', '    command: start-notebook.py'), { unauthenticated: false, reason: 'authentication by default', lines: [] });
    // Seq (threats78e, eShopOnContainers held out): no authentication unless a first-run admin password is given.
    assert.equal(consoleOf({ image: 'datalust/seq:latest'.split(':')[0] })?.name, 'Seq');
    assert.deepEqual(verdict('Seq', '  seq:\n    environment:\n      - ACCEPT_EULA=Y'), { unauthenticated: true, reason: 'no authentication by default', lines: [] });
    assert.deepEqual(verdict('Seq', '  seq:\n    environment:\n      - SEQ_FIRSTRUN_ADMINPASSWORDHASH=${SEQ_HASH}'), { unauthenticated: false, reason: 'authentication configured', lines: [2] });
    // A commented setting says nothing.
    assert.deepEqual(verdict('Grafana', '    environment:\n      # GF_AUTH_ANONYMOUS_ENABLED: "true"\n      GF_SECURITY_ADMIN_PASSWORD__FILE: /run/secrets/grafana'), { unauthenticated: false, reason: 'authentication configured', lines: [2] });
  });

  it("the example's MLflow, Grafana, Prometheus and Alertmanager: each a risk on the line that publishes it, tracked by the example's register on a copy elsewhere", async () => {
    const { root: copy, remove } = copyTree(path.join(repoRoot, 'examples', 'portfolio'));
    trees.push(remove);
    const { code, out } = await runCli(['threats', '.', '--all', '--format', 'json'], copy);
    assert.equal(code, 0, 'every risk treated or accepted: exit 0');
    const risks = (JSON.parse(out) as { risks: Risk[] }).risks;
    const at = (rule: string) => risks.filter((r) => r.rule === `threat-${rule}` && r.sources[0].file === 'docker-compose.yml').map((r) => `${r.elements.map((e) => e.split(':').pop()).join(' → ')} @${r.sources.map((s) => s.line).join(',')}`).sort();
    assert.deepEqual(at('unguarded-access-from-internet'), ['internet → alertmanager @67', 'internet → grafana @78,80', 'internet → mlflow @35,33', 'internet → prometheus @50']);
    assert.deepEqual(at('missing-authentication'), ['internet → alertmanager @67', 'internet → grafana @78,80', 'internet → mlflow @35,33', 'internet → prometheus @50']);
    // The API's plaintext published port too (threats78d: a front door carries its users' session), accepted as T-14.
    assert.deepEqual(at('unencrypted-communication'), ['internet → api @19', 'internet → mlflow @35,33']);
    const raised = await runCli(['threats', '.'], copy);
    assert.match(raised.out, /0 risk\(s\) raised, 13 treated or accepted in the risk register\./);
    // With the register, `archipel check` stays clean of threats; without the register's answers, each is raised.
    const check = await runCli(['check', '.', '--format', 'json'], copy);
    assert.deepEqual((JSON.parse(check.out) as { code: string }[]).filter((d) => d.code.startsWith('threat-')), []);
  });

  it('a console behind its login, on the loopback or on a port that is not its console: no console risk', async () => {
    const { root: dir, remove } = makeTree({
      'compose.yaml': [
        'services:',
        '  grafana:',
        '    image: grafana/grafana:11.4.0',
        '    ports: ["3000:3000"]',
        '    environment:',
        '      GF_SECURITY_ADMIN_PASSWORD__FILE: /run/secrets/grafana',
        '  mlflow:',
        '    image: ghcr.io/mlflow/mlflow:v2.19.0',
        '    command: ["mlflow", "server", "--host", "0.0.0.0"]',
        '    ports: ["127.0.0.1:5001:5000"]',
        '  queue:',
        '    image: rabbitmq:3-management',
        '    ports: ["5672:5672"]',
        '',
      ].join('\n'),
    });
    trees.push(remove);
    const { out } = await runCli(['threats', '.', '--format', 'json'], dir);
    const risks = (JSON.parse(out) as { risks: Risk[] }).risks;
    assert.deepEqual(risks.filter((r) => r.rule === 'threat-missing-authentication').map((r) => r.title), []);
    assert.deepEqual(risks.filter((r) => r.elements.some((e) => e.endsWith(':mlflow'))).map((r) => r.title), []);
    // The queue's AMQP port is no console (no default credentials there), but its messages are reached in clear (issue #95, as Kafka's).
    assert.deepEqual(risks.filter((r) => r.elements.some((e) => e.endsWith(':queue'))).map((r) => r.rule).sort(), ['threat-unencrypted-communication', 'threat-unguarded-access-from-internet']);
  });
});
