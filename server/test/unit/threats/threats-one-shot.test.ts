// A one-shot component's possible calls from configuration it only shares (issue #95, held out: apache/airflow's
// `airflow-init`, quarkus-super-heroes' Liquibase Job) are no links of the threat model: before, each raised a plaintext and a
// missing-authentication risk as if the component called the API server, the Celery broker, Kafka and Apicurio.
// Reductions in fixtures/oss/one-shot (SOURCES.md there).
import assert from 'node:assert/strict';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { fixturesDir } from '../../helpers';
import { makeTree, readTree } from '../../tempdir';

interface Risk { rule: string; elements: string[] }

/** The risks of a fixture folder, run in a copy of it, as `rule a>b` by the elements' last names. */
async function risksOf(folder: string): Promise<string[]> {
  const tree = makeTree(readTree(path.join(fixturesDir, 'oss', 'one-shot', folder)));
  try {
    const { out } = await runCli(['threats', '.', '--format', 'json'], tree.root);
    return (JSON.parse(out) as { risks: Risk[] }).risks.map((r) => `${r.rule.slice('threat-'.length)} ${r.elements.map((e) => e.split(/[:/]/).pop()).join('>')}`).sort();
  } finally {
    tree.remove();
  }
}

describe('threats: no link on a one-shot component\'s shared-settings calls (issue #95)', function () {
  this.timeout(120_000);

  it("airflow-init: its database link's risk only; the scheduler's and the worker's links keep theirs", async () => {
    const risks = await risksOf('apache+airflow');
    assert.deepEqual(risks.filter((r) => r.includes('airflow-init')), ['unencrypted-communication airflow-init>postgres']);
    for (const risk of ['missing-authentication airflow-scheduler>airflow-apiserver', 'missing-authentication airflow-worker>redis', 'unencrypted-communication airflow-worker>airflow-apiserver']) assert.ok(risks.includes(risk), risk);
  });

  it("the Liquibase Job: no risk on Kafka or Apicurio; the Deployment's possible calls keep theirs", async () => {
    const risks = await risksOf('quarkusio+quarkus-super-heroes');
    assert.deepEqual(risks.filter((r) => r.includes('liquibase') && /fights-kafka|apicurio/.test(r)), []);
    assert.ok(risks.some((r) => /rest-fights>fights-kafka/.test(r)), risks.join('\n'));
  });
});
