import { familyFiles } from '../../../src/families/index';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, unlinkSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { affectedFiles, gitChanges, neededSummaries } from '../../../src/platform/changed';
import { IndexCache } from '../../../src/platform/indexCache';
import { checkFiles, collectFiles, type FileResult } from '../../../src/platform/project';
import { kubernetesSummarizer } from '../../../src/kubernetes/model/summary';
import { defaultSettings, normalizeSettings } from '../../../src/settings';
import { indexOptions } from '../../../src/service';
import { wholeFiles, type FileSummarizer } from '../../../src/workspace/summaries';
import { allFeatures, repoRoot } from '../../helpers';

const load = createRequire(__filename);
const monorepo = load(path.join(repoRoot, 'bench', 'lib', 'monorepo.cjs')) as {
  generateMonorepo(dir: string, options: { files: number; adrs?: number }): unknown;
  appFolder(i: number): string;
  adrName(n: number): string;
  COMPONENTS: string[];
};

const settings = normalizeSettings({ ...defaultSettings });
const maxBytes = indexOptions(settings).maxBytes;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function lines(results: FileResult[]): string[] {
  return results.flatMap((r) => [r.error ? `${r.path}: unreadable` : '', ...r.diagnostics.map((d) => `${r.path}:${d.range.start.line}:${d.range.start.character} ${String(d.code)} ${d.message}`)]).filter(Boolean);
}

const workflow = `name: ci
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: ./.github/actions/setup
        with:
          level: high
`;
const action = (inputs: string) => `name: setup
description: Sets up
inputs:
${inputs}
runs:
  using: composite
  steps:
    - run: echo hi
      shell: bash
`;

/** A Service in its own file, selecting the pods of app 1's first component (another file). */
const crossService = `apiVersion: v1
kind: Service
metadata:
  name: cross
  namespace: ns-00001
spec:
  selector:
    app.kubernetes.io/name: app-00001-{COMPONENT}
  ports:
    - port: 80
      targetPort: http
`;

describe('archipel check --changed', function () {
  this.timeout(120000);
  let root: string;

  before(function () {
    root = mkdtempSync(path.join(os.tmpdir(), 'archipel-changed-'));
    monorepo.generateMonorepo(root, { files: 40, adrs: 6 });
    rmSync(path.join(root, '.git'), { recursive: true, force: true });
    const component = monorepo.COMPONENTS[0];
    writeFileSync(path.join(root, monorepo.appFolder(1), 'cross-service.yaml'), crossService.replace('{COMPONENT}', component));
    mkdirSync(path.join(root, '.github', 'workflows'), { recursive: true });
    mkdirSync(path.join(root, '.github', 'actions', 'setup'), { recursive: true });
    writeFileSync(path.join(root, '.github', 'workflows', 'ci.yml'), workflow);
    writeFileSync(path.join(root, '.github', 'actions', 'setup', 'action.yml'), action('  level:\n    description: how much'));
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'base');
    git(root, 'branch', 'base');
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  /** A full check against --changed, the latter with the index cache the base's check left when `cache` is given. */
  async function compare(summarizer: FileSummarizer, cache?: IndexCache): Promise<{ selected: string[]; changed: string[]; full: string[]; leftOut: number }> {
    const features = allFeatures();
    const { files } = await collectFiles([root], settings, familyFiles());
    const full = lines(await checkFiles(files, features, settings, [], summarizer));
    const changes = await gitChanges(root, 'base');
    let selected: string[] = [];
    const need = neededSummaries(changes, cache);
    let leftOut = 0;
    const changed = lines(
      await checkFiles(files, features, settings, [], summarizer, {
        cache,
        needed: need && ((scopes) => need(scopes) || (leftOut++, false)),
        select: (index, uris) => {
          const set = affectedFiles(index, uris, changes);
          selected = [...set].map((uri) => path.relative(root, new URL(uri).pathname)).sort();
          return set;
        },
      }),
    );
    const inSelection = full.filter((line) => selected.includes(path.relative(root, line.slice(0, line.indexOf(':', root.length + 1)))));
    assert.deepEqual(changed, inSelection);
    return { selected, changed, full, leftOut };
  }

  it('checks the changed files and those their cross-file findings depend on, with the findings of a full check', async function () {
    // The index cache of the base, for the run that indexes only the summaries it needs.
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'archipel-changed-cache-'));
    const features = allFeatures();
    const { files: baseFiles } = await collectFiles([root], settings, familyFiles());
    // Files written a moment ago are not kept (disk/kept.ts's racy guard: a rewrite within the clock's grain would go
    // unseen): the base's files dated an hour back, as a checkout made earlier would be.
    const hour = new Date(Date.now() - 3_600_000);
    for (const file of baseFiles) utimesSync(file, hour, hour);
    await checkFiles(baseFiles, features, settings, [], kubernetesSummarizer, { cache: IndexCache.open(root, 'summaries', maxBytes, cacheDir), select: () => new Set() });
    const app1 = monorepo.appFolder(1);
    const first = path.join(root, app1, `${monorepo.COMPONENTS[0]}.yaml`);
    // A Deployment's pod labels change: the Service of another file selects nothing any more.
    writeFileSync(first, readFileSync(first, 'utf8').replaceAll(`app.kubernetes.io/name: app-00001-${monorepo.COMPONENTS[0]}`, 'app.kubernetes.io/name: renamed'));
    // The ADR that ADR 2 supersedes is renamed: ADR 2's link breaks.
    renameSync(path.join(root, 'docs', 'adr', monorepo.adrName(1)), path.join(root, 'docs', 'adr', '0001-renamed-decision.md'));
    // The local action a workflow calls gets a required input the workflow does not give.
    writeFileSync(path.join(root, '.github', 'actions', 'setup', 'action.yml'), action('  level:\n    description: how much\n  token:\n    description: a token\n    required: true'));
    // A file is deleted (committed: the working tree and the commits since the base both count).
    unlinkSync(path.join(root, monorepo.appFolder(3), `${monorepo.COMPONENTS[2]}.yaml`));
    git(root, 'add', '-A', monorepo.appFolder(3));
    git(root, 'commit', '-q', '-m', 'delete');

    const runs: [FileSummarizer, IndexCache | undefined][] = [
      [wholeFiles, undefined],
      [kubernetesSummarizer, undefined],
      [kubernetesSummarizer, IndexCache.open(root, 'summaries', maxBytes, cacheDir)],
    ];
    for (const [summarizer, cache] of runs) {
      const { selected, changed, full, leftOut } = await compare(summarizer, cache);
      // With the cache, the summaries of other namespaces are not even indexed.
      assert.equal(leftOut > 0, cache !== undefined);
      const expect = [path.join(app1, 'cross-service.yaml'), path.join('docs', 'adr', monorepo.adrName(2)), path.join('.github', 'workflows', 'ci.yml'), path.join(monorepo.appFolder(3), `${monorepo.COMPONENTS[0]}.yaml`)];
      for (const file of expect) assert.ok(selected.includes(file), `${file} in ${selected.join(', ')}`);
      // Only what the change can reach: other apps' files are not checked.
      assert.ok(!selected.some((file) => file.startsWith(monorepo.appFolder(5))), selected.join(', '));
      // The findings outside the selection, if any, are the full check's: none was lost inside it.
      assert.ok(changed.length > 0 && changed.length <= full.length);
      // The cross-file findings the edits make are among them.
      assert.ok(changed.some((line) => line.includes('cross-service.yaml') && line.includes('k8s-service-no-match')), changed.join('\n'));
      assert.ok(changed.some((line) => line.includes(monorepo.adrName(2)) && line.includes('adr-broken-link')), changed.join('\n'));
      assert.ok(changed.some((line) => line.includes('ci.yml') && /required/i.test(line)), changed.join('\n'));
    }
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('defaults to HEAD~1 without a remote, and says so', async function () {
    assert.equal((await gitChanges(root)).base, 'HEAD~1');
  });
});
