// The CLI's usage read back (#69): each command's forms, subcommands, options and their values from
// the usage lines the descriptors hold — what `archipel <command> [<sub>] --help` prints (every
// command and subcommand, through the built `archipel` and through cliMain.ts) and what the
// completion scripts of bash, zsh and fish offer (`archipel completion SHELL`). Each script is run by
// its shell: bash's function with COMP_WORDS set, zsh's with compadd recorded, fish's through its own
// `complete -C`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { completionScript, completedCommands, SHELLS } from '../../../src/cli/completion';
import { commandNames, usageOf } from '../../../src/families/help';
import { helpAsked, usageEntries, usageFor } from '../../../src/cli/usageEntries';
import { families } from '../../../src/families/index';
import { runCli } from '../../cliRun';
import { repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

const cli = path.join(repoRoot, 'dist', 'server', 'cli.js');
const archipel = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, ARCHIPEL_LANG: 'en' } });

/** Every command of `archipel --help` with its usage: the kernel's and each family's. */
function commands(extra: { name: string; usage: string }[] = []) {
  const page = usageOf(families);
  return [...commandNames(families).map((name) => ({ name, usage: page })), ...extra];
}

/** A toy family's command, as a descriptor tomorrow would write its usage. */
const TOY = { name: 'toy', usage: '  toy play|stop [FILE]   Play or stop a toy.\n      --speed slow|fast          How fast.\n      -n COUNT                   How many.' };

describe('the CLI\'s usage read back (cli/usageEntries.ts)', function () {
  it('reads each form of a command: its subcommand, options and the values they list', function () {
    const page = usageOf(families);
    const exp = usageEntries(page, 'exp');
    assert.deepEqual(exp.map((e) => e.subcommands.join('|')), ['show', 'diff', 'run', 'queue', 'apply', 'branch', 'remove', 'clean']);
    const show = exp[0];
    for (const option of ['--only-changed', '--keep', '--drop', '--sort-by', '--csv', '--md', '--json', '--width']) assert.ok(show.options.includes(option), option);
    assert.deepEqual(show.values['--format'], ['table', 'json', 'csv', 'md']);
    assert.deepEqual([...usageEntries(page, 'diagram')[0].subcommands].sort(), ['adr', 'compose', 'k8s', 'system', 'terraform', 'workflow']);
    assert.deepEqual(usageEntries(page, 'blur')[0].subcommands, [], 'PATH is a placeholder, not a subcommand');
    assert.deepEqual(usageEntries(page, 'check')[0].values['--format'], ['text', 'json', 'sarif']);
    // `run`'s form, not `exp run`'s nor the run lines of other commands.
    assert.deepEqual(usageEntries(page, 'run').map((e) => e.text.split('\n')[0].trim().split(/\s+/)[0]), ['run']);
  });

  it('one subcommand\'s lines for `<command> <sub> --help`; all of them for another word', function () {
    const page = usageOf(families);
    assert.match(usageFor(page, 'adr', 'new'), /^ {2}adr new TITLE\.\.\./);
    assert.doesNotMatch(usageFor(page, 'adr', 'new'), /adr supersede/);
    assert.match(usageFor(page, 'export', 'argo'), /^ {2}export argo \[PIPELINE\] --image IMAGE[\s\S]*--sweep/);
    assert.doesNotMatch(usageFor(page, 'export', 'argo'), /export github/);
    assert.match(usageFor(page, 'adr', 'nope'), /adr new[\s\S]*adr index/);
    assert.equal(usageFor(page, 'nothing'), '');
  });

  it('--help or -h asks for help before `--`, not after it', function () {
    assert.equal(helpAsked(['show', '--help']), true);
    assert.equal(helpAsked(['-h']), true);
    assert.equal(helpAsked(['run', '--', '--help']), false);
    assert.equal(helpAsked(['--helpful']), false);
  });
});

describe('archipel completion bash|zsh|fish (cli/completion.ts)', function () {
  this.timeout(60_000);
  const all = commands([TOY]);
  let tree: { root: string; remove: () => void };
  before(function () {
    tree = makeTree({});
    for (const shell of SHELLS) writeFileSync(path.join(tree.root, `archipel.${shell}`), completionScript(shell, all));
  });
  after(function () {
    tree.remove();
  });
  const script = (shell: string) => path.join(tree.root, `archipel.${shell}`);

  it('each shell reads its script without an error', function () {
    for (const shell of SHELLS) {
      const checked = spawnSync(shell, ['-n', script(shell)], { encoding: 'utf8' });
      assert.equal(checked.status, 0, `${shell}: ${checked.stderr}`);
    }
  });

  /** What bash's function offers for the words typed (the last one being completed). */
  const bash = (...words: string[]) => {
    const run = spawnSync('bash', ['-c', `source '${script('bash')}'; COMP_WORDS=("$@"); COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 )); _archipel; printf '%s\\n' "\${COMPREPLY[@]}"`, 'bash', ...words], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    return run.stdout.split('\n').filter(Boolean);
  };
  const zsh = (...words: string[]) => {
    // compadd and _files recorded: zsh's completion system would filter by what is typed.
    const run = spawnSync('zsh', ['-c', `compdef() { :; }; compadd() { [[ $1 == -- ]] && shift; print -rl -- "$@"; }; _files() { print -r -- '<files>'; }; source '${script('zsh')}'; words=("$@"); CURRENT=\${#words}; _archipel`, 'zsh', ...words], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    return run.stdout.split('\n').filter(Boolean);
  };
  const fish = (line: string) => {
    const run = spawnSync('fish', ['-c', `source '${script('fish')}'; complete -C '${line}'`], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    return run.stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0]);
  };

  it('bash: commands, subcommands, a subcommand\'s options, an option\'s values, --lang; files otherwise', function () {
    assert.deepEqual(bash('archipel', 'ex'), ['export', 'exp']);
    assert.deepEqual(bash('archipel', 'exp', 's'), ['show']);
    assert.deepEqual(bash('archipel', 'exp', 'show', '--on'), ['--only-changed']);
    assert.deepEqual(bash('archipel', 'check', '--format', ''), ['text', 'json', 'sarif']);
    assert.deepEqual(bash('archipel', '--lang', 'fr', 'exp', 'di'), ['diff']);
    assert.deepEqual(bash('archipel', 'exp', '--lang', ''), ['en', 'fr']);
    assert.deepEqual(bash('archipel', 'diagram', 'sy'), ['system']);
    assert.deepEqual(bash('archipel', 'check', 'exa'), [], 'a path: bash completes files (complete -o default)');
    // A command added tomorrow completes with no edit.
    assert.deepEqual(bash('archipel', 'toy', ''), ['play', 'stop']);
    assert.deepEqual(bash('archipel', 'toy', 'play', '--speed', ''), ['slow', 'fast']);
  });

  it('zsh: the same offers, files through _files', function () {
    assert.ok(zsh('archipel', '').includes('validate'));
    assert.deepEqual(zsh('archipel', 'exp', ''), ['show', 'diff', 'run', 'queue', 'apply', 'branch', 'remove', 'clean']);
    assert.ok(zsh('archipel', 'exp', 'show', '--').includes('--only-changed'));
    assert.deepEqual(zsh('archipel', 'check', '--format', ''), ['text', 'json', 'sarif']);
    assert.deepEqual(zsh('archipel', 'check', 'x'), ['<files>']);
    assert.deepEqual(zsh('archipel', 'toy', 'play', '--speed', ''), ['slow', 'fast']);
  });

  it('fish: the same offers, through fish\'s own completion', function () {
    assert.deepEqual(fish('archipel ex').sort(), ['exp', 'export']);
    assert.ok(fish('archipel exp ').includes('show'));
    assert.deepEqual(fish('archipel exp show --only'), ['--only-changed']);
    assert.deepEqual(fish('archipel check --format ').sort(), ['json', 'sarif', 'text']);
    assert.deepEqual(fish('archipel toy play --speed ').sort(), ['fast', 'slow']);
  });

  it('every command of archipel --help is in each script, from the list (none written by hand)', function () {
    const names = completedCommands(all).map((c) => c.name);
    assert.ok(names.includes('exp') && names.includes('validate') && names.includes('export') && names.includes('toy'));
    for (const shell of SHELLS) {
      const text = completionScript(shell, all);
      for (const name of names) assert.match(text, new RegExp(`\\b${name}\\b`), `${shell}: ${name}`);
    }
  });
});

describe('--help on every command and subcommand (#69)', function () {
  this.timeout(240_000);
  const page = usageOf(families);

  it('the built archipel prints each one\'s usage, headed by its command line, exit 0 (before anything runs)', function () {
    const failed: string[] = [];
    let asked = 0;
    for (const name of commandNames(families)) {
      const subs = [...new Set(usageEntries(page, name).flatMap((e) => e.subcommands))];
      for (const sub of [undefined, ...subs]) {
        for (const args of [[name, ...(sub ? [sub] : []), '--help'], ['help', name, ...(sub ? [sub] : [])]]) {
          asked++;
          const run = archipel(...args);
          const head = `Usage:\n  archipel ${name}`;
          if (run.status !== 0 || !run.stdout.startsWith(head) || (sub && !run.stdout.includes(sub)) || run.stderr !== '') failed.push(`${args.join(' ')}: exit ${run.status}, ${JSON.stringify(run.stdout.slice(0, 120))} ${run.stderr.slice(0, 200)}`);
        }
      }
    }
    assert.ok(asked > 40, `${asked}`);
    assert.deepEqual(failed, []);
    // A subcommand's own lines only; the five that answered "Unknown option '--help'".
    for (const [args, first, absent] of [[['exp', 'show', '--help'], '  archipel exp show [--only-changed]', 'exp run'], [['exp', 'run', '--help'], '  archipel exp run [-S', 'exp show'], [['adr', 'new', '--help'], '  archipel adr new TITLE', 'adr index'], [['export', 'argo', '--help'], '  archipel export argo [PIPELINE]', 'export github'], [['status', '--help'], '  archipel status [PIPELINE]', 'run [STAGE']] as const) {
      const run = archipel(...args);
      assert.equal(run.status, 0, args.join(' '));
      assert.equal(run.stdout.split('\n')[1].slice(0, first.length), first, args.join(' '));
      assert.ok(!run.stdout.includes(absent), `${args.join(' ')}: ${absent}`);
    }
    // `check --help` is check's usage, not the whole page; `rules --help` its usage, not the rules.
    assert.ok(!archipel('check', '--help').stdout.includes('archipel blur'));
    assert.ok(!archipel('rules', '--help').stdout.includes('k8s-schema'));
    // After `--`, --help is an argument.
    assert.notEqual(archipel('run', '--', '--help').stdout.split('\n')[0], 'Usage:');
  });

  it('cliMain.ts answers the same (a test\'s own families; --lang anywhere); help of an unknown command and a bad shell are usage errors', async function () {
    const tree = makeTree({});
    try {
      for (const args of [['exp', 'show', '--help'], ['--lang', 'fr', 'adr', 'new', '--help'], ['help', 'export', 'argo'], ['completion', 'bash']]) {
        const ours = await runCli(args, tree.root);
        const built = archipel(...args);
        assert.deepEqual([ours.code, `${ours.out}`], [0, built.stdout], args.join(' '));
      }
      const unknown = await runCli(['--lang', 'en', 'help', 'nope'], tree.root);
      assert.deepEqual([unknown.code, unknown.err], [2, 'archipel: unknown command "nope" (see archipel --help)\n']);
      const shell = await runCli(['--lang', 'en', 'completion', 'tcsh'], tree.root);
      assert.deepEqual([shell.code, shell.err], [2, 'archipel: completion expects bash, zsh or fish, got "tcsh" (see archipel --help)\n']);
      const built = archipel('completion', 'tcsh');
      assert.deepEqual([built.status, built.stderr], [2, 'archipel: completion expects bash, zsh or fish, got "tcsh" (see archipel --help)\n'], 'the built CLI leaves the error to cliMain.js');
    } finally {
      tree.remove();
    }
  });

  it('archipel completion SHELL prints the script of the real command list, as a shell loads it', function () {
    for (const shell of SHELLS) {
      const run = archipel('completion', shell);
      assert.equal(run.status, 0);
      assert.equal(run.stdout, completionScript(shell, commandNames(families).map((name) => ({ name, usage: page }))));
    }
    const bash = spawnSync('bash', ['-c', `source <('${process.execPath}' '${cli}' completion bash); COMP_WORDS=(archipel exp show --only); COMP_CWORD=3; _archipel; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
    assert.equal(bash.stdout, '--only-changed\n', bash.stderr);
  });

  it('every option named --format lists its values (threats and privacy included), and a subcommand is offered only its own options (privacy init: --year)', function () {
    const offered = completedCommands(commands());
    const unlisted = offered.filter((command) => Object.values(command.options).some((options) => options.includes('--format')) && !command.values['--format']).map((command) => command.name);
    assert.deepEqual(unlisted, []);
    const of = (name: string) => offered.find((command) => command.name === name);
    assert.deepEqual(of('threats')?.values['--format'], ['text', 'json', 'markdown', 'html', 'sarif', 'threagile', 'model']);
    assert.deepEqual(of('privacy')?.values['--format'], ['text', 'json', 'ropa-md', 'ropa-csv', 'ropa-json']);
    assert.deepEqual(of('privacy')?.options, { '': ['--format', '--year', '--lang'], init: ['--year'] });
  });

  it('options come from a form\'s synopsis and option lines, never from its prose (#98: diff offered check\'s --changed)', function () {
    const offered = completedCommands(commands());
    const of = (name: string) => offered.find((command) => command.name === name)!;
    assert.ok(!of('diff').options[''].includes('--changed'), 'diff\'s --base line says "as check --changed chooses it"');
    assert.ok(of('diff').options[''].includes('--allow-unread'));
    assert.ok(!of('export').options.argo.includes('-S'), '"(as exp run -S)" is exp\'s option');
    assert.ok(of('export').options.argo.includes('--force') && of('features').options[''].includes('--force'));
    // exp show's synopsis goes on over two lines: the second line's options are its own.
    for (const option of ['--width', '--format', '--mlflow']) assert.ok(of('exp').options.show.includes(option), option);
    assert.deepEqual(of('exp').values['--format'], ['table', 'json', 'csv', 'md']);
  });

  it('the exit statuses of --help name every command that exits 1 on an answer (#98: threats, slo, diff, policy)', function () {
    const status = page.slice(page.indexOf('Exit status:'));
    for (const name of ['check:', 'threats:', 'diff:', 'policy test:', 'policy eval:', 'continuity:', 'slo:', 'helm:', 'validate:', 'privacy:', 'blur:', 'predict:', 'diagram:', 'cost exits 0']) assert.ok(status.replace(/\s+/g, ' ').includes(name), name);
    // Its lines start at the margin: none is read back as a form of a command (`  policy test: …`).
    assert.deepEqual(usageEntries(page, 'policy').flatMap((e) => e.subcommands), ['test', 'eval']);
  });

  it("docs/cli.md's table names every command and subcommand archipel --help lists", function () {
    const rows = readFileSync(path.join(repoRoot, 'docs', 'cli.md'), 'utf8').split('\n').filter((line) => line.startsWith('| `archipel '));
    const missing: string[] = [];
    for (const name of new Set(commandNames(families))) {
      // A row naming it: `archipel NAME`, or `NAME` among the names of one row (`archipel status`, `run`, `dag`).
      const named = rows.filter((row) => row.includes(`\`archipel ${name}`) || row.includes(`\`archipel ${name} `) || row.includes(`, \`${name}\``));
      if (named.length === 0) missing.push(name);
      for (const sub of new Set(usageEntries(page, name).flatMap((entry) => entry.subcommands))) {
        const word = new RegExp(`(?:\`archipel ${name} |\\\\\\|)${sub}(?=[\\\\\` ])`);
        if (!named.some((row) => word.test(row))) missing.push(`${name} ${sub}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it("docs/cli.md documents the options every command takes, archipel --help's Options (--lang, --help, --version) (#95)", () => {
    const page = usageOf(families);
    const section = page.slice(page.indexOf('\nOptions:\n')).split('\n\n')[0];
    const options = [...section.matchAll(/^ {2}(?:-[a-z], )?(--[a-z-]+)/gm)].map((m) => m[1]);
    assert.deepEqual(options, ['--lang', '--help', '--version']);
    const doc = readFileSync(path.join(repoRoot, 'docs', 'cli.md'), 'utf8');
    assert.deepEqual(options.filter((option) => !doc.includes(`\`${option}`)), []);
    assert.match(doc, /`--lang en\|fr`/);
    // One command's usage names it too where its output is in the user's language (privacy's record).
    assert.match(usageFor(page, 'privacy'), /--lang en\|fr/);
  });

  it('a mistyped command, option or rule id is a usage error naming the nearest; a file no family reads is said, not counted', async function () {
    const tree = makeTree({ 'notes.xyz': 'x\n', 'deploy.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n' });
    try {
      const said = async (...args: string[]) => {
        const run = await runCli(['--lang', 'en', ...args], tree.root);
        return [run.code, run.err];
      };
      assert.deepEqual(await said('chek'), [2, 'archipel: unknown command "chek" (did you mean check?) (see archipel --help)\n']);
      assert.deepEqual(await said('check', '--formt', 'json'), [2, 'archipel: unknown option "--formt" for archipel check (did you mean --format?) (see archipel --help)\n']);
      assert.deepEqual(await said('check', '--formt=json'), [2, 'archipel: unknown option "--formt" for archipel check (did you mean --format?) (see archipel --help)\n']);
      assert.deepEqual(await said('threats', '--formt', 'json'), [2, 'archipel threats: unknown option "--formt" for archipel threats (did you mean --format?)\n']);
      assert.deepEqual(await said('exp', 'show', '--sortby', 'x'), [2, 'archipel: unknown option "--sortby" for archipel exp (did you mean --sort-by?) (see archipel --help)\n']);
      assert.ok(String((await said('diagram', 'k8s', '--fromat', 'json'))[1]).startsWith('archipel diagram: unknown option "--fromat" for archipel diagram (did you mean --format?)\n'));
      assert.deepEqual(await said('privacy', '--yaer', '2020'), [2, 'archipel: unknown option "--yaer" for archipel privacy (did you mean --year?) (see archipel --help)\n']);
      assert.deepEqual(await said('check', '--rule', 'k8s-shema=off', 'deploy.yaml'), [2, 'archipel: --rule names no rule "k8s-shema" (did you mean k8s-schema?); archipel rules lists them (see archipel --help)\n']);
      assert.deepEqual(await said('check', '--zzzzzzzzzz'), [2, 'archipel: unknown option "--zzzzzzzzzz" for archipel check (see archipel --help)\n']);
      assert.deepEqual(await said('check', 'notes.xyz'), [0, 'not checked: no family reads *.xyz (notes.xyz)\n0 file(s) checked, 0 problem(s), 0 error(s).\n']);
      assert.deepEqual(await said('check', 'notes.xyz', 'deploy.yaml'), [0, 'not checked: no family reads *.xyz (notes.xyz)\n1 file(s) checked, 0 problem(s), 0 error(s).\n']);
      // The built CLI (its families loaded on demand, rule ids from lazy.generated.ts) says the same.
      const built = spawnSync(process.execPath, [cli, 'check', '--rule', 'k8s-shema=off', 'notes.xyz'], { cwd: tree.root, encoding: 'utf8', env: { ...process.env, ARCHIPEL_LANG: 'en' } });
      assert.deepEqual([built.status, built.stderr], [2, 'archipel: --rule names no rule "k8s-shema" (did you mean k8s-schema?); archipel rules lists them (see archipel --help)\n']);
    } finally {
      tree.remove();
    }
  });
});
