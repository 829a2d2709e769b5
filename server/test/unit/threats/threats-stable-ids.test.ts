// Ids that leave the process are relative to the repository (issue #78): the same repository in two
// folders (at different depths, the command run from inside, from above with a relative path, or
// with an absolute path from elsewhere) gives byte-identical JSON, SARIF, Threagile and model output
// with no absolute path in it; a register written in one passes in the other; a register written
// before this change (its keys made from the checkout's absolute path) still matches.
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { fixturesDir } from '../../helpers';
import { makeTree } from '../../tempdir';
import { globMatches, legacyPartMatches, legacyShapeOf, relativeUri, stableIdOf } from '../../../src/threats/stableIds';
import { keyMatches } from '../../../src/threats/riskRegister';

interface Risk {
  rule: string;
  elements: string[];
  sources: { file: string; line: number }[];
}

const FORMATS = ['json', 'sarif', 'threagile', 'model', 'markdown'] as const;

/** Two clones of the planted shop: `a/shop` and `b/deeper/clone/shop`, under one temporary folder. */
function clones(): { top: string; a: string; b: string; remove: () => void } {
  const tree = makeTree({});
  const a = path.join(tree.root, 'a', 'shop');
  const b = path.join(tree.root, 'b', 'deeper', 'clone', 'shop');
  for (const to of [a, b]) {
    mkdirSync(path.dirname(to), { recursive: true });
    cpSync(path.join(fixturesDir, 'threats', 'insecure'), to, { recursive: true });
    // A Compose `name:` did not help before: the ids still held the folder's absolute path.
    writeFileSync(path.join(to, 'compose.yaml'), `name: shop\n${readFileSync(path.join(to, 'compose.yaml'), 'utf8')}`);
  }
  return { top: tree.root, a, b, remove: tree.remove };
}

describe('threats: ids relative to the repository (issue #78)', function () {
  this.timeout(120_000);

  it('the same repository in two folders: byte-identical json, sarif, threagile, model and markdown, from any folder, with no absolute path', async () => {
    const { top, a, b, remove } = clones();
    try {
      for (const format of FORMATS) {
        const runs = [
          await runCli(['threats', '.', '--all', '--format', format], a),
          await runCli(['threats', path.join('deeper', 'clone', 'shop'), '--all', '--format', format], path.join(top, 'b')),
          await runCli(['threats', b, '--all', '--format', format], os.tmpdir()),
        ];
        for (const run of runs.slice(1)) assert.equal(run.out, runs[0].out, format);
        assert.ok(!runs[0].out.includes(top) && !runs[0].out.includes('file://') && !runs[0].out.includes(os.tmpdir()), `${format}: no absolute path`);
      }
      const { out } = await runCli(['threats', '.', '--format', 'json'], a);
      const risks = (JSON.parse(out) as { risks: Risk[] }).risks;
      const push = risks.find((r) => r.rule === 'threat-push-instead-of-pull-deployment')!;
      assert.deepEqual(push.sources, [{ file: '.github/workflows/deploy.yml', line: 8 }]);
      assert.ok(push.elements.includes('workflow:.github/workflows/deploy.yml'), push.elements.join(', '));
      const web = risks.find((r) => r.rule === 'threat-unencrypted-communication' && r.sources.some((s) => s.line === 7 + 1))!;
      assert.deepEqual(web.elements, ['internet', 'compose:.:web', 'compose:.:db']);
      const sarif = JSON.parse((await runCli(['threats', '.', '--format', 'sarif'], a)).out) as { runs: { results: { partialFingerprints: { syntheticId: string } }[] }[] };
      assert.ok(sarif.runs[0].results.some((r) => r.partialFingerprints.syntheticId === 'unencrypted-communication@compose-web>postgresql-5432-to-db@compose-web@compose-db'));
      const threagile = (await runCli(['threats', '.', '--format', 'threagile'], a)).out;
      assert.match(threagile, /^ {4}id: compose-web$/m);
      assert.match(threagile, /^title: "repository: threat model derived by archipel threats"$/m);
    } finally {
      remove();
    }
  });

  it('a register written in one clone passes in the other', async () => {
    const { a, b, remove } = clones();
    try {
      const register = path.join(a, 'risks.amdec.yaml');
      writeFileSync(register, 'kind: amdec\nmethod: rpn\ntitle: Shop risks\nthreshold: 1000\nrisks:\n');
      await runCli(['threats', '.', '--amdec', 'risks.amdec.yaml'], a);
      const written = readFileSync(register, 'utf8');
      assert.equal((written.match(/x-threat:/g) ?? []).length, 19);
      assert.ok(!written.includes(a) && !written.includes('file-'), 'no path in the keys');
      writeFileSync(path.join(b, 'risks.amdec.yaml'), written.replace(/ {4}detection: 5\n/g, '    detection: 5\n    justification: Accepted in clone a\n'));
      const raised = JSON.parse((await runCli(['threats', '.', '--format', 'json'], b)).out) as { risks: Risk[] };
      assert.deepEqual(raised.risks, []);
      const all = JSON.parse((await runCli(['threats', '.', '--all', '--format', 'json'], b)).out) as { risks: Risk[] };
      assert.equal(all.risks.length, 19);
      const again = await runCli(['threats', '.', '--amdec', 'risks.amdec.yaml'], b);
      assert.match(again.err, /^0 risk\(s\) added to risks\.amdec\.yaml\./m);
    } finally {
      remove();
    }
  });

  it('a register written before, with keys made from another checkout\'s absolute path, still matches', async () => {
    const { a, remove } = clones();
    try {
      copyFileSync(path.join(fixturesDir, 'threats', 'legacy-register.amdec.yaml'), path.join(a, 'risks.amdec.yaml'));
      const raised = JSON.parse((await runCli(['threats', '.', '--format', 'json'], a)).out) as { risks: Risk[] };
      // 22 entries, 17 risks: the Internet's links to the web (its users' session, issue #78), to a PostgreSQL and to an RDS
      // database (both ask for a password) are no missing authentication any more, nor is a store on a Compose stack's one
      // network a missing segmentation; their entries track nothing.
      // The rules added since (missing-waf, unchecked-deployment: issue #78) raise what no register written before could track.
      assert.deepEqual(raised.risks.map((r) => r.rule), ['threat-missing-waf', 'threat-unchecked-deployment'], 'all 17 others accepted in the old register');
      const text = (await runCli(['threats', '.', '--all'], a)).out;
      assert.match(text, /push-instead-of-pull-deployment .*\[T-22: accepted\]/);
      assert.match(text, /^2 risk\(s\) raised, 17 treated or accepted in the risk register\.$/m);
      // --amdec rewrites the 12 old keys made from the path that name a risk (the 6 others held no path; the two
      // missing authentications and the two missing segmentations no longer raised track nothing and are left as they
      // were) to the ids they stand for, adds the two new rules' risks, and the others still match.
      const { err } = await runCli(['threats', '.', '--amdec', 'risks.amdec.yaml'], a);
      assert.match(err, /^12 x-threat key\(s\) of risks\.amdec\.yaml rewritten relative to the repository\.\n2 risk\(s\) added to risks\.amdec\.yaml\.$/m);
      const migrated = readFileSync(path.join(a, 'risks.amdec.yaml'), 'utf8');
      assert.deepEqual([...migrated.matchAll(/x-threat: "(.*-file-.*)"/g)].map((m) => m[1].split('@')[0]), ['missing-authentication', 'missing-authentication', 'missing-network-segmentation', 'missing-network-segmentation'], 'no old key left but those tracking no risk');
      assert.match(migrated, /^ {4}x-threat: "push-instead-of-pull-deployment@workflow-github-workflows-deploy-yml"$/m);
      assert.match(migrated, /^# A register written by `archipel threats --amdec` before issue #78/, 'the rest kept');
      // The two added are raised until the register's new entries are treated or accepted (--amdec writes them unchecked).
      assert.deepEqual((JSON.parse((await runCli(['threats', '.', '--format', 'json'], a)).out) as { risks: Risk[] }).risks.map((r) => r.rule), ['threat-missing-waf', 'threat-unchecked-deployment']);
    } finally {
      remove();
    }
  });

  it('ids: file URIs relative to the longest root; legacy shapes; outside the root with ..', () => {
    const stable = stableIdOf(['file:///home/u/repo']);
    assert.equal(stable('compose:file:///home/u/repo:api'), 'compose:.:api');
    assert.equal(stable('compose:file:///home/u/repo/deploy/prod:api'), 'compose:deploy/prod:api');
    assert.equal(stable('workflow:file:///home/u/repo/.github/workflows/a%20b.yml'), 'workflow:.github/workflows/a b.yml');
    assert.equal(stable('k8s:Deployment/ns/api'), 'k8s:Deployment/ns/api');
    assert.equal(relativeUri('file:///home/u/other/x.yaml', ['file:///home/u/repo']), '../other/x.yaml');
    assert.equal(relativeUri('file:///c%3A/Users/u/repo/deploy/compose.yaml', ['file:///C:/Users/u/repo']), 'deploy/compose.yaml', "VS Code's Windows URI against Node's");
    const shape = legacyShapeOf('compose:file:///home/u/repo/deploy:api', ['file:///home/u/repo'])!;
    assert.deepEqual(shape, { head: 'compose-file', tail: 'deploy-api' });
    assert.equal(legacyPartMatches('compose-file-srv-ci-checkout-deploy-api', shape), true);
    assert.equal(legacyPartMatches('compose-file-deploy-api', shape), false, 'the root holds at least one word');
    assert.equal(legacyPartMatches('compose-file-srv-deploy-web', shape), false);
    assert.equal(legacyShapeOf('file:///home/u/repo/x.yaml', ['file:///home/u/repo']), undefined, 'named by its file: its last segment, unchanged');
  });
});

describe('threats: risk_tracking wildcards on a linear matcher (issue #84)', function () {
  this.timeout(120_000);

  it('Threagile\'s semantics: `*` is one or more characters of one @ part, matched anywhere, case-insensitive', () => {
    assert.equal(keyMatches('unencrypted-asset@*', 'unencrypted-asset@db'), true);
    assert.equal(keyMatches('unencrypted-asset@*', 'unencrypted-asset@'), false);
    assert.equal(keyMatches('missing-vault@*@b', 'missing-vault@a@b'), true);
    assert.equal(keyMatches('missing-vault@*@b', 'missing-vault@a@x@b'), false, '* does not cross @');
    assert.equal(keyMatches('Vault@*', 'missing-vault@x'), true, 'anywhere, any case');
    assert.equal(globMatches('a*c', 'xxabbbcxx'), true);
    assert.equal(globMatches('a*c', 'ac'), false);
  });

  it('a key `unencrypted-asset@*a*a*a*a*a*ab` against an asset id of 3,000 `a` answers (it backtracked exponentially)', () => {
    const id = `unencrypted-asset@${'a'.repeat(3000)}`;
    assert.equal(keyMatches('unencrypted-asset@*a*a*a*a*a*ab', id), false);
    assert.equal(keyMatches(`unencrypted-asset@${'*a'.repeat(40)}`, id), true);
  });
});
