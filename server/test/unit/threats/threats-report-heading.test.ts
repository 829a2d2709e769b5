// The report says what it is of and reads most severe first (issue #95): its repository, commit, date and Archipel's
// version under the title; the risks ordered by severity, not by rule; the accepted risks counted in the Risks heading
// even when none is listed (the example once read "No risk found" beside 13 accepted ones).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { htmlReport, markdownReport, repositoryName, type ReportRow } from '../../../src/threats/report';
import { packageVersion } from '../../../src/cli/version';
import { runCli } from '../../cliRun';
import { makeTree } from '../../tempdir';

const model = { boundaries: [], entries: [], stores: [], links: [] };
const row = (title: string, severity: string, open = true, rule = 'threat-x'): ReportRow => ({
  id: title, rule, category: 'x', stride: 'spoofing', severity, likelihood: 'likely', impact: 'medium', cwe: '', mitigation: 'm', title, path: [], sources: [], status: open ? 'unchecked' : 'accepted', open,
});

describe('threats: the report titled and ordered by severity (issue #95)', function () {
  this.timeout(300_000);
  const trees: (() => void)[] = [];
  after(() => trees.forEach((remove) => remove()));

  it('risks most severe first, the same severity in the order found; the heading counts open and accepted', () => {
    const rows = [row('a low', 'low'), row('a critical', 'critical'), row('a medium', 'medium'), row('an elevated', 'elevated'), row('a high', 'high'), row('another medium', 'medium')];
    const md = markdownReport('t', rows, model);
    const order = [...md.matchAll(/^### (.+)$/gm)].map((m) => m[1]).filter((h) => !['Trust boundaries', 'Entry points', 'Data stores', 'Links'].includes(h));
    assert.deepEqual(order, ['a critical', 'a high', 'an elevated', 'a medium', 'another medium', 'a low']);
    assert.match(md, /^## Risks \(6 open, 0 treated or accepted\)$/m);
    const html = htmlReport('t', rows, model);
    assert.deepEqual([...html.matchAll(/<h3><span class="[a-z]+">[a-z]+<\/span> ([^<]+)<\/h3>/g)].map((m) => m[1]), order);
  });

  it('the same severity ordered by rule, the same rule as found', () => {
    const rows = [row('missing auth b', 'elevated', true, 'threat-missing-authentication'), row('unencrypted', 'elevated', true, 'threat-unencrypted-communication'), row('a critical', 'critical', true, 'threat-z'), row('container escape', 'elevated', true, 'threat-container-platform-escape'), row('missing auth a', 'elevated', true, 'threat-missing-authentication')];
    const md = markdownReport('t', rows, model);
    assert.deepEqual([...md.matchAll(/^\| [a-z]+ \| (.+?) \(`/gm)].map((m) => m[1]), ['a critical', 'container escape', 'missing auth b', 'missing auth a', 'unencrypted']);
  });

  it('the repository named from its remote: owner/name, never a user, a token or a machine path', () => {
    const cases: [string | undefined, string][] = [
      ['https://user:s3cret@github.com/acme/shop.git', 'acme/shop'],
      ['git@github.com:acme/shop.git', 'acme/shop'],
      ['ssh://git@gitlab.example.com:2222/group/sub/shop', 'sub/shop'],
      ['https://github.com/acme/shop/', 'acme/shop'],
      ['/home/u/mirrors/shop.git', 'shop'],
      ['file:///home/u/mirrors/shop', 'shop'],
      ['C:\\repos\\shop', 'shop'],
      ['https://github.com', 'clone'],
      ['https://example.com/a/b%20c', 'clone'],
      [undefined, 'clone'],
    ];
    for (const [remote, name] of cases) assert.equal(repositoryName(remote, 'clone'), name, remote);
  });

  it('none listed but some accepted: said in the heading and the line, never "No risk found"', () => {
    const md = markdownReport('t', [], model, { open: 0, treated: 13 });
    assert.match(md, /^## Risks \(0 open, 13 treated or accepted\)\n\nNo open risk; 13 treated or accepted in the risk register \(listed with --all\)\.$/m);
    assert.doesNotMatch(md, /No risk found/);
    assert.match(htmlReport('t', [], model, { open: 0, treated: 13 }), /<h2>Risks \(0 open, 13 treated or accepted\)<\/h2>\n<p>No open risk; 13 treated/);
    assert.match(markdownReport('t', [], model, { open: 0, treated: 0 }), /^No risk found\.$/m);
  });

  it('the CLI report under its title: the repository folder, the commit checked out, the date, the version', async () => {
    const { root, remove } = makeTree({ 'shop/compose.yaml': ['services:', '  db:', '    image: postgres:17', '    ports: ["5432:5432"]', ''].join('\n') });
    trees.push(remove);
    const home = mkdtempSync(path.join(os.tmpdir(), 'archipel-home-'));
    trees.push(() => rmSync(home, { recursive: true, force: true }));
    const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_CONFIG_NOSYSTEM: '1', HOME: home };
    const repo = path.join(root, 'shop');
    const git = (...args: string[]) => {
      const run = spawnSync('git', args, { cwd: repo, env, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      return run.stdout.trim();
    };
    // Outside Git first: the folder's name, no commit.
    const before = await runCli(['threats', '.', '--format', 'markdown'], repo);
    assert.match(before.out, new RegExp(`^Repository shop \\(no commit\\), \\d{4}-\\d{2}-\\d{2}, Archipel ${packageVersion().replace(/\./g, '\\.')}\\.$`, 'm'));
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'shop');
    const commit = git('rev-parse', 'HEAD');
    // Named from its remote, not the clone's folder (and never the remote's user or token).
    git('remote', 'add', 'upstream', 'https://bot:tok3n@example.com/other/fork.git');
    git('remote', 'add', 'origin', 'https://bot:tok3n@example.com/acme/shop-app.git');
    const md = await runCli(['threats', '.', '--format', 'markdown'], repo);
    assert.match(md.out, new RegExp(`^# Threat model: repository\\n\\nRepository acme/shop-app at commit ${commit}, \\d{4}-\\d{2}-\\d{2}, Archipel ${packageVersion().replace(/\./g, '\\.')}\\.$`, 'm'));
    assert.ok(!md.out.includes(root) && !md.out.includes('tok3n'), 'no machine path, no token');
    const html = await runCli(['threats', '.', '--format', 'html'], repo);
    assert.match(html.out, new RegExp(`<p>Repository acme/shop-app at commit ${commit}, `));
    // The Threagile export dated and said of the same (before: 1970-01-01, no repository).
    const threagile = await runCli(['threats', '.', '--format', 'threagile'], repo);
    assert.match(threagile.out, /^date: "?\d{4}-\d{2}-\d{2}"?$/m);
    assert.doesNotMatch(threagile.out, /1970-01-01/);
    assert.match(threagile.out, new RegExp(`^management_summary_comment: "?Repository acme/shop-app at commit ${commit}, `, 'm'));
  });
});
