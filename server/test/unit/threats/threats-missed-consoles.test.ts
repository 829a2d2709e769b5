// Consoles the judges of held-out systems found and Archipel did not raise (issue #95): eShopOnDapr's MailDev inbox,
// Zipkin UI and Envoy admin listener (its envoy.yaml copied by the Dockerfile as a template that a start script renders),
// skywalking-showcase's Flink web UI, RocketMQ and Grafana (its image a Makefile variable, known by its GF_ settings),
// each beside what keeps it from being one (a port not the console's, a login set, the admin port unpublished).
import assert from 'node:assert/strict';
import path from 'node:path';
import { consoleFacts, consoleOf, consoleProducts } from '../../../src/threats/consoles';
import { scriptConfig } from '../../../src/threats/envoyAdmin';
import { runCli } from '../../cliRun';
import { fixturesDir } from '../../helpers';
import { readTree, suiteTrees } from '../../tempdir';

interface Risk { rule: string; elements: string[]; sources: { file: string; line: number }[] }
interface Console { component: string; product: string; reason: string; entries: string[]; sources: { file: string; line: number }[] }

const EXPOSURES = path.join(fixturesDir, 'oss', 'exposures');
const ESHOP = readTree(path.join(EXPOSURES, 'dotnet-architecture+eShopOnDapr'));
const SHOWCASE = readTree(path.join(EXPOSURES, 'apache+skywalking-showcase'));
const product = (name: string) => consoleProducts.find((p) => p.name === name)!;

describe('threats: consoles missed on held-out systems (issue #95)', function () {
  this.timeout(300_000);
  const tree = suiteTrees();
  const risksOf = async (root: string): Promise<Risk[]> => (JSON.parse((await runCli(['threats', '.', '--format', 'json'], root)).out) as { risks: Risk[] }).risks;
  const consolesOf = async (root: string): Promise<string[]> =>
    (JSON.parse((await runCli(['threats', '.', '--format', 'model'], root)).out) as { consoles: Console[] }).consoles.map((c) => `${c.component.split(':').pop()} ${c.product} ${c.reason} ${c.sources.map((s) => `${s.file}:${s.line}`).join(',')}`).sort();
  const at = (r: Risk) => `${r.rule.replace('threat-', '')} ${r.elements.at(-1)!.split(':').pop()} ${r.sources.map((s) => `${s.file}:${s.line}`).join(',')}`;

  it('the table: Zipkin, MailDev, MailHog, Flink, RocketMQ by image; Grafana by its settings; the OSS Elasticsearch and Kibana without security', () => {
    assert.equal(consoleOf({ image: 'openzipkin/zipkin-slim:latest' })?.name, 'Zipkin UI');
    assert.equal(consoleOf({ image: 'maildev/maildev:2.0.5' })?.name, 'MailDev');
    assert.equal(consoleOf({ image: 'mailhog/mailhog' })?.name, 'MailHog');
    assert.equal(consoleOf({ image: 'flink:2.0-preview1' })?.name, 'Flink web UI');
    assert.equal(consoleOf({ image: 'apache/rocketmq:4.9.4' })?.name, 'RocketMQ');
    assert.equal(consoleOf({ image: '${GRAFANA_IMAGE}' }, ['    environment:', '      - GF_INSTALL_PLUGINS=apache-skywalking-datasource ${V}'])?.name, 'Grafana');
    assert.equal(consoleOf({ image: '${GRAFANA_IMAGE}' }, ['    environment:', '      # - GF_INSTALL_PLUGINS=x']), undefined);
    assert.equal(consoleOf({ image: 'busybox' }, ['      - FOO_GF_SECURITY=1']), undefined);
    // Their logins when set: MailDev's web password, MailHog's auth file, Flink's REST mutual TLS, RocketMQ's ACL.
    assert.deepEqual([consoleFacts(product('MailDev'), ['      - MAILDEV_WEB_USER=admin', '      - MAILDEV_WEB_PASS=s3cr3t']).unauthenticated, consoleFacts(product('MailDev'), ['    image: maildev/maildev']).reason], [false, 'no authentication by default']);
    assert.equal(consoleFacts(product('MailHog'), ['    command: ["-auth-file=/etc/mailhog/users"]']).unauthenticated, false);
    assert.equal(consoleFacts(product('Flink web UI'), ['        security.ssl.rest.authentication-enabled: true']).unauthenticated, false);
    assert.equal(consoleFacts(product('RocketMQ'), ['aclEnable=true']).unauthenticated, false);
    // The OSS distributions have no security at all; the default distribution 8.x asks for a login.
    const oss = consoleFacts(product('Elasticsearch'), ['  elasticsearch:', '    image: docker.elastic.co/elasticsearch/elasticsearch-oss:7.10.2']);
    assert.deepEqual([oss.unauthenticated, oss.reason, oss.lines], [true, 'anonymous access', [1]]);
    assert.equal(consoleFacts(product('Elasticsearch'), ['    image: docker.elastic.co/elasticsearch/elasticsearch:8.15.0']).unauthenticated, false);
    assert.equal(consoleFacts(product('Kibana'), ['    image: "docker.elastic.co/kibana/kibana-oss:7.10.2"']).unauthenticated, true);
    assert.equal(consoleOf({ image: 'docker.elastic.co/kibana/kibana-oss:7.10.2' })?.name, 'Kibana');
  });

  it("eShopOnDapr: MailDev's inbox and Zipkin's UI published are consoles with no login; MailDev's SMTP port is not its console", async () => {
    const root = tree(ESHOP);
    const consoles = await consolesOf(root);
    assert.ok(consoles.includes('maildev MailDev no authentication by default '), consoles.join('\n'));
    assert.ok(consoles.includes('zipkin Zipkin UI no authentication by default '), consoles.join('\n'));
    assert.ok(ESHOP['docker-compose.override.yml'].includes('      - "5500:1080"\n') && ESHOP['docker-compose.override.yml'].includes('      - "15202:8001"\n'));
    const open = (await risksOf(root)).filter((r) => r.rule === 'threat-missing-authentication' && r.elements[0] === 'internet').map(at).sort();
    // 5500:1080 (the inbox, line 12) and 5411:9411 (line 21); MailDev's 1025 (SMTP, line 13) is no console's way in.
    assert.ok(open.includes('missing-authentication maildev docker-compose.override.yml:12'), open.join('\n'));
    assert.ok(!open.includes('missing-authentication maildev docker-compose.override.yml:13'), open.join('\n'));
    assert.ok(open.includes('missing-authentication zipkin docker-compose.override.yml:21'), open.join('\n'));
    // Only its SMTP port published: no console.
    const smtp = tree({ ...ESHOP, 'docker-compose.override.yml': ESHOP['docker-compose.override.yml'].replace('      - "5500:1080"\n', '') });
    assert.ok(!(await consolesOf(smtp)).some((c) => c.startsWith('maildev ')));
  });

  it("eShopOnDapr: Envoy's admin listener in the envoy.yaml its Dockerfile copies as a template (the build's context the repository root), published as 15202", async () => {
    assert.deepEqual(scriptConfig(ESHOP['src/ApiGateways/Envoy/docker-entrypoint.sh']), { path: '/etc/envoy.yaml', template: '/tmpl/envoy.yaml.tmpl' });
    assert.deepEqual(scriptConfig('#!/bin/sh\nenvsubst < /tmpl/e.yaml > /etc/e.yaml\nexec /usr/local/bin/envoy --config-path /etc/e.yaml\n'), { path: '/etc/e.yaml', template: '/tmpl/e.yaml' });
    assert.deepEqual(scriptConfig('#!/bin/sh\nexec envoy -c /etc/envoy/envoy.yaml\n'), { path: '/etc/envoy/envoy.yaml' });
    assert.deepEqual(scriptConfig('#!/bin/sh\nexec nginx -g "daemon off;"\n'), {});
    const root = tree(ESHOP);
    assert.ok((await consolesOf(root)).includes('webshoppingapigw Envoy admin no authentication by default src/ApiGateways/Envoy/envoy.yaml:6'));
    const admin = (await risksOf(root)).filter((r) => /missing-authentication|unguarded-access/.test(r.rule) && r.elements.at(-1)!.endsWith(':webshoppingapigw')).map(at).sort();
    assert.deepEqual(admin, ['missing-authentication webshoppingapigw docker-compose.override.yml:31,src/ApiGateways/Envoy/envoy.yaml:6', 'unguarded-access-from-internet webshoppingapigw docker-compose.override.yml:31,src/ApiGateways/Envoy/envoy.yaml:6']);
    // The admin port unpublished, or written as a variable the script substitutes: no console.
    const unpublished = tree({ ...ESHOP, 'docker-compose.override.yml': ESHOP['docker-compose.override.yml'].replace('      - "15202:8001"\n', '') });
    assert.ok(!(await consolesOf(unpublished)).some((c) => c.startsWith('webshoppingapigw ')));
    const variable = tree({ ...ESHOP, 'src/ApiGateways/Envoy/envoy.yaml': ESHOP['src/ApiGateways/Envoy/envoy.yaml'].replace('port_value: 8001', 'port_value: ${ENVOY_ADMIN_PORT}') });
    assert.ok(!(await consolesOf(variable)).some((c) => c.startsWith('webshoppingapigw ')));
  });

  it("skywalking-showcase: Flink's JobManager UI, RocketMQ's name server and broker, Grafana with admin/admin, all published", async () => {
    const root = tree(SHOWCASE);
    assert.deepEqual(await consolesOf(root), [
      'grafana Grafana default credentials ',
      'jobmanager Flink web UI no authentication by default ',
      'rocketmq-broker-1 RocketMQ no authentication by default ',
      'rocketmq-namesrv-1 RocketMQ no authentication by default ',
    ]);
    const risks = (await risksOf(root)).filter((r) => /missing-authentication|default-credentials/.test(r.rule)).map(at).sort();
    const FLINK = 'deploy/platform/docker/docker-compose.flink-monitor.yaml';
    assert.ok(risks.includes('default-credentials grafana deploy/platform/docker/docker-compose.grafana.yaml:32'), risks.join('\n'));
    assert.ok(risks.includes(`missing-authentication jobmanager ${FLINK}:28`), risks.join('\n'));
    assert.ok(risks.includes('missing-authentication rocketmq-namesrv-1 deploy/platform/docker/docker-compose.rocketmq-monitor.yaml:23'), risks.join('\n'));
    // The TaskManager runs the same image but publishes only its metrics port: not the console's.
    assert.ok(!risks.some((r) => r.includes(' taskmanager ')), risks.join('\n'));
    // Grafana given an admin password: no default credentials.
    const grafana = SHOWCASE['deploy/platform/docker/docker-compose.grafana.yaml'].replace('      - GF_INSTALL_PLUGINS', '      - GF_SECURITY_ADMIN_PASSWORD__FILE=/run/secrets/grafana\n      - GF_INSTALL_PLUGINS');
    const set = tree({ ...SHOWCASE, 'deploy/platform/docker/docker-compose.grafana.yaml': grafana });
    assert.ok(!(await risksOf(set)).some((r) => r.rule === 'threat-default-credentials'));
  });
});
