// Threagile's rules of issue #78 on the model derived from real deploy files: the two the files decide
// (missing-waf, unchecked-deployment) on the lines that cause them, and none of the twelve adding noise on
// the five public repositories of the issue (GoogleCloudPlatform's microservices-demo and bank-of-anthos,
// open-telemetry's demo, instana's robot-shop, Weaveworks' Sock Shop: server/test/fixtures/oss/system, see
// its SOURCES.md); each rule with a mitigation of its own for the report.
import assert from 'node:assert/strict';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { fixturesDir, repoRoot } from '../../helpers';
import { mitigationOf } from '../../../src/threats/report';
import { riskCategories } from '../../../src/threats/threagile/rules';

const ADDED = ['missing-waf', 'missing-hardening', 'unchecked-deployment', 'missing-build-infrastructure', 'mixed-targets-on-shared-runtime', 'unnecessary-communication-link', 'unnecessary-data-transfer', 'dos-risky-access-across-trust-boundary', 'missing-identity-provider-isolation', 'missing-identity-store', 'wrong-trust-boundary-content', 'untrusted-deserialization'];

interface Risk {
  rule: string;
  id: string;
  sources: { file: string; line: number }[];
}

async function added(folder: string, cwd: string): Promise<string[]> {
  const { out } = await runCli(['threats', folder, '--format', 'json'], cwd);
  const prefix = `${path.relative(repoRoot, cwd).split(path.sep).join('/')}/`;
  return (JSON.parse(out) as { risks: Risk[] }).risks
    .filter((r) => ADDED.includes(r.rule.slice('threat-'.length)))
    .map((r) => `${r.rule} ${r.sources.map((s) => `${s.file.slice(prefix.length)}:${s.line}`).join(',')}`)
    .sort();
}

describe("threats: Threagile's rules of issue #78 on real deploy files", function () {
  this.timeout(300_000);
  const system = path.join(fixturesDir, 'oss', 'system');

  it('the twelve are registered, each with its mitigation', () => {
    for (const id of ADDED) {
      assert.ok(riskCategories.some((c) => c.id === id), id);
      assert.ok(!mitigationOf(id).startsWith("See Threagile's rule"), id);
    }
    assert.match(mitigationOf('missing-waf'), /^Put a web application firewall in front/);
  });

  it("Sock Shop: its edge router's published port and its front-end's NodePort, no WAF in front", async () => {
    assert.deepEqual(await added('microservices-demo+microservices-demo', system), [
      'threat-missing-waf microservices-demo+microservices-demo/deploy/docker-compose/docker-compose.yml:14',
      'threat-missing-waf microservices-demo+microservices-demo/deploy/kubernetes/complete-demo.yaml:313',
    ]);
  });

  it('the four other repositories: none of the twelve (no noise)', async () => {
    for (const repository of ['GoogleCloudPlatform+microservices-demo', 'GoogleCloudPlatform+bank-of-anthos', 'open-telemetry+opentelemetry-demo', 'instana+robot-shop']) {
      assert.deepEqual(await added(repository, system), [], repository);
    }
  });

  it('our stack: the published web and the workflow that deploys; its hardened twin none', async () => {
    const threats = path.join(fixturesDir, 'threats');
    assert.deepEqual(await added('insecure', threats), ['threat-missing-waf insecure/compose.yaml:5', 'threat-unchecked-deployment insecure/.github/workflows/deploy.yml:8']);
    assert.deepEqual(await added('hardened', threats), []);
  });
});
