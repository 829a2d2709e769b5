// archipel threats on a big monorepo, bounded (issue #78): the benchmark's generated GitOps monorepo
// (bench/lib/monorepo.cjs) at a reduced size, 2,000 services. Before, the command kept every file whole whatever the
// repository's size (the 100,000-file tree ran out of memory after 9.6 min with no output); it now reads as
// archipel check does — summaries past the index's bound (ARCHIPEL_SUMMARY_THRESHOLD here, 5,000 files by default) —
// where no map is made (nothing the threats read is kept), and says so. The full-size measurement is docs/benchmarks.md's.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { monorepo } from '../../monorepo';

describe('threats: a monorepo of 2,000 services, bounded (issue #78)', function () {
  this.timeout(600_000);
  let dir = '';
  before(() => {
    dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'archipel-threats-mono-')), 'repo');
    assert.deepEqual(monorepo.generateMonorepo(dir, { files: 2000 }), { dir, apps: 400, manifests: 2000, adrs: 200, files: 2200, objects: 10000 });
  });
  after(() => rmSync(path.dirname(dir), { recursive: true, force: true }));

  it('whole files under the bound: its model, and no risk for a system of plain ClusterIP services holding no secret', async () => {
    const { code, out, err } = await runCli(['threats', '.'], dir);
    assert.equal(code, 0);
    assert.equal(err, '');
    assert.deepEqual(out.trim().split('\n'), [
      '401 trust boundaries, 0 entry points, 1600 links, 0 data stores, 0 attack paths.',
      // No missing-vault: no link carries credentials, no secret is written (issue #95, analysis.ts holdsNoSecret).
      '0 risk(s) raised, 0 treated or accepted in the risk register.',
    ]);
  });

  it('past the bound: summaries as archipel check reads them, no map made, an answer that says so', async () => {
    const saved = process.env.ARCHIPEL_SUMMARY_THRESHOLD;
    process.env.ARCHIPEL_SUMMARY_THRESHOLD = '1000';
    try {
      const { code, out, err } = await runCli(['threats', '.', '--format', 'json'], dir);
      assert.equal(code, 0);
      assert.equal(err, "2200 files: past the index's bound no address, image, environment or annotation is kept (as archipel check), so the system map is not made: a summarised answer (the entry points the Kubernetes summaries keep, their plaintext front doors per namespace); run archipel threats on a part of the repository (a folder) for the whole model.\n");
      // The generated services are ClusterIP: no entry point, no risk (threats-summarised.test.ts has front doors).
      assert.deepEqual(JSON.parse(out), { summarised: { files: 2200, reason: "past the index's bound (2200 files): the system map is not made; the entry points the Kubernetes summaries keep and their plaintext front doors" }, risks: [], entries: [], namespaces: [] });
    } finally {
      if (saved === undefined) delete process.env.ARCHIPEL_SUMMARY_THRESHOLD;
      else process.env.ARCHIPEL_SUMMARY_THRESHOLD = saved;
    }
  });
});
