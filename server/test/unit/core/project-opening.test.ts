// One opening for every command (platform/opening.ts, issue #92): archipel.yaml's `files.exclude` is read by one search
// and every command lists the project through it. Each command had its own sequence (`cost` searched archipel.yaml for
// its `cost` section alone, `privacy` listed with the defaults), so a folder left out of one command's reading was read
// by the others. The excluded folder holds the same kinds of file as the kept one, under other names: what a command
// says of the kept one and not of the excluded one is the exclude's doing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectConfig, withProjectExcludes } from '../../../src/platform/opening';
import { defaultSettings } from '../../../src/settings';
import { repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

const cli = path.join(repoRoot, 'dist', 'server', 'cli.js');

const compose = (service: string) => ['services:', `  ${service}:`, '    image: example/app:1.0', '    ports:', '      - "8080:8080"', ''].join('\n');
const terraform = (name: string) => [`resource "aws_instance" "${name}" {`, '  ami           = "ami-123"', '  instance_type = "t3.micro"', '}', ''].join('\n');
// A Deployment whose YAML is broken: `check` says so of every copy it reads.
const brokenManifest = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', 'spec: [unclosed', ''].join('\n');
const people = 'email,first_name,phone\nada@example.com,Ada,+33 1 23 45 67 89\n';

function project(config: string, more: Record<string, string> = {}) {
  return makeTree({
    ...more,
    'archipel.yaml': config,
    'app/docker-compose.yml': compose('keptsvc'),
    'app/main.tf': terraform('keptvm'),
    'app/deploy.yaml': brokenManifest,
    'app/people.csv': people,
    'generated/docker-compose.yml': compose('ghostsvc'),
    'generated/main.tf': terraform('ghostvm'),
    'generated/deploy.yaml': brokenManifest,
    'generated/ghostpeople.csv': people,
  });
}

/** Each command, what it says of the kept folder (proof it read it), the same thing it would say of the excluded one. */
const commands: { name: string; args: string[]; kept: string; ghost: string }[] = [
  { name: 'check', args: ['check', '--format', 'json', '.'], kept: 'app/deploy.yaml', ghost: 'generated/' },
  { name: 'threats', args: ['threats', '--format', 'model', '.'], kept: 'keptsvc', ghost: 'ghost' },
  { name: 'diagram system', args: ['diagram', 'system', '--format', 'json', '.'], kept: 'keptsvc', ghost: 'ghost' },
  { name: 'cost', args: ['cost', '--format', 'json', '.'], kept: 'keptvm', ghost: 'ghost' },
  { name: 'privacy', args: ['privacy', '--format', 'json', '.'], kept: 'people.csv', ghost: 'ghost' },
  { name: 'continuity', args: ['continuity', '--format', 'json', '.'], kept: 'keptsvc', ghost: 'ghost' },
];

describe("one opening for every command: archipel.yaml's excludes (#92)", function () {
  this.timeout(240_000); // seven CLI runs on a shared machine: a bound against hangs

  it('files.exclude is honoured alike by check, threats, diagram, cost, privacy and continuity', () => {
    const tree = project('files:\n  exclude:\n    - generated\n');
    try {
      const env = { ...process.env, ARCHIPEL_LANG: 'en', ARCHIPEL_CACHE_DIR: 'off', HOME: tree.root };
      for (const command of commands) {
        const run = spawnSync(process.execPath, [cli, ...command.args], { cwd: tree.root, env, encoding: 'utf8', maxBuffer: 64 << 20 });
        assert.ok(run.status === 0 || run.status === 1, `${command.name}: exit ${String(run.status)}: ${run.stderr}`);
        const said = `${run.stdout}\n${run.stderr}`;
        assert.ok(said.includes(command.kept), `${command.name} read the kept folder: ${said.slice(0, 2000)}`);
        assert.ok(!said.includes(command.ghost), `${command.name} read the excluded folder: ${said.slice(0, 2000)}`);
      }
    } finally {
      tree.remove();
    }
  });

  it('diff leaves the excluded folder out of both sides, the revision read by the same rule as the working tree', () => {
    const tree = project('files:\n  exclude:\n    - generated\n');
    try {
      const env = { ...process.env, ARCHIPEL_LANG: 'en', ARCHIPEL_CACHE_DIR: 'off', HOME: tree.root, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@example.com', GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@example.com' };
      for (const args of [['init', '-q', '.'], ['add', '-A'], ['commit', '-q', '-m', 'base']]) assert.equal(spawnSync('git', args, { cwd: tree.root, env }).status, 0, args.join(' '));
      // A service added in each folder: the kept one's is a change, the excluded one's is nobody's.
      writeFileSync(path.join(tree.root, 'app', 'docker-compose.yml'), `${compose('keptsvc')}  keptnew:\n    image: example/new:1.0\n`);
      writeFileSync(path.join(tree.root, 'generated', 'docker-compose.yml'), `${compose('ghostsvc')}  ghostnew:\n    image: example/new:1.0\n`);
      const run = spawnSync(process.execPath, [cli, 'diff', '--base', 'HEAD', '--format', 'json', '.'], { cwd: tree.root, env, encoding: 'utf8', maxBuffer: 64 << 20 });
      assert.equal(run.status, 0, run.stderr);
      assert.ok(run.stdout.includes('keptnew'), run.stdout.slice(0, 2000));
      assert.ok(!run.stdout.includes('ghost'), run.stdout.slice(0, 2000));
    } finally {
      tree.remove();
    }
  });

  it('one search: the nearest archipel.yaml up to the project; a wrong files.exclude is a problem on its line, the rest applies', () => {
    // A repository's top (disk/contextRoot.ts): the search goes up to it from a file in a subfolder.
    const tree = project('cost:\n  currency: EUR\nfiles:\n  exclude: generated\n', { '.git/HEAD': 'ref: refs/heads/main\n' });
    try {
      const config = projectConfig([path.join(tree.root, 'app', 'main.tf')]);
      assert.equal(config.file, path.join(tree.root, 'archipel.yaml'));
      assert.deepEqual(config.exclude, []);
      assert.deepEqual(config.sections.cost, { currency: 'EUR' });
      assert.deepEqual(config.problems, [`${path.relative(process.cwd(), config.file ?? '')}:4: files.exclude expects a list of glob patterns`]);
      const good = projectConfig([tree.root]);
      assert.equal(withProjectExcludes(defaultSettings, good), defaultSettings);
      const settings = withProjectExcludes(defaultSettings, { ...good, exclude: ['generated'] });
      assert.deepEqual(settings.files.exclude, ['generated']);
      assert.deepEqual(defaultSettings.files.exclude, [], 'the defaults are not changed');
    } finally {
      tree.remove();
    }
  });
});
