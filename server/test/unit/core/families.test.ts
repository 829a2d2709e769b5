// The families' list and what is derived from it (issue #36): the generated files are up to date,
// every rule has one family, and the one file selector gives the scan, the CLI and the server the
// same answer for every file (upper-case extensions, extension-less names, sniffed files).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { minimatch, Minimatch } from 'minimatch';
import { caseInsensitiveGlob, FileMatcher, selectorGlobs } from '../../../src/common/fileSelector';
import { clientFiles, familiesOfRule, rulesPage, settingsManifest, workerEntries } from '../../../src/families/derived';
import { createFeatures, families, familyFiles, familyHost } from '../../../src/families/index';
import { usageLines, type Family } from '../../../src/families/descriptor';
import type { Feature } from '../../../src/features/feature';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { WorkspaceIndex } from '../../../src/workspace/index';
import '../../../src/platform/project';
import { scanFolder } from '../../../src/platform/scan';
import { allRules } from '../../../src/rules/registry';
import { defaultSettings, normalizeSettings, settingsSections } from '../../../src/settings';
import { runCli } from '../../cliRun';
import { repoRoot } from '../../helpers';
import { homeViolations, type Source } from '../../homes';
import { makeTree } from '../../tempdir';

const stale = 'is stale: run node scripts/gen-families.mjs --write';

describe('the families (families/index.ts) and what is derived from them', () => {
  it('package.json names the client document selector and watchers of every family', () => {
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { archipel?: unknown };
    assert.deepEqual(manifest.archipel, clientFiles(families), `package.json's archipel field ${stale}`);
  });

  it("the files families read beside theirs (a Compose project's .env, a .dockerignore) are watched, and never sent as documents", () => {
    const files = clientFiles(families);
    const matches = (globs: readonly string[], name: string) => globs.some((glob) => minimatch(`w/${name}`, glob, { dot: true }));
    for (const name of ['.env', '.env.production', 'web-variables.env', '.dockerignore', 'api.dockerignore']) {
      assert.ok(matches(files.sideFiles, name), `${name} is watched`);
      assert.ok(!matches(files.patterns, name), `${name} is no document of a family`);
    }
  });

  it("docs/rules.md's table is the families' rules, by family", () => {
    const page = readFileSync(path.join(repoRoot, 'docs', 'rules.md'), 'utf8');
    assert.equal(page, rulesPage(page, families, allRules()), `docs/rules.md ${stale}`);
  });

  it('every rule belongs to exactly one family', () => {
    const owners = allRules().map((rule) => `${rule.id}: ${familiesOfRule(rule.id, families).map((f) => f.id).join(', ') || 'none'}`);
    assert.deepEqual(
      owners.filter((line) => !/^[^:]+: [a-z-]+$/.test(line)),
      [],
    );
  });

  it('ids, worker bundles and command names are unique; workers exist', () => {
    const ids = families.map((f) => f.id);
    assert.equal(new Set(ids).size, ids.length);
    const entries = workerEntries(families);
    assert.ok(Object.keys(entries).length >= 5);
    for (const entry of Object.values(entries)) assert.ok(readFileSync(path.join(repoRoot, entry)), entry);
    const names = families.flatMap((f) => f.commands ?? []).flatMap((c) => c.names);
    assert.equal(new Set(names).size, names.length);
  });

  it('the settings: every family section declared, normalised from nothing to its defaults', () => {
    const declared = settingsSections().map((s) => s.section);
    for (const family of families) if (family.settings) assert.ok(declared.includes(family.settings.section), family.id);
    assert.deepEqual(normalizeSettings({}), defaultSettings);
    assert.equal(normalizeSettings({ kubernetes: { version: '1.30' } }).kubernetes.version, '1.30');
  });

  it('the settings the editor declares are derived: each key of a section is declared with its default, and a name declared twice is refused', () => {
    const manifest = settingsManifest(families);
    for (const family of families) {
      const section = family.settings;
      if (!section) continue;
      for (const [key, schema] of Object.entries(section.manifest.properties)) {
        const defaults = section.defaults as Record<string, unknown>;
        // blur's section defaults to "nothing set" (archipel.yaml decides); every other declares its defaults.
        if (Object.keys(defaults).length > 0) assert.deepEqual(schema.default, defaults[key], `archipel.${section.section}.${key}`);
        assert.equal(manifest.properties[`archipel.${section.section}.${key}`], schema);
      }
    }
    const [kubernetes] = families.filter((f) => f.id === 'kubernetes');
    assert.throws(() => settingsManifest([kubernetes, kubernetes]), /setting archipel\.kubernetes\.version declared twice/);
    const english = JSON.parse(readFileSync(path.join(repoRoot, 'package.nls.json'), 'utf8')) as Record<string, string>;
    for (const [key, text] of Object.entries(manifest.strings)) assert.equal(english[key], text.en, key);
  });

  it('archipel --help lists every family command, and each is dispatched', async () => {
    const help = await runCli(['--help'], repoRoot);
    for (const command of families.flatMap((f) => f.commands ?? [])) assert.ok(help.out.includes(usageLines(command, families)), command.names[0]);
    const unknown = await runCli(['no-such-command'], repoRoot);
    assert.equal(unknown.code, 2);
  });
});

describe('the file selector (common/fileSelector.ts)', () => {
  const matcher = new FileMatcher(
    [
      { names: ['Dockerfile'], globs: ['compose*.y?(a)ml', 'prometheus/*.yml'] },
      { extensions: ['.rules.yml'], sniff: { candidates: { extensions: ['.json'] }, bytes: 64, claims: (head) => head.includes('"panels"') && head.includes('"schemaVersion"') } },
    ],
    ['deploy/**/*.tpl'],
  );

  it('matches names, endings and globs whatever their case, on the base name or the path end', () => {
    for (const yes of ['Dockerfile', 'src/DOCKERFILE', 'compose.yaml', 'a/compose.prod.YML', 'x/prometheus/prom.yml', 'alert.Rules.YML', 'deploy/a/b.tpl'])
      assert.equal(matcher.match(yes), 'yes', yes);
    for (const no of ['Dockerfile.txt', 'composer.json.bak', 'prom.yml', 'rules.yml', 'a.tpl']) assert.notEqual(matcher.match(no), 'yes', no);
  });

  it('sniffs candidates from their first bytes only', () => {
    assert.equal(matcher.match('dash/board.json'), 'sniff');
    assert.equal(matcher.claims('dash/board.json', '{"panels": [], "schemaVersion": 39}'), true);
    assert.equal(matcher.claims('dash/board.json', '{"name": "x"}'), false);
    // Past the bytes the family asked for: not looked at.
    assert.equal(matcher.claims('dash/board.json', `{${' '.repeat(100)}"panels": [], "schemaVersion": 39}`), false);
    assert.equal(matcher.selects('dash/board.json'), false);
  });

  it("each glob answers as the glob itself, matched whole: the base-name test before it compiles skips only what it cannot match (issue #68)", () => {
    // Every family's globs and sniff candidates, and globs of the shapes a user's settings may give.
    const globs = [
      ...families.flatMap((family) => [...(family.files?.globs ?? []), ...(family.files?.sniff?.candidates.globs ?? [])]),
      'deploy/**/*.tpl',
      '*.{yml,yaml}',
      'x?(a)y.json',
      '[ab]*.txt',
      'a{b,c{d,e}}.yml',
      '{x/y,z}/w.yml',
      'q/@(r/s|t)/*.json',
      'k/[/]/m.yml',
      '{1..3}.yml',
      '!*.md',
      'k8s/**',
      'Dockerfile',
      '/abs/*.yaml',
      '*rules*',
      // The literal pieces between `*`s and the folders of one brace of names, tested before the glob is matched (issue #68).
      '*a*b*.yml',
      'x*y*z',
      '*.*.*',
      '{group_vars,host_vars}/**',
      '{inventory}/x.yml',
      'a/{b,c}/*.json',
      '*rules*.{yml,yaml}',
      'ab*ba',
    ];
    // Every fixture's path (relative, and with a folder), and names made to be near a glob's literal parts.
    const fixtures = path.join(repoRoot, 'server', 'test', 'fixtures');
    const paths = readdirSync(fixtures, { recursive: true }).map(String).slice(0, 5_000);
    for (const glob of globs) {
      const lower = glob.toLowerCase().replace(/^\/+/, '').replace(/\*\*\/?|[*?[\]{}()!+@|\\,]/g, ' ').split(/[ /]+/).filter((part) => part !== '');
      for (const part of lower) paths.push(part, `${part}.yml`, `a/${part}`, `${part}/${part}`, `x.${part}`, `${part}.${part}`, `${part}s/b.json`, `.${part}`, `${part}/x/y.yml`, `${part}/y.yaml`, `z/${part}/a/b.json`, `${part}/a/${part}.yml`);
    }
    paths.push('x/y/w.yml', 'z/w.yml', 'y/w.yml', 'q/r/s/a.json', 'q/t/a.json', 'k/m.yml', 'compose.yml', 'docker-compose.prod.yaml', 'Dockerfile.dev', 'api.Dockerfile', 'roles/web/tasks/main.yml', 'group_vars/all', 'templates/a/b.tpl', 'abs/x.yaml', '/abs/x.yaml', 'xay.json', 'xy.json', 'bfoo.txt', 'ab.yml', 'ace.yml', '2.yml', 'README.md');
    paths.push('ba.yml', 'aab.yml', 'b.a.yml', 'xab.yml', 'xyz', 'xzy', 'xyyz', 'xz', 'a.b', 'a.b.c', '..', 'rules.yml', 'ru.yml', 'myrulesx.yaml', 'x/rules/y.yml');
    paths.push('group_vars/all', 'host_vars/h/x.yml', 'group_vars', 'x/group_vars_/y', '{inventory}/x.yml', 'inventory/x.yml', 'a/b/x.json', 'a/c/x.json', 'a/d/x.json', 'a/bc/x.json', 'aba', 'abba', 'ababa');
    for (const glob of globs) {
      const pattern = glob.startsWith('/') || glob.startsWith('**/') ? glob : `**/${glob}`;
      const whole = new Minimatch(pattern.toLowerCase(), { dot: true, nocase: true });
      const selector = new FileMatcher([{ globs: [glob] }]);
      for (const file of paths) {
        const lowered = file.replace(/\\/g, '/').toLowerCase();
        assert.equal(selector.match(file) === 'yes', whole.match(lowered), `${glob} on ${file}`);
      }
    }
  });

  it("the content tests choosing a family read a YAML file's first lines and its words as before (issue #68: without a split or a lowered copy)", () => {
    const ansible = families.find((family) => family.id === 'ansible')?.own?.test;
    const raci = families.find((family) => family.id === 'raci')?.own?.test;
    assert.ok(ansible && raci);
    const of = (text: string | undefined) => () => text;
    // The first document is a list when its first line that says something starts one, within 200 lines.
    assert.equal(ansible('a/site.yml', of('# plays\n---\n\n- hosts: web\n')), true);
    assert.equal(ansible('a/rules.yml', of('groups:\n  - name: x\n')), false);
    assert.equal(ansible('a/x.yml', of(`${'# c\n'.repeat(199)}- a\n`)), true);
    assert.equal(ansible('a/x.yml', of(`${'# c\n'.repeat(200)}key: v\n`)), true);
    assert.equal(ansible('a/x.yml', of(`${'\n'.repeat(100)}key: v\n- a\n`)), false);
    assert.equal(ansible('a/x.yml', of('--- !!seq\n- a\n')), true);
    assert.equal(ansible('a/x.yml', of('')), true);
    assert.equal(ansible('a/x.yml', of(undefined)), true);
    // `raci` in any case, İ lowering to i and a dot as toLowerCase has it.
    for (const [text, expected] of [['kind: RACI', true], ['kind: Raci', true], ['RACİ', true], ['rac i', false], ['groups: []', false]] as const) assert.equal(raci('a/x.yml', of(text)), expected, text);
    assert.equal(raci('a/x.yml', of(undefined)), true);
  });

  it("VS Code's globs for the client: case-insensitive letters, braces for extglobs", () => {
    assert.equal(caseInsensitiveGlob('*.yml'), '*.[yY][mM][lL]');
    assert.equal(caseInsensitiveGlob('compose*.y?(a)ml'), '[cC][oO][mM][pP][oO][sS][eE]*.[yY]{,[aA]}[mM][lL]');
    assert.deepEqual(selectorGlobs([{ names: ['Dockerfile'] }]), ['**/[dD][oO][cC][kK][eE][rR][fF][iI][lL][eE]']);
  });
});

describe('archipel check ., archipel check FILE and the server agree on every file', function () {
  this.timeout(120_000);
  const broken = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: "two"\n';

  it('an upper-case extension is checked by check . as by check FILE (it was skipped by the scan)', async () => {
    const tree = makeTree({ 'upper.YAML': broken, 'lower.yaml': broken, 'notes.txt': broken });
    try {
      const files = await scanFolder(tree.root, { files: familyFiles() });
      assert.deepEqual(files.map((f) => path.basename(f)), ['lower.yaml', 'upper.YAML']);
      const all = await runCli(['check', '--format', 'json', '.'], tree.root);
      const one = await runCli(['check', '--format', 'json', 'upper.YAML'], tree.root);
      const of = (out: string, file: string) => (JSON.parse(out) as { file: string; code: string }[]).filter((p) => p.file === file).map((p) => p.code);
      assert.ok(of(one.out, 'upper.YAML').length > 0);
      assert.deepEqual(of(all.out, 'upper.YAML'), of(one.out, 'upper.YAML'));
      // The server's selection (lsp/server.ts isIndexed) is the same matcher's.
      assert.equal(familyFiles().selects(`file://${tree.root}/upper.YAML`), true);
      assert.equal(familyFiles().selects(`file://${tree.root}/notes.txt`), false);
    } finally {
      tree.remove();
    }
  });
});

describe('one home per kind (issue #53): homes.ts', () => {
  const sourceRoot = path.join(repoRoot, 'server', 'src');
  const sources = (): Source[] =>
    readdirSync(sourceRoot, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
      .map((entry) => {
        const file = path.join(entry.parentPath, entry.name);
        return { path: path.relative(sourceRoot, file).split(path.sep).join('/'), text: readFileSync(file, 'utf8') };
      });

  it("a family's French is its folder's fr.ts and its requests are registered in its one register.ts", () => {
    assert.deepEqual(homeViolations(sources()), []);
  });

  it('catches a catalogue, a registration or a second register module planted outside its home', () => {
    const planted: Source[] = [
      ...sources(),
      { path: 'kubernetes/messagesFr.ts', text: "export const frMore: Readonly<Record<string, string>> = { 'a': 'b' };\n" },
      { path: 'kubernetes/links2.ts', text: 'export function more(registry: R): void {\n  registry.onRequest(T, () => 1);\n}\n' },
      { path: 'compose/register.ts', text: 'export function composeRequests(registry: R): void {\n  registry.onRequest(T, () => 1);\n}\n' },
    ];
    assert.deepEqual(homeViolations(planted), [
      'kubernetes/messagesFr.ts: a French catalogue outside its home (a family\'s is <folder>/fr.ts, installed by its descriptor)',
      "kubernetes/links2.ts: registers requests outside its family's register.ts",
      'compose/register.ts: called by no descriptor, not by one',
    ]);
  });
});

describe('features dispatched by the selector (issue #53): a file goes only to the features of the families that take it', () => {
  it("a family's feature is asked about its files only; a feature declaring what it reads keeps its own; a family without a selector gets every file", () => {
    const asked: string[] = [];
    const feature = (id: string, extra: Partial<Feature> = {}): Feature => ({ id, findings: (file) => (asked.push(`${id} ${path.basename(file.uri)}`), []), ...extra });
    const toy = (id: string, files: Family['files'], extra?: Partial<Feature>): Family => ({ id, title: id, files, features: () => [feature(id, extra)] });
    const list: Family[] = [
      toy('toy', { extensions: ['.toy'] }),
      toy('yamlish', { extensions: ['.yaml'] }),
      // Reads every Markdown file whatever its family's selector says (a cross-family rule).
      toy('reader', { extensions: ['.yaml'] }, { takes: (file) => file.uri.endsWith('.md') }),
      { id: 'anything', title: 'anything', features: () => [feature('anything')] },
    ];
    const features = createFeatures(familyHost(), list);
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const context = { index, settings: defaultSettings, isCancelled: () => false, roots: [] };
    for (const name of ['a.toy', 'b.yaml', 'c.md']) diagnoseFile(index.update(`file:///w/${name}`, 'x: 1\n'), features, context);
    assert.deepEqual(asked, ['toy a.toy', 'anything a.toy', 'yamlish b.yaml', 'anything b.yaml', 'reader c.md', 'anything c.md']);
  });
});
