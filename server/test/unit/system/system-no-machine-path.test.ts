// No machine path in any output (issue #92): every command the CLI reads a repository with, in every format, run on a
// copy of examples/portfolio made a git repository at a temporary path (commits by -c user.*, no user's configuration),
// from its top and from a sub-folder: the temporary path appears nowhere in what it prints (stdout and stderr), and the
// system map's ids are the same from both folders (relative to the repository, not to the current folder).
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from '../../cliRun';
import { repoRoot } from '../../helpers';
import { scratchRepository } from '../archdiff/scratchRepository';

/** Every command that reads the repository, each of its formats (`archipel --help`). */
const commands: string[][] = [
  ...['text', 'json', 'sarif'].map((f) => ['check', '--format', f]),
  ...['k8s', 'adr', 'workflow', 'compose', 'terraform'].flatMap((kind) => ['mermaid', 'markdown', 'json'].map((f) => ['diagram', kind, '--format', f])),
  ['diagram', 'system', '--format', 'json'],
  ...['containers', 'context', 'deployment', 'delivery'].flatMap((view) => ['mermaid', 'markdown', 'json', 'structurizr', 'plantuml', 'svg'].map((f) => ['diagram', 'system', '--view', view, '--format', f])),
  ...['text', 'json', 'markdown', 'sarif'].map((f) => ['diff', '--base', 'HEAD~1', '--format', f]),
  ...['text', 'json', 'markdown', 'html', 'sarif', 'threagile', 'model'].map((f) => ['threats', '--format', f]),
  ...['text', 'json', 'markdown', 'csv'].map((f) => ['cost', '--format', f]),
  ...['text', 'json', 'ropa-md', 'ropa-csv', 'ropa-json'].map((f) => ['privacy', '--format', f]),
  ...['text', 'markdown', 'json'].map((f) => ['slo', 'report', 'monitoring/slo/stock-predictor.slo.yml', '--format', f]),
  ['slo', 'generate', 'monitoring/slo/stock-predictor.slo.yml'],
  ['slo', 'dashboard', 'monitoring/slo/stock-predictor.slo.yml'],
  ...['text', 'json'].map((f) => ['status', '--format', f]),
  ...['mermaid', 'json'].map((f) => ['dag', '--format', f]),
  ['helm', 'template', 'charts/stock-predictor'],
  ['export', 'github'],
];

describe('No machine path in any command output (issue #92)', function () {
  // About a hundred runs of the CLI on the example, on a loaded machine.
  this.timeout(900_000);
  const repository = scratchRepository('archipel-no-path-', (repo) => {
    cpSync(path.join(repoRoot, 'examples', 'portfolio'), repo.dir, { recursive: true });
    repo.git('add', '-A');
    repo.git('-c', 'user.name=Test', '-c', 'user.email=test@example.com', 'commit', '-q', '-m', 'the example');
    // A change for `diff --base HEAD~1` to say: a service added to the Compose file.
    const compose = path.join(repo.dir, 'docker-compose.yml');
    writeFileSync(compose, readFileSync(compose, 'utf8').replace(/^services:\n/m, 'services:\n  worker:\n    image: ghcr.io/archipel-demo/stock-predictor:0.1.0\n    environment:\n      MLFLOW_TRACKING_URI: http://mlflow:5001\n'));
    repo.git('-c', 'user.name=Test', '-c', 'user.email=test@example.com', 'commit', '-q', '-am', 'a worker');
  });

  const leaks = (text: string): string[] => {
    const needles = [repository.dir, pathToFileURL(repository.dir).href];
    return text.split('\n').filter((line) => needles.some((needle) => line.includes(needle)));
  };

  for (const args of commands) {
    it(`archipel ${args.join(' ')}`, async () => {
      const run = await runCli(args, repository.dir);
      assert.ok(run.out.length + run.err.length > 0, 'the command printed something');
      assert.deepEqual(leaks(run.out), [], 'stdout names no machine path');
      assert.deepEqual(leaks(run.err), [], 'stderr names no machine path');
    });
  }

  it('from a sub-folder: the same ids (relative to the repository), files relative to the current folder, no machine path', async () => {
    const top = await runCli(['diagram', 'system', '--format', 'json'], repository.dir);
    const below = await runCli(['diagram', 'system', '..', '--format', 'json'], path.join(repository.dir, 'kubernetes'));
    assert.equal(top.code, 0, top.err);
    assert.equal(below.code, 0, below.err);
    assert.deepEqual(leaks(below.out), []);
    type Map = { nodes: { id: string; sources: { file: string }[] }[]; edges: { from: string; to: string }[] };
    const [a, b] = [JSON.parse(top.out) as Map, JSON.parse(below.out) as Map];
    assert.ok(a.nodes.some((n) => n.id === 'compose:.:api'), 'the Compose service named from the repository');
    assert.deepEqual(b.nodes.map((n) => n.id), a.nodes.map((n) => n.id));
    assert.deepEqual(b.edges.map((e) => [e.from, e.to]), a.edges.map((e) => [e.from, e.to]));
    const api = b.nodes.find((n) => n.id === 'compose:.:api')!;
    assert.equal(api.sources[0].file, '../docker-compose.yml');
    const diff = await runCli(['diff', '..', '--base', 'HEAD~1', '--format', 'json'], path.join(repository.dir, 'kubernetes'));
    assert.equal(diff.code, 0, diff.err);
    assert.deepEqual((JSON.parse(diff.out) as { components: { added: { id: string }[] } }).components.added.map((c) => c.id), ['compose:.:worker']);
  });
});
