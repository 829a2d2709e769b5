// A serverless service Terraform places in no network of the repository's (issue #95): GoogleCloudPlatform's
// terraform-google-three-tier-web-app (Apache-2.0, fixtures/oss/system/SOURCES.md) runs its front end and API on Cloud
// Run, both invoked by `allUsers`. They sit on Google Cloud's managed platform, a network boundary of its own: the
// Internet reaching them crosses one, so the web application firewall each lacks is a risk (missing-waf); the Redis and
// Cloud SQL in the VPC stay in theirs.
import assert from 'node:assert/strict';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { fixturesDir } from '../../helpers';
import { makeTree } from '../../tempdir';

interface Risk { rule: string; elements: string[] }

describe('threats: a Cloud Run service on its provider\'s managed platform (issue #95)', function () {
  this.timeout(300_000);
  const fixture = path.join(fixturesDir, 'oss', 'system', 'GoogleCloudPlatform+terraform-google-three-tier-web-app');

  it('the two public Cloud Run services get missing-waf; the boundary is said in the model', async () => {
    const { out } = await runCli(['threats', '.', '--format', 'json'], fixture);
    const waf = (JSON.parse(out) as { risks: Risk[] }).risks.filter((r) => r.rule === 'threat-missing-waf').map((r) => r.elements.map((e) => e.split(':').pop()).join(',')).sort();
    assert.equal(waf.length, 2, waf.join('; '));
    assert.ok(waf.some((w) => w.includes('three-tier-app-fe')) && waf.some((w) => w.includes('three-tier-app-api')), waf.join('; '));
    const model = await runCli(['threats', '.', '--format', 'threagile'], fixture);
    assert.match(model.out, /Google Cloud's managed platform/);
  });

  it('a Cloud Run service no one outside may invoke gets none', async () => {
    const { root, remove } = makeTree({
      'main.tf': 'resource "google_cloud_run_v2_service" "api" {\n  name     = "api"\n  location = "europe-west1"\n  template {\n    containers {\n      image = "europe-docker.pkg.dev/p/r/api:1"\n    }\n  }\n}\n',
    });
    try {
      const { out } = await runCli(['threats', '.', '--format', 'json'], root);
      assert.deepEqual((JSON.parse(out) as { risks: Risk[] }).risks.filter((r) => r.rule === 'threat-missing-waf'), []);
    } finally {
      remove();
    }
  });
});
