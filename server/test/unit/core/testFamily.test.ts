// The recipe of docs/layout.md ("Adding a family"), proven (issue #36): the test family of
// server/test/family/ is its own folder plus one line in a list, and gets everything a family gets:
// its files scanned and diagnosed by `archipel check`, its rule in the rules table, its setting
// normalised and declared for the editor, its command dispatched and in --help, its French, the client's selector.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

const runner = path.join(repoRoot, 'out', 'server', 'test', 'family', 'run.js');

interface Derived {
  code: number;
  out: string;
  client: { patterns: string[] };
  rulesRow?: string;
  settings: { word: string };
  declared: { schema?: { default?: string; description?: string }; strings: { en: string; fr: string }[] };
  selects: boolean;
}

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Derived {
  const result = spawnSync(process.execPath, [runner, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ARCHIPEL_LANG: 'en', ...env } });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Derived;
}

describe('a family is its own folder plus one line in the list (the test family)', function () {
  this.timeout(120_000);
  const tree = makeTree({ 'a.archipel-test.yaml': 'note: TODO later\n', 'b/C.ARCHIPEL-TEST.YAML': 'note: done\n', 'plain.yaml': 'note: TODO\n' });
  after(() => tree.remove());

  it('check finds its rule in its files only, with its setting; its command runs and is in --help', () => {
    const check = run(['check', '--format', 'json', '.'], tree.root);
    const problems = JSON.parse(check.out) as { file: string; code: string; message: string }[];
    assert.deepEqual(problems.map((p) => `${p.file} ${p.code}`), ['a.archipel-test.yaml archipel-test-word']);
    assert.equal(check.settings.word, 'FIXME');
    // Its setting as the editor declares it (package.json and package.nls*.json, written by scripts/gen-families.mjs).
    assert.equal(check.declared.schema?.default, 'TODO');
    assert.match(check.declared.schema?.description ?? '', /^%config\.archipelTest\.word\.description%$/);
    assert.deepEqual(check.declared.strings.map((s) => Object.keys(s).sort()), [['en', 'fr']]);
    assert.equal(check.selects, true);
    assert.match(check.rulesRow ?? '', /^\| `archipel-test-word` \| warning \| /);
    assert.ok(check.client.patterns.includes('**/*.[aA][rR][cC][hH][iI][pP][eE][lL]-[tT][eE][sS][tT].[yY][aA][mM][lL]'));
    const count = run(['archipel-test-count'], tree.root);
    assert.equal(count.out.trim(), 'archipel-test files: 2');
    assert.match(run(['--help'], tree.root).out, /archipel-test-count \[PATH\.\.\.\]/);
  });

  it('speaks French from its own catalogue', () => {
    assert.equal(run(['archipel-test-count', '--lang', 'fr'], tree.root).out.trim(), 'fichiers archipel-test : 2');
    const check = run(['check', '--format', 'json', '--lang', 'fr', '.'], tree.root);
    assert.match(check.out, /Le mot TODO est resté dans ce fichier\./);
  });

  it('is named nowhere outside its folder, its test and the list it is added to', () => {
    // Its names: the family's section, rule, command and files (`archipel-test-` alone is a temporary folders' prefix).
    const names = ['archipelTest', 'archipel-test-word', 'archipel-test-count', '.archipel-test.yaml', "'archipel-test'"].flatMap((name) => ['-e', name]);
    const grep = spawnSync('git', ['grep', '-l', '-i', '-F', ...names, '--', '.', ':!server/test/family/', ':!server/test/unit/core/testFamily.test.ts'], { cwd: repoRoot, encoding: 'utf8' });
    // git grep exits 1 when nothing matches.
    assert.equal(grep.status, 1, grep.stderr);
    assert.equal(grep.stdout.trim(), '');
  });
});
