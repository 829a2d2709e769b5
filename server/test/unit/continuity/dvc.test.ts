// Continuity (issue #97): DVC remotes as the backups of DVC-tracked data. `.dvc/config` is a side file (not indexed),
// read bounded and confined; its remotes reported apart (JSON `data`), a local-path remote a gap on its url's line,
// tracked data without a remote a `continuity-no-backup` gap on the `outs:`. One planted tree, one CLI run per format.
import assert from 'node:assert/strict';
import { runCli } from '../../cliRun';
import path from 'node:path';
import { fixturesDir } from '../../helpers';
import { copyTree, makeTree } from '../../tempdir';
import { dvcRemotes, isLocalRemote } from '../../../src/continuity/dvc';

const STAGE = 'stages:\n  train:\n    cmd: python train.py\n    deps: [data/raw]\n    outs:\n      - models/model.pkl\n';
const CONFIG = "[core]\n    remote = nas\n    autostage = true\n['remote \"nas\"']\n    url = /mnt/nas/dvc-store\n['remote \"cloud\"']\n    url = https://user:secret@dvc.example.com/store\n";

describe('continuity: DVC remotes as backups of data (#97)', function () {
  this.timeout(120_000);

  it('reads .dvc/config line by line: each url on its own line, the default remote, local paths against schemes', () => {
    assert.deepEqual(dvcRemotes(CONFIG), [
      { name: 'nas', url: '/mnt/nas/dvc-store', line: 5, local: true, isDefault: true },
      { name: 'cloud', url: 'https://dvc.example.com/store', line: 7, local: false, isDefault: false },
    ]);
    assert.deepEqual(dvcRemotes('[core]\nremote = x\n'), []);
    assert.deepEqual(['../store', '/srv/dvc', 'C:\\dvc', 'file:///srv/dvc', 's3://b/p', 'gs://b', 'azure://c/p', 'ssh://h/p', 'http://h', 'webdavs://h', 'hdfs://h/p'].map(isLocalRemote), [true, true, true, true, false, false, false, false, false, false, false]);
  });

  it('a local remote: not off-site, on its url line; tracked data with no remote: no backup, on its outs; in json, text and markdown', async () => {
    const tree = makeTree({ 'ml/dvc.yaml': STAGE, 'ml/.dvc/config': CONFIG, 'other/dvc.yaml': STAGE, 'other/params.yaml': 'lr: 1\n' });
    try {
      const json = await runCli(['continuity', '.', '--format', 'json'], tree.root);
      assert.equal(json.code, 1);
      const report = JSON.parse(json.out) as { gaps: { rule: string; component: string | null; file: string; line: number; message: string }[]; data: unknown[] };
      assert.deepEqual(report.gaps.map((g) => `${g.file}:${g.line} ${g.rule} ${g.component}`).sort(), ['ml/.dvc/config:5 continuity-backup-same-host dvc', 'other/dvc.yaml:5 continuity-no-backup dvc']);
      assert.equal(report.gaps.find((g) => g.rule === 'continuity-backup-same-host')!.message, 'The DVC remote nas is a local path (/mnt/nas/dvc-store): on the same host as the data, not off-site. Use an object store or another host (s3://, gs://, azure://, ssh://).');
      assert.deepEqual(report.data, [
        { kind: 'dvc-remote', file: 'ml/.dvc/config', line: 5, interval: null, remote: 'nas', url: '/mnt/nas/dvc-store', offSite: false },
        { kind: 'dvc-remote', file: 'ml/.dvc/config', line: 7, interval: null, remote: 'cloud', url: 'https://dvc.example.com/store', offSite: true },
      ]);
      assert.ok(!json.out.includes('secret'), 'a url never repeats its password');
      // other/'s search for a .dvc/config stops at the workspace: nothing above it is asked for (nor listed as refused).
      assert.ok(!json.out.includes('notRead') && !json.err.includes('outside'), `${json.out}\n${json.err}`);
      const text = await runCli(['continuity', '.'], tree.root);
      assert.ok(text.out.includes('ml/.dvc/config:5: continuity-backup-same-host: The DVC remote nas'), text.out);
      assert.ok(text.out.includes('ml/.dvc/config:7: data backup: dvc-remote cloud https://dvc.example.com/store (off-site)'), text.out);
      const markdown = await runCli(['continuity', '.', '--format', 'markdown'], tree.root);
      assert.ok(markdown.out.includes('## Data (DVC)\n\n- dvc-remote `nas` /mnt/nas/dvc-store — on the same host: not off-site — ml/.dvc/config:5\n'), markdown.out);
      assert.match(markdown.out, /- `continuity-no-backup` other\/dvc\.yaml:5 \(dvc\) — The data DVC tracks here has no remote/);
    } finally {
      tree.remove();
    }
  });

  it('in check (and the editor), where a continuity section asks: the local remote on the outs it backs up, its place in .dvc/config named', async () => {
    const tree = makeTree({ 'ml/dvc.yaml': STAGE, 'ml/.dvc/config': CONFIG, 'other/dvc.yaml': STAGE, 'archipel.yaml': 'continuity:\n  api:\n    rpo: 1h\n' });
    try {
      const check = await runCli(['check', '.', '--format', 'json'], tree.root);
      const found = (JSON.parse(check.out) as { file: string; range: { start: { line: number } }; code: string; message: string }[]).filter((d) => d.code.startsWith('continuity-'));
      assert.deepEqual(found.map((d) => `${d.file}:${d.range.start.line + 1} ${d.code}`).sort(), ['ml/dvc.yaml:5 continuity-backup-same-host', 'other/dvc.yaml:5 continuity-no-backup']);
      assert.match(found.find((d) => d.code === 'continuity-backup-same-host')!.message, /^The DVC remote nas is a local path \(\/mnt\/nas\/dvc-store\).* \(\.dvc\/config, line 5\)$/);
    } finally {
      tree.remove();
    }
  });

  it("iterative/example-get-started's shape (fixtures/dvc/get-started): its HTTP remote backs up its stages' outs off-site, no gap", async () => {
    const tree = copyTree(path.join(fixturesDir, 'dvc', 'get-started'));
    try {
      const json = await runCli(['continuity', '.', '--format', 'json'], tree.root);
      assert.equal(json.code, 0, json.out);
      assert.deepEqual(JSON.parse(json.out), { components: [], gaps: [], data: [{ kind: 'dvc-remote', file: '.dvc/config', line: 4, interval: null, remote: 'storage', url: 'https://remote.dvc.org/get-started', offSite: true }] });
    } finally {
      tree.remove();
    }
  });
});
