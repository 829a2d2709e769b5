// The maintainer commands the documentation gives (#69): every `node scripts/….mjs`, `node bench/….mjs`
// and `npm run …` of README.md and docs/ names a script that exists and answers `--help` (its usage,
// exit 0, before it builds or runs anything); every benchmark a page names is one bench/ has; a
// generator of committed files writes only with --write (scripts/lib/generated.mjs); and a command
// that needs out/ or dist/ builds them when a clone set up with `npm install` alone has neither
// (scripts/lib/built.mjs), instead of stopping on MODULE_NOT_FOUND.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

interface GeneratedModule {
  generatedFiles(argv: string[], root: string): { write: boolean; put(file: string, text: string): void; finish(): number };
  lineChanges(before: string, after: string): { added: number; removed: number };
}

interface BuiltModule {
  compileReason(root: string): string | undefined;
  bundleReason(root: string): string | undefined;
}

/** Every page the commands are written in: the README and docs/ (its sub-folders too). */
function pages(): { file: string; text: string }[] {
  const out = [{ file: 'README.md', text: readFileSync(path.join(repoRoot, 'README.md'), 'utf8') }];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(repoRoot, dir), { withFileTypes: true })) {
      const relative = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(relative);
      else if (entry.name.endsWith('.md')) out.push({ file: relative, text: readFileSync(path.join(repoRoot, relative), 'utf8') });
    }
  };
  walk('docs');
  return out;
}

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

interface Command {
  /** The script run (from the repository's root). */
  script: string;
  /** Its arguments as the page writes them. */
  args: string[];
  /** Where it is written. */
  where: string;
}

/** The commands the pages write, each resolved to the script it runs (`npm run X`: package.json's `node …` of X). */
function documentedCommands(): { commands: Command[]; unresolved: string[] } {
  const commands: Command[] = [];
  const unresolved: string[] = [];
  const words = (text: string) => text.trim().split(/\s+/).filter((w) => w !== '' && w !== '--' && !w.startsWith('#'));
  for (const { file, text } of pages()) {
    for (const m of text.matchAll(/\bnode ((?:scripts|bench)\/[\w./-]+\.mjs)([^`\n|]*)/g)) commands.push({ script: m[1], args: words(m[2].split('#')[0]), where: file });
    for (const m of text.matchAll(/\bnpm (?:run ([\w:-]+)|(start|test)\b)([^`\n|&]*)/g)) {
      const name = m[1] ?? m[2];
      const script = manifest.scripts[name];
      const node = script && /\bnode ((?:scripts|bench)\/[\w./-]+\.mjs|esbuild\.mjs)/.exec(script)?.[1];
      if (!node) {
        // `npm run typecheck` and the like are tsc's, not a script of ours.
        if (!script || !/^tsc\b/.test(script)) unresolved.push(`${file}: npm ${m[1] ? 'run ' : ''}${name}`);
        continue;
      }
      commands.push({ script: node, args: words(m[3].split('#')[0]), where: file });
    }
  }
  return { commands, unresolved };
}


describe('the maintainer commands the documentation gives (#69)', function () {
  this.timeout(240_000);
  const { commands, unresolved } = documentedCommands();

  it('each names a script that exists (npm run X: a script of package.json that runs one)', function () {
    assert.ok(commands.length > 30, `only ${commands.length} commands found`);
    assert.deepEqual(unresolved, [], 'npm scripts the pages name that package.json does not have');
    assert.deepEqual(commands.filter((c) => !existsSync(path.join(repoRoot, c.script))).map((c) => `${c.where}: ${c.script}`), []);
  });

  it('each answers --help: its usage on stdout, exit 0, nothing built or run', function () {
    const scripts = [...new Set(commands.map((c) => c.script))].sort();
    assert.ok(scripts.includes('bench/run.mjs') && scripts.includes('scripts/docs-panel-screenshot.mjs'), scripts.join(', '));
    const failed: string[] = [];
    for (const script of scripts) {
      const run = spawnSync(process.execPath, [script, '--help'], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ARCHIPEL_BENCH_TINY: '' }, timeout: 60_000 });
      if (run.status !== 0 || run.stdout.trim().length < 40) failed.push(`${script}: exit ${run.status ?? run.signal}, ${JSON.stringify((run.stdout + run.stderr).slice(0, 300))}`);
    }
    assert.deepEqual(failed, []);
  });

  it('each benchmark a page names is one bench/ has, and each panel picture one docs-panel-screenshot.mjs makes', function () {
    const benches = new Set(readdirSync(path.join(repoRoot, 'bench')).filter((f) => f.endsWith('.bench.mjs')).map((f) => f.slice(0, -'.bench.mjs'.length)));
    const named = commands.filter((c) => c.script === 'bench/run.mjs').flatMap((c) => {
      const positionals = c.args.filter((a, i) => !a.startsWith('-') && !/^--(runs|edits|completions|files)$/.test(c.args[i - 1] ?? '') && /^[a-z0-9-]+$/.test(a));
      return positionals.map((name) => ({ name, where: c.where }));
    });
    assert.ok(named.length > 10, `only ${named.length} benchmarks named`);
    assert.deepEqual(named.filter((n) => !benches.has(n.name)).map((n) => `${n.where}: ${n.name}`), []);
    const usage = spawnSync(process.execPath, ['scripts/docs-panel-screenshot.mjs', '--help'], { cwd: repoRoot, encoding: 'utf8' }).stdout;
    const pictures = commands.filter((c) => c.script === 'scripts/docs-panel-screenshot.mjs').flatMap((c) => c.args);
    assert.ok(pictures.length > 0);
    for (const name of pictures) assert.ok(usage.includes(name), `docs-panel-screenshot.mjs ${name}`);
  });

  it('every picture of the walkthrough is made from its step by scripts/walkthrough-pictures.mjs', function () {
    const manifestSteps = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { walkthroughs: { steps: { id: string; media: { image?: string } }[] }[] } }).contributes.walkthroughs[0].steps;
    const pictured = manifestSteps.filter((s) => s.media.image).map((s) => s.id).sort();
    const script = readFileSync(path.join(repoRoot, 'scripts', 'walkthrough-pictures.mjs'), 'utf8');
    const finish = /const FINISH = \{([\s\S]*?)\n\};/.exec(script)?.[1] ?? '';
    const taught = [...finish.matchAll(/^ {2}async (\w+)\(/gm)].map((m) => m[1]).sort();
    assert.ok(pictured.length >= 3, pictured.join(', '));
    assert.deepEqual(taught, pictured, 'the steps with a picture and those the script finishes');
    for (const id of pictured) assert.match(script, new RegExp(`\\b${id}: '(window|panel)'`), `${id}'s frame`);
  });

  it('a generator writes only with --write; without it, it prints the difference and writes nothing; --check exits 1 on a stale file', async function () {
    const generated = (await import(pathToFileURL(path.join(repoRoot, 'scripts', 'lib', 'generated.mjs')).href)) as GeneratedModule;
    assert.deepEqual(generated.lineChanges('a\nb\nc\n', 'a\nc\nd\ne\n'), { added: 2, removed: 1 });
    const tree = makeTree({ 'data/x.json': '{\n  "a": 1\n}\n' });
    const file = path.join(tree.root, 'data', 'x.json');
    const stdout = process.stdout.write.bind(process.stdout);
    const stderr = process.stderr.write.bind(process.stderr);
    let printed = '';
    let said = '';
    process.stdout.write = ((chunk: string) => ((printed += chunk), true));
    process.stderr.write = ((chunk: string) => ((said += chunk), true));
    try {
      const dry = generated.generatedFiles([], tree.root);
      dry.put(file, '{\n  "a": 2\n}\n');
      const dryStatus = dry.finish();
      const check = generated.generatedFiles(['--check'], tree.root);
      check.put(file, '{\n  "a": 2\n}\n');
      const checkStatus = check.finish();
      const untouched = readFileSync(file, 'utf8');
      const write = generated.generatedFiles(['--write'], tree.root);
      write.put(file, '{\n  "a": 2\n}\n');
      const writeStatus = write.finish();
      process.stdout.write = stdout;
      process.stderr.write = stderr;
      assert.deepEqual([dryStatus, checkStatus, writeStatus], [0, 1, 0]);
      assert.equal(untouched, '{\n  "a": 1\n}\n', 'nothing written without --write');
      assert.equal(readFileSync(file, 'utf8'), '{\n  "a": 2\n}\n');
      assert.match(printed, /^--- data\/x\.json \(committed\)\n\+\+\+ data\/x\.json \(generated\)\n@@[^\n]*\n \{\n- {2}"a": 1\n\+ {2}"a": 2\n/);
      assert.match(said, /would change data\/x\.json \(\+1 −1 lines\)\n1 file\(s\) differ from what this generates; nothing was written \(--write writes them\)\./);
      assert.match(said, /wrote data\/x\.json/);
    } finally {
      process.stdout.write = stdout;
      process.stderr.write = stderr;
      tree.remove();
    }
  });

  it('a clone after `npm install` alone (no out/, no dist/) is built by the command that needs it; an up-to-date one is not', async function () {
    const built = (await import(pathToFileURL(path.join(repoRoot, 'scripts', 'lib', 'built.mjs')).href)) as BuiltModule;
    const tree = makeTree({ 'esbuild.mjs': '', 'tsconfig.base.json': '{}', 'server/src/a.ts': 'export {};\n', 'webviews/p.ts': '', 'client/src/e.ts': '' });
    try {
      const root = tree.root;
      assert.match(built.compileReason(root) ?? '', /out\/ is missing/);
      assert.match(built.bundleReason(root) ?? '', /dist\/ is missing/);
      const old = new Date(Date.now() - 60_000);
      for (const f of ['server', 'client', 'webviews']) {
        mkdirSync(path.join(root, 'out', f), { recursive: true });
        writeFileSync(path.join(root, 'out', f, 'tsconfig.tsbuildinfo'), '{}');
      }
      for (const f of ['server/cli.js', 'server/server.js', 'client/extension.js']) {
        mkdirSync(path.dirname(path.join(root, 'dist', f)), { recursive: true });
        writeFileSync(path.join(root, 'dist', f), '');
      }
      for (const f of ['esbuild.mjs', 'tsconfig.base.json', 'server/src/a.ts', 'webviews/p.ts', 'client/src/e.ts']) utimesSync(path.join(root, f), old, old);
      assert.deepEqual([built.compileReason(root), built.bundleReason(root)], [undefined, undefined]);
      // A source edited since: both are stale.
      writeFileSync(path.join(root, 'webviews', 'p.ts'), 'export const x = 1;\n');
      const later = new Date(Date.now() + 60_000);
      utimesSync(path.join(root, 'webviews', 'p.ts'), later, later);
      assert.match(built.compileReason(root) ?? '', /older than the sources/);
      assert.match(built.bundleReason(root) ?? '', /older than the sources/);
    } finally {
      tree.remove();
    }
  });
});
