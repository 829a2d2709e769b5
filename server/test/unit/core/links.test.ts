// Links, once, everywhere (issue #67 item 6): one confined-path helper (disk/containment.ts
// confinedPath) says where a workspace path leads — a link followed while it stays inside, refused,
// and named, when it leads outside — and every reader that meets a committed link answers through it:
// `exp run` refuses a linked `.archipel/experiments` (exit 2), a linked params file is "a link leading
// outside the workspace, not read", and Terraform's file() paths and module sources tell nothing of
// what exists outside. The same answer whether the link's target exists or not: no existence oracle.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { confinedPath, confinedPathMessage } from '../../../src/disk/containment';
import { runCli } from '../../cliRun';
import { gitEnv } from '../../experiments';
import { makeTree } from '../../tempdir';

/** A workspace and a folder beside it (outside), removed together. */
function besideOutside(files: Record<string, string>, outside: Record<string, string> = {}): { root: string; outside: string; remove: () => void } {
  const tree = makeTree({});
  const root = path.join(tree.root, 'ws');
  const beside = path.join(tree.root, 'outside');
  for (const [folder, content] of [[root, files], [beside, outside]] as const) {
    mkdirSync(folder, { recursive: true });
    for (const [name, text] of Object.entries(content)) {
      mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
      writeFileSync(path.join(folder, name), text);
    }
  }
  return { root, outside: beside, remove: tree.remove };
}

/** `archipel check --format json .` in `root`: each problem as `file code message`. */
async function checked(root: string): Promise<string[]> {
  const { out, code } = await runCli(['check', '--format', 'json', '.'], root);
  assert.ok(code === 0 || code === 1, out);
  return (JSON.parse(out) as { file: string; code: string; message: string }[]).map((p) => `${p.file} ${p.code} ${p.message}`);
}

describe('links, once, everywhere (issue #67: disk/containment.ts confinedPath)', function () {
  this.timeout(120_000);

  it('walks a path with lstat: a link staying inside is followed, one leading outside is refused and named, present or absent target alike', () => {
    const { root, outside, remove } = besideOutside({ 'conf/real.yaml': 'a: 1\n' }, { 'present.yaml': 'secret\n' });
    try {
      symlinkSync('conf', path.join(root, 'inside'));
      symlinkSync(path.join(outside, 'present.yaml'), path.join(root, 'present.yaml'));
      symlinkSync(path.join(outside, 'absent.yaml'), path.join(root, 'absent.yaml'));
      symlinkSync('../outside', path.join(root, 'etc'));
      // A chain: inside, then out.
      symlinkSync('etc', path.join(root, 'chain'));
      const where = (p: string) => confinedPath(path.join(root, p), [root]);
      assert.deepEqual(where('inside/real.yaml'), { path: path.join(root, 'conf', 'real.yaml') });
      assert.deepEqual(where('new/folder/file.yaml'), { path: path.join(root, 'new', 'folder', 'file.yaml') }, 'a path not there yet: inside');
      assert.deepEqual(where('present.yaml'), { refused: 'link', link: path.join(root, 'present.yaml'), to: path.join(outside, 'present.yaml') });
      assert.deepEqual(where('absent.yaml'), { refused: 'link', link: path.join(root, 'absent.yaml'), to: path.join(outside, 'absent.yaml') });
      assert.deepEqual(where('etc/present.yaml'), { refused: 'link', link: path.join(root, 'etc'), to: '../outside' });
      assert.deepEqual(where('etc/absent.yaml'), { refused: 'link', link: path.join(root, 'etc'), to: '../outside' });
      assert.deepEqual(where('chain/x'), { refused: 'link', link: path.join(root, 'chain'), to: 'etc' });
      assert.deepEqual(confinedPath(path.join(root, '..', 'outside', 'present.yaml'), [root]), { refused: 'outside' });
      const refusal = where('etc/absent.yaml');
      assert.ok('refused' in refusal);
      assert.equal(confinedPathMessage(refusal, path.join(root, 'etc/absent.yaml'), 'written'), `${path.join(root, 'etc')} is a link leading outside the workspace (to ../outside): not written`);
    } finally {
      remove();
    }
  });

  it('exp run: a committed .archipel/experiments link is refused with a message naming it, exit 2, and nothing is created through it', async () => {
    const { root, outside, remove } = besideOutside({ 'dvc.yaml': 'stages:\n  train:\n    cmd: echo hi > out.txt\n    params: [train.lr]\n    outs: [out.txt]\n', 'params.yaml': 'train:\n  lr: 0.1\n' });
    try {
      mkdirSync(path.join(root, '.archipel'));
      symlinkSync(outside, path.join(root, '.archipel', 'experiments'));
      const git = (...args: string[]) => execFileSync('git', ['-C', root, ...args], { env: { ...process.env, ...gitEnv() } });
      git('init', '-q', '-b', 'main');
      git('add', '-A');
      git('commit', '-q', '-m', 'baseline');
      const run = await runCli(['exp', 'run', '-S', 'train.lr=0.2'], root);
      assert.equal(run.code, 2, run.err);
      assert.match(run.err, new RegExp(`cannot run the experiment: ${path.join(root, '.archipel', 'experiments').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is a symbolic link \\(to .*outside\\): Archipel does not write its state through links; remove it; nothing was queued or run\\.`));
      assert.doesNotMatch(run.err, /internal error/);
      assert.deepEqual(readdirSync(outside), []);
    } finally {
      remove();
    }
  });

  it('a params file that is a link leading outside the workspace: "a link leading outside the workspace, not read", whether its target exists or not', async () => {
    const pipeline = 'stages:\n  train:\n    cmd: python train.py\n    deps: [train.py]\n    params: [train.lr]\n';
    const { root, outside, remove } = besideOutside({ 'dvc.yaml': pipeline, 'train.py': '' }, { 'params.yaml': 'train:\n  lr: 0.1\n' });
    try {
      const answers: string[][] = [];
      for (const target of [path.join(outside, 'params.yaml'), path.join(outside, 'absent.yaml')]) {
        symlinkSync(target, path.join(root, 'params.yaml'));
        answers.push((await checked(root)).map((line) => line.replace(target, 'TARGET')));
        execFileSync('rm', [path.join(root, 'params.yaml')]);
      }
      assert.deepEqual(answers[0], [`dvc.yaml pipeline-params ${path.join(root, 'params.yaml')} is a link leading outside the workspace (to TARGET): not read`]);
      assert.deepEqual(answers[1], answers[0]);
    } finally {
      remove();
    }
  });

  it("Terraform: file() through a link leading outside tells nothing of what exists there; a module source outside the workspace says so", async () => {
    const main = [
      'terraform {',
      '  required_version = ">= 1.5"',
      '}',
      'module "net" {',
      '  source = "../outside/net"',
      '}',
      'output "files" {',
      '  value = [file("${path.module}/etcl/present"), file("${path.module}/etcl/absent"), file("${path.module}/nothere")]',
      '}',
      '',
    ].join('\n');
    const { root, remove } = besideOutside({ 'main.tf': main }, { present: 'secret\n', 'net/main.tf': 'variable "x" {}\n' });
    try {
      symlinkSync('../outside', path.join(root, 'etcl'));
      const problems = await checked(root);
      assert.deepEqual(problems.filter((p) => !p.includes('terraform-unused')), [
        'main.tf terraform-module-source The module source "../outside/net" is outside the workspace: Archipel does not read it (terraform would).',
        "main.tf terraform-missing-path No file nothere in the module's folder: file() fails at plan time unless a build step creates it first.",
      ]);
    } finally {
      remove();
    }
  });
});
