import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { runCli as run } from '../../cliRun';
import { nygard } from '../../adr';
import { makeTree } from '../../tempdir';


/** Every file of a tree with its content, to prove what a command did not touch. */
function snapshot(root: string, dir = root): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) Object.assign(files, snapshot(root, full));
    else files[path.relative(root, full)] = readFileSync(full, 'utf8');
  }
  return files;
}

describe('archipel adr', () => {
  it('new, supersede, index: writes exactly the files concerned, then the folder checks clean of errors', async () => {
    const tree = makeTree({
      'docs/adr/0001-record-architecture-decisions.md': nygard(1, 'Record architecture decisions'),
      'docs/guide.md': '# Guide\n',
      'k8s/app.yaml': 'a: 1\n',
    });
    try {
      const before = snapshot(tree.root);
      const created = await run(['adr', 'new', 'Use', 'Argo', 'CD', '--date', '2025-03-01'], tree.root);
      assert.equal(created.code, 0, created.err);
      assert.equal(created.out, 'created docs/adr/0002-use-argo-cd.md\n');
      const after = snapshot(tree.root);
      assert.deepEqual(Object.keys(after).sort(), [...Object.keys(before), 'docs/adr/0002-use-argo-cd.md'].sort());
      for (const [file, text] of Object.entries(before)) assert.equal(after[file], text, `${file} changed`);
      assert.match(after['docs/adr/0002-use-argo-cd.md'], /^# 2\. Use Argo CD\n\nDate: 2025-03-01\n\n## Status\n\nProposed\n/);

      const madr = await run(['adr', 'new', '--format', 'madr', '--supersedes', '2', '--date', '2025-03-02', 'Use Flux'], tree.root);
      assert.equal(madr.out, 'created docs/adr/0003-use-flux.md\nupdated docs/adr/0002-use-argo-cd.md\n');
      assert.match(readFileSync(path.join(tree.root, 'docs/adr/0002-use-argo-cd.md'), 'utf8'), /## Status\n\nSuperseded by \[3\. Use Flux\]\(0003-use-flux\.md\)\n/);

      const superseded = await run(['adr', 'supersede', '1', 'docs/adr/0003-use-flux.md'], tree.root);
      assert.equal(superseded.out, 'updated docs/adr/0001-record-architecture-decisions.md\nupdated docs/adr/0003-use-flux.md\n');
      assert.match(readFileSync(path.join(tree.root, 'docs/adr/0003-use-flux.md'), 'utf8'), /Supersedes \[ADR-0002\]\(0002-use-argo-cd\.md\)\n\nSupersedes \[ADR-0001\]\(0001-record-architecture-decisions\.md\)\n/);
      assert.equal((await run(['adr', 'supersede', '1', '3'], tree.root)).out, 'nothing to change\n');

      assert.equal((await run(['adr', 'index'], tree.root)).out, 'created docs/adr/README.md\n');
      assert.match(readFileSync(path.join(tree.root, 'docs/adr/README.md'), 'utf8'), /\| 0001 \| \[Record architecture decisions\]\(0001-record-architecture-decisions\.md\) \| Superseded by \[0003\]\(0003-use-flux\.md\) \| 2024-01-15 \|/);

      const status = await run(['adr', 'status', '3', 'Deprecated'], tree.root);
      assert.equal(status.out, 'updated docs/adr/0003-use-flux.md\n');
      // The index now lags one status behind: a warning, not an error.
      const check = await run(['check', 'docs', '--format', 'json'], tree.root);
      const problems = JSON.parse(check.out) as { code: string; severity: string; file: string }[];
      assert.deepEqual(problems.filter((p) => p.severity === 'error'), []);
      assert.ok(problems.some((p) => p.code === 'adr-index-outdated' && p.file === 'docs/adr/README.md'));
      assert.equal((await run(['adr', 'index'], tree.root)).out, 'updated docs/adr/README.md\n');
      assert.equal(snapshot(tree.root)['docs/guide.md'], '# Guide\n');
      assert.equal(snapshot(tree.root)['k8s/app.yaml'], 'a: 1\n');
    } finally {
      tree.remove();
    }
  });

  it('starts docs/adr when the project has no ADR folder; --dir chooses another', async () => {
    const tree = makeTree({ 'README.md': '# Project\n' });
    try {
      assert.equal((await run(['adr', 'new', 'First', '--date', '2025-01-01'], tree.root)).out, 'created docs/adr/0001-first.md\n');
      assert.equal((await run(['adr', 'new', 'Other', '--dir', 'architecture/records', '--format', 'madr'], tree.root)).out, 'created architecture/records/0001-other.md\n');
      assert.match(readFileSync(path.join(tree.root, 'architecture/records/0001-other.md'), 'utf8'), /^---\nstatus: proposed\n/);
      assert.equal((await run(['adr', 'new', 'Second', '--dir', 'architecture/records'], tree.root)).out, 'created architecture/records/0002-second.md\n');
      assert.equal((await run(['adr', 'new', 'Third', '--dir', 'doc/adr'], tree.root)).out, 'created doc/adr/0001-third.md\n');
      // Two folders now: a number alone is ambiguous.
      const ambiguous = await run(['adr', 'supersede', '1', '2'], tree.root);
      assert.equal(ambiguous.code, 2);
      assert.match(ambiguous.err, /2 ADR folders: choose one with --dir/);
    } finally {
      tree.remove();
    }
  });

  it('check of one ADR sees its repository: references and links resolve, only that file is reported', async () => {
    const tree = makeTree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'docs/adr/0001-a.md': nygard(1, 'A'),
      'docs/adr/0002-b.md': nygard(2, 'B', 'Accepted', '\nBuilds on ADR-0001 and the [app](../../k8s/app.yaml).\n'),
      'docs/adr/0003-c.md': nygard(3, 'C', 'Acepted'),
      'k8s/app.yaml': 'a: 1\n',
    });
    try {
      const one = await run(['check', '--format', 'json', '../docs/adr/0002-b.md'], path.join(tree.root, 'k8s'));
      assert.equal(one.code, 0);
      assert.deepEqual(JSON.parse(one.out), []);
      const folder = await run(['check', '--format', 'json', 'adr'], path.join(tree.root, 'docs'));
      assert.deepEqual((JSON.parse(folder.out) as { file: string; code: string }[]).map((p) => [p.file, p.code]), [['adr/0003-c.md', 'adr-status']]);
    } finally {
      tree.remove();
    }
  });

  it('usage errors exit 2, impossible requests exit 1', async () => {
    const tree = makeTree({ 'docs/adr/0001-a.md': nygard(1, 'A') });
    try {
      assert.equal((await run(['adr'], tree.root)).code, 2);
      assert.equal((await run(['adr', 'frobnicate'], tree.root)).code, 2);
      assert.equal((await run(['adr', 'new'], tree.root)).code, 2);
      assert.equal((await run(['adr', 'new', 'X', '--format', 'word'], tree.root)).code, 2);
      assert.equal((await run(['adr', 'new', 'X', '--date', '01/02/2025'], tree.root)).code, 2);
      assert.equal((await run(['adr', 'supersede', '1', '7'], tree.root)).code, 2);
      const self = await run(['adr', 'supersede', '1', '1'], tree.root);
      assert.equal(self.code, 1);
      assert.match(self.err, /cannot supersede itself/);
    } finally {
      tree.remove();
    }
  });
});
