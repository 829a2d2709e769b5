// Issue #68: `archipel check FILE` of one Dockerfile or one Kubernetes manifest evaluates the kernel and the
// families that file needs, no other family's code, and opens no file it does not need. Run as a user runs
// it: the built CLI as a child process, in a folder holding that file only. What it evaluated: the chunks of
// the CLI's bundle it loaded (ARCHIPEL_CODE_CACHE_LOG, a line per chunk), each read back to its sources by its
// source map, every module counted in its folder of server/src (FOLDERS below says whose each folder is); what it
// opened: strace's openat calls.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { familyEntries } from '../../../src/families/lazy.generated';
import { repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

const dist = path.join(repoRoot, 'dist', 'server');

/**
 * Whose each folder of server/src is, as the layering names them (scripts/lib/layers.cjs, the one list, which
 * .dependency-cruiser.cjs checks): the kernel — the runtime folders (cli, disk, families, platform, startup, lsp), the
 * engines (their job layer, engines/core, and the helpers the kernel's caches share) and the contracts and helpers every
 * family stands on (features, protocol, workspace, common, l10n, rules, schema), with the root files (cliMain.ts,
 * service.ts, settings.ts) —; the languages families embed (yaml, markdown, gotemplate, promql, drawing: a check runs
 * one for a file of a family that embeds it, and yaml/ for the index's YAML parse); and every other folder: a family's
 * (server/src/<id>/, the system map's system/ and serve's serve/ included).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const layers = require(path.join(repoRoot, 'scripts', 'lib', 'layers.cjs')) as { RUNTIME_FOLDERS: string[]; ENGINES_FOLDER: string; SHARED_FOLDERS: string[] };
const EMBEDDED_LANGUAGES = ['yaml', 'markdown', 'gotemplate', 'promql', 'drawing'];
const KERNEL_FOLDERS = new Set(['.', ...layers.RUNTIME_FOLDERS, layers.ENGINES_FOLDER, ...layers.SHARED_FOLDERS.filter((folder) => !EMBEDDED_LANGUAGES.includes(folder))]);
/** A folder of server/src: the kernel's, an embedded language's, or a family's. */
const whose = (folder: string): 'kernel' | 'language' | 'family' => (KERNEL_FOLDERS.has(folder) ? 'kernel' : EMBEDDED_LANGUAGES.includes(folder) ? 'language' : 'family');

const cli = path.join(dist, 'cli.js');
const familyIds = new Set(familyEntries.map((entry) => entry.id));

interface Run {
  /** The families whose descriptor module ran. */
  families: string[];
  /** The files of the package it opened (paths from the package root). */
  opened: string[];
  /** How many times it opened each file of the checked folder (paths from the folder). */
  openedInTree: Map<string, number>;
  /** The bytes it read of each file of the package it opened (`read` and `pread64`). */
  bytesRead: Map<string, number>;
  /** The folders of server/src whose `feature.ts` (a family's language features) ran. */
  features: string[];
  /** The packages of node_modules whose code ran. */
  packages: string[];
  /** The modules of server/src that ran and that a check never needs: a family's request handlers (`register.ts`: the CLI's bundle holds a stub in their place), the map's SVG drawing, the system map's renderers (system/diagram.ts and its writers: `archipel diagram`'s, loaded by the drawer's `prepare`), the Kubernetes topology (kubernetes/diagram.ts, likewise). */
  serverOnly: string[];
  /** The folders of server/src whose modules ran (`.`: the root files), each with its modules. */
  folders: Map<string, string[]>;
  /** The French catalogues that ran (`<folder>/fr.ts`, l10n/fr-cli.ts): none in a run in English (issue #68). */
  french: string[];
}

/** `archipel check --format json <file>` in a folder holding `files`, under strace (its opens and reads, each descriptor with its path), with a log of the chunks loaded. */
function checkOne(files: Record<string, string>, file: string): Run {
  const tree = makeTree(files);
  const scratch = mkdtempSync(path.join(tmpdir(), 'archipel-loads-'));
  try {
    const log = path.join(scratch, 'chunks.log');
    const trace = path.join(scratch, 'openat.log');
    const env = { ...process.env, ARCHIPEL_LANG: 'en', ARCHIPEL_CACHE_DIR: 'off', ARCHIPEL_CODE_CACHE_LOG: log };
    const run = spawnSync('strace', ['-f', '-qq', '-y', '-e', 'trace=openat,read,pread64', '-o', trace, process.execPath, cli, 'check', '--format', 'json', file], { cwd: tree.root, env, encoding: 'utf8' });
    assert.equal(run.error, undefined, `strace could not run (it is needed by this test): ${String(run.error)}`);
    assert.equal(run.status, 0, run.stderr);
    const families = new Set<string>();
    const features = new Set<string>();
    const packages = new Set<string>();
    const serverOnly = new Set<string>();
    const folders = new Map<string, string[]>();
    const french = new Set<string>();
    for (const chunk of new Set(readFileSync(log, 'utf8').trim().split('\n').map((line) => line.split(' ')[0]))) {
      if (!/^cliMain(-[A-Z0-9]+)?\.js$/.test(chunk)) continue;
      const map = path.join(dist, `${chunk}.map`);
      assert.ok(existsSync(map), `${chunk} has no source map: build with node esbuild.mjs (not --production)`);
      for (const source of (JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] }).sources) {
        const family = /server\/src\/families\/([a-z-]+)\.ts$/.exec(source)?.[1];
        if (family && familyIds.has(family)) families.add(family);
        const feature = /server\/src\/([a-z-]+)\/feature\.ts$/.exec(source)?.[1];
        if (feature) features.add(feature);
        const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source)?.[1];
        if (pkg) packages.add(pkg);
        // A stub of esbuild.mjs's no-server-requests plugin is named `no-server-requests:<path>`: its module did not run.
        if (!source.startsWith('no-server-requests:') && /server\/src\/(.+\/register|drawing\/[a-zA-Z]+|system\/(diagram|mermaid|plantuml|structurizr|json|aliases|map-svg\.lazy)|kubernetes\/diagram)\.ts$/.test(source)) serverOnly.add(source.slice(source.indexOf('server/src/')));
        const module = /^(?:\.\.\/)+server\/src\/(.+\.ts)$/.exec(source)?.[1];
        if (module && /(^|\/)fr(-cli)?\.ts$/.test(module)) french.add(module);
        // A family's files.ts (common/ownFiles.ts) is its light declaration of which files are its own: every check
        // runs them to choose the families, before loading any.
        if (module && /^[^/]+\/files\.ts$/.test(module)) continue;
        if (module) {
          const folder = module.includes('/') ? module.slice(0, module.indexOf('/')) : '.';
          folders.set(folder, [...(folders.get(folder) ?? []), module]);
        }
      }
    }
    const opened = new Set<string>();
    const openedInTree = new Map<string, number>();
    const bytesRead = new Map<string, number>();
    const inPackage = (file: string) => (file.startsWith(`${repoRoot}${path.sep}`) ? path.relative(repoRoot, file).split(path.sep).join('/') : undefined);
    /** A read another thread's call cut in two (`<unfinished ...>`, then `<... read resumed>`): its file, by thread. */
    const unfinished = new Map<string, string>();
    const count = (file: string | undefined, bytes: string) => {
      if (file) bytesRead.set(file, (bytesRead.get(file) ?? 0) + Number(bytes));
    };
    for (const line of readFileSync(trace, 'utf8').split('\n')) {
      // With -y, a descriptor is followed by its path: `AT_FDCWD</folder>`, `= 3</file>`, `read(3</file>, …) = 512`.
      const open = /openat\(AT_FDCWD(?:<[^>]*>)?, "([^"]+)", [^)]*\) = \d+/.exec(line);
      const file = open && inPackage(open[1]);
      if (file) opened.add(file);
      if (open?.[1].startsWith(`${tree.root}${path.sep}`)) openedInTree.set(path.relative(tree.root, open[1]), (openedInTree.get(path.relative(tree.root, open[1])) ?? 0) + 1);
      const read = /^(\d+) +(?:read|pread64)\(\d+<([^>]+)>, (?:.* = (\d+)$|.*<unfinished \.\.\.>$)/.exec(line);
      if (read?.[3] !== undefined) count(inPackage(read[2]), read[3]);
      else if (read) unfinished.set(read[1], read[2]);
      const resumed = /^(\d+) +<\.\.\. (?:read|pread64) resumed>.* = (\d+)$/.exec(line);
      if (resumed && unfinished.has(resumed[1])) count(inPackage(unfinished.get(resumed[1])!), resumed[2]);
      if (resumed) unfinished.delete(resumed[1]);
    }
    return { families: [...families].sort(), opened: [...opened].sort(), openedInTree, bytesRead, features: [...features].sort(), packages: [...packages].sort(), serverOnly: [...serverOnly].sort(), folders, french: [...french].sort() };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    tree.remove();
  }
}

/**
 * The folders of a family or an embedded language whose modules ran, but for `own` (the file's families: its own,
 * the system map every check builds, serve's contribution to it) and the languages they embed: the other families'
 * folders, each with its modules, for the assertion's message.
 */
function otherFolders(run: Run, own: readonly string[], languages: readonly string[]): Record<string, string[]> {
  assert.ok(run.folders.has('families') && run.folders.has('platform'), `the source maps name the modules: ${[...run.folders.keys()].join(', ')}`);
  return Object.fromEntries([...run.folders].filter(([folder]) => whose(folder) !== 'kernel' && !own.includes(folder) && !languages.includes(folder)).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * That `folders` (otherFolders: the folders of families the file does not need) is empty: a one-file check runs no
 * other family's code (issue #68: the Kubernetes model, the workflow model, the snippets, the Dockerfile's pins and the
 * Compose faces went behind their family's selector, Family.faces), so that any that creeps back in fails.
 */
function assertNoOtherFamily(folders: Record<string, string[]>): void {
  assert.deepEqual(Object.keys(folders), [], `other families' code ran: ${JSON.stringify(folders, null, 1)}`);
}

/** The one-file cases' files, read by the cli-start benchmark too (bench/cli-start.bench.mjs). */
const oneFile = (name: string) => readFileSync(path.join(repoRoot, 'server', 'test', 'fixtures', 'cli-one-file', name), 'utf8');
const DOCKERFILE = oneFile('Dockerfile');
const DEPLOYMENT = oneFile('deploy.yaml');

/** A rule file as awesome-prometheus-alerts writes them: its `groups:` list at the first column (a YAML list, but not a playbook's). */
const RULES = `groups:

- name: ApacheExporter

  rules:

    - alert: ApacheDown
      expr: 'apache_up == 0'
      for: 0m
      labels:
        severity: critical
      annotations:
        summary: Apache down (instance {{ $labels.instance }})
`;

/** What no one-file check runs (issue #68): the LSP protocol (the families' requests are the server's), the schema engine (but for a file validated by a schema), Markdown's parser. */
const NEVER_IN_A_CHECK = ['vscode-jsonrpc', 'vscode-languageserver-protocol', 'micromark', 'mdast-util-from-markdown'];
const SCHEMA_ENGINE = ['ajv', 'ajv-formats'];
/** The YAML libraries: each its own bundle in the CLI (esbuild.mjs's lazy-yaml, yaml/jsYaml.ts), opened when a YAML text is first read. */
const YAML_LIBRARIES = ['dist/server/lazy/yaml-jsyaml.js', 'dist/server/lazy/yaml-library.js'];

/** The bundle's files every check opens: the bin, the kernel, the pack of its chunks; the package's manifest (its version and root). */
const KERNEL_FILES = ['dist/server/cli.js', 'dist/server/cliMain-parts.pack', 'dist/server/cliMain.js', 'package.json'];

describe('archipel check of one file: only what that file needs (issue #68)', function () {
  this.timeout(60_000);

  it('a Dockerfile: the Dockerfile family and the system map (which reads every file), no other family; no schema, snippet, validator or YAML library opened', () => {
    const run = checkOne({ Dockerfile: DOCKERFILE }, 'Dockerfile');
    // serve: a contributor to the system map without a file selector of its own.
    assert.deepEqual(run.families, ['dockerfile', 'serve', 'system']);
    assert.deepEqual(run.features, ['dockerfile', 'system']);
    assert.deepEqual(
      run.opened.filter((file) => !/^dist\/server\/lazy\/dockerfile-[a-z]+\.js$/.test(file)),
      KERNEL_FILES,
    );
    assert.deepEqual(run.packages.filter((pkg) => [...NEVER_IN_A_CHECK, ...SCHEMA_ENGINE].includes(pkg)), [], 'no LSP protocol, schema engine or Markdown parser');
    // No YAML text read: neither YAML library (the `yaml` package, js-yaml) ran or was opened (issue #68).
    assert.deepEqual(run.packages.filter((pkg) => ['yaml', 'js-yaml'].includes(pkg)), [], 'no YAML library in the chunks it ran');
    assert.deepEqual(run.opened.filter((file) => YAML_LIBRARIES.includes(file)), [], 'no YAML library opened');
    assert.deepEqual(run.serverOnly, [], 'no request handler, no SVG drawing, no system map renderer');
    // In English: neither the kernel's French (l10n/french.lazy.ts, its own bundle, not opened: KERNEL_FILES) nor the families' (esbuild.mjs no-descriptor-french).
    assert.deepEqual(run.french, [], 'no French catalogue');
    // No other family's folder ran: not the Kubernetes model of the kernel's
    // index and `--changed`, no workflow, snippet, YAML family, Helm, Ansible, Terraform, Prometheus or ADR code.
    assertNoOtherFamily(otherFolders(run, ['dockerfile', 'system', 'serve'], ['yaml', 'markdown']));
    // The YAML helpers the index holds parsed YAML with (workspace/index.ts), not the YAML family's features.
    assert.ok(!run.folders.get('yaml')?.some((module) => /^yaml\/(feature|syntax|fr)\.ts$/.test(module)), String(run.folders.get('yaml')));
    // No Kubernetes code: not the model of the index or of --changed, nor the workloads the Dockerfile's checks and its
    // part of the map read (the Kubernetes family's face, Family.faces: none in a run without a manifest).
    assert.ok(!run.folders.has('kubernetes'), String(run.folders.get('kubernetes')));
    assert.ok(!run.folders.get('platform')?.includes('platform/changed.ts'), 'no --changed');
  });

  it('a Prometheus rule file: the YAML and Prometheus families and the system map; not Ansible (its first-column list is not a play) nor Kubernetes (no apiVersion, no kind); only the PromQL parser beside the kernel opened', () => {
    const run = checkOne({ 'apache.rules.yml': RULES }, 'apache.rules.yml');
    assert.deepEqual(run.families, ['prometheus', 'serve', 'system', 'yaml']);
    assert.deepEqual(run.features, ['prometheus', 'system', 'yaml']);
    assert.deepEqual(
      run.opened.filter((file) => file !== 'dist/server/lazy/promql-vendor.js' && !YAML_LIBRARIES.includes(file)),
      KERNEL_FILES,
    );
    // Its text is in the block subset (yaml/blockReader.ts): read without the `yaml` package.
    assert.ok(!run.opened.includes('dist/server/lazy/yaml-library.js'), 'the yaml package not read for a block-subset file');
    // Nor js-yaml: its plain scalars (names, `0m`) resolve without its types (yaml/scalars.ts).
    assert.ok(!run.opened.includes('dist/server/lazy/yaml-jsyaml.js'), 'js-yaml not read for a block-subset file of names and durations');
    assert.deepEqual(run.packages.filter((pkg) => [...NEVER_IN_A_CHECK, ...SCHEMA_ENGINE].includes(pkg)), [], 'no LSP protocol, schema engine or Markdown parser');
    assert.deepEqual(run.serverOnly, [], 'no request handler, no SVG drawing, no system map renderer');
    // In English: neither the kernel's French (l10n/french.lazy.ts, its own bundle, not opened: KERNEL_FILES) nor the families' (esbuild.mjs no-descriptor-french).
    assert.deepEqual(run.french, [], 'no French catalogue');
    // No Compose (its stack: the Compose family's face, Family.faces), Kubernetes, workflow, Dockerfile, snippet or Ansible code.
    assertNoOtherFamily(otherFolders(run, ['prometheus', 'yaml', 'system', 'serve'], ['promql', 'gotemplate', 'markdown']));
  });

  it('a Kubernetes Deployment: the YAML and Kubernetes families and the system map, none of the YAML families its content rules out; only Kubernetes schemas opened', () => {
    const run = checkOne({ 'deploy.yaml': DEPLOYMENT }, 'deploy.yaml');
    // The policy family (#96) reads every object a policy may apply to: its feature runs (no policy here: nothing found).
    assert.deepEqual(run.families, ['kubernetes', 'policy', 'serve', 'system', 'yaml']);
    assert.deepEqual(run.features, ['kubernetes', 'policy', 'system', 'yaml']);
    assert.deepEqual(
      run.opened.filter((file) => !/^(schemas\/kubernetes(\/[^/]+\.json)?|dist\/server\/k8s-validators\/[a-z-]+\.(js|json))$/.test(file) && !YAML_LIBRARIES.includes(file)),
      KERNEL_FILES,
    );
    assert.ok(!run.opened.includes('dist/server/lazy/yaml-library.js'), 'the yaml package not read for a block-subset file');
    // The schema bundles read as far as their kinds only (schema/lazyBundle.ts openSchemaBundle): a Deployment its
    // precompiled validator passes needs no definition, so neither the Kubernetes bundle's 1.8 MB nor Argo's are read.
    const bundles = run.opened.filter((file) => /^schemas\/kubernetes\/[^/]+\.json$/.test(file));
    assert.deepEqual(bundles, ['schemas/kubernetes/argo.json', 'schemas/kubernetes/kubernetes-1.36.json']);
    for (const bundle of bundles) {
      const read = run.bytesRead.get(bundle) ?? 0;
      assert.ok(read > 0 && read <= 64 * 1024, `${bundle}: ${read} bytes read, its head only`);
    }
    // Nor js-yaml: a manifest's plain scalars (names, quantities, versions) resolve without its types (yaml/scalars.ts, issue #68).
    assert.ok(!run.opened.includes('dist/server/lazy/yaml-jsyaml.js'), 'js-yaml not read for a block-subset manifest');
    // The schema engine runs the Deployment's validators; nothing of the server's.
    assert.deepEqual(run.packages.filter((pkg) => NEVER_IN_A_CHECK.includes(pkg)), [], 'no LSP protocol or Markdown parser');
    assert.deepEqual(run.serverOnly, [], 'no request handler, no SVG drawing, no system map renderer, no Kubernetes topology');
    // In English: neither the kernel's French (l10n/french.lazy.ts, its own bundle, not opened: KERNEL_FILES) nor the families' (esbuild.mjs no-descriptor-french).
    assert.deepEqual(run.french, [], 'no French catalogue');
    // No Dockerfile (its pins: Family.knownPin, from the run's families), workflow, snippet, Helm or Terraform code.
    // gotemplate/regex.ts (and the two small modules it imports): the RE2 shim Kyverno's regex functions use, loaded with
    // the policy feature — its re2js bundle itself only with a policy's first pattern. A cost on every manifest (#96).
    assertNoOtherFamily(otherFolders(run, ['kubernetes', 'yaml', 'system', 'serve', 'policy'], ['markdown', 'gotemplate']));
    assert.ok(!run.folders.get('platform')?.includes('platform/changed.ts'), 'no --changed');
  });

  it("a folder of 112 rule files (awesome-prometheus-alerts' count; one of them naming http_requests_total): the same families as one, no Ansible, Terraform or cost code; each file opened once", () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 112; i++) files[`rules/r${i}.rules.yml`] = RULES.replace('ApacheDown', `ApacheDown${i}`);
    // A PromQL metric's `requests` is not a manifest's `requests:` (the cost family's claim, cost/files.ts).
    files['rules/r0.rules.yml'] = RULES.replace("'apache_up == 0'", "'rate(http_requests_total[5m]) > 0'");
    const run = checkOne(files, '.');
    assert.deepEqual(run.families, ['prometheus', 'serve', 'system', 'yaml']);
    assert.deepEqual(run.features, ['prometheus', 'system', 'yaml']);
    assertNoOtherFamily(otherFolders(run, ['prometheus', 'yaml', 'system', 'serve'], ['promql', 'gotemplate', 'markdown']));
    // Read once: the head read to choose the families held the whole file, and the index took it from there.
    const opened = [...run.openedInTree].filter(([file]) => file.endsWith('.yml'));
    assert.deepEqual(opened.filter(([, opens]) => opens !== 1), []);
    assert.equal(opened.length, 112);
  });

  it("the 112 rule files checked beside a compose/ folder of 20 Compose projects (cli-start's layout): no Ansible code (issue #84: each YAML file was counted twice against the 256-sniff cap, so 132 files passed it)", () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 112; i++) files[`rules/r${i}.rules.yml`] = RULES.replace('ApacheDown', `ApacheDown${i}`);
    for (let i = 0; i < 20; i++) files[`compose/p${i}/compose.yaml`] = `services:\n  web${i}:\n    image: nginx:1.27\n`;
    const run = checkOne(files, 'rules');
    assert.ok(run.families.includes('prometheus'), run.families.join(', '));
    assert.ok(!run.families.includes('ansible'), run.families.join(', '));
    assert.equal(run.folders.get('ansible'), undefined);
  });
});
