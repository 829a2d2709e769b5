// The `.lazy.ts` modules as the build ships them (esbuild.mjs, lazyRequires): each is a bundle of its
// own in dist/server/lazy/, the language server's and the CLI's bundles require it at run time and
// hold none of its libraries (PromQL's parser with CodeMirror, dockerfile-ast, re2js: read at every
// start before, issue #36's start-up), and the built CLI checks Dockerfiles, PromQL and relabel
// regexes through them. Built by `npm test`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

const dist = path.join(repoRoot, 'dist', 'server');

function lazyModules(folder = path.join(repoRoot, 'server', 'src')): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(folder, entry.name);
    return entry.isDirectory() ? lazyModules(file) : entry.name.endsWith('.lazy.ts') ? [file] : [];
  });
}

/** The chunks cliMain-parts.pack holds (a JSON index line `{ name: [offset, length] }`, then the sources): name and source. */
function packedChunks(): { name: string; text: string }[] {
  const pack = readFileSync(path.join(dist, 'cliMain-parts.pack'));
  const end = pack.indexOf(10);
  const index = JSON.parse(pack.subarray(0, end).toString('utf8')) as Record<string, [number, number]>;
  return Object.entries(index).map(([name, [offset, length]]) => ({ name, text: pack.subarray(end + 1 + offset, end + 1 + offset + length).toString('utf8') }));
}

/** The inputs of a bundle file (dist/server/<name>), from its source map (the CLI's chunks are minified: no input comments). */
function inputsOf(name: string): string[] {
  return (JSON.parse(readFileSync(path.join(dist, `${name}.map`), 'utf8')) as { sources: string[] }).sources;
}

describe('lazy bundles (`*.lazy.ts`)', function () {
  this.timeout(120_000);
  const modules = lazyModules();
  const bundleOf = (file: string) => `lazy/${path.basename(path.dirname(file))}-${path.basename(file, '.lazy.ts')}.js`;

  it('each is a bundle of its own, which the server and the CLI require instead of holding its libraries', () => {
    assert.ok(modules.length >= 3, 'the PromQL, Dockerfile and RE2 libraries are lazy');
    for (const bundle of ['serverMain.js', 'cliMain.js']) {
      // cliMain.js with its chunks (esbuild.mjs splits it at its dynamic imports and packs the chunks in cliMain-parts.pack),
      // but the chunks of Fastify (`archipel serve`, loaded on run), which bundles its own Ajv for its routes' schemas.
      const chunks = bundle === 'cliMain.js' ? packedChunks().filter((chunk) => !inputsOf(chunk.name).some((input) => input.includes('node_modules/fastify/'))) : [];
      const text = [readFileSync(path.join(dist, bundle), 'utf8'), ...chunks.map((chunk) => chunk.text)].join('\n');
      const inputs = [...inputsOf(bundle), ...chunks.flatMap((chunk) => inputsOf(chunk.name))];
      for (const file of modules) {
        // The `yaml` package is the CLI's lazy bundle only (esbuild.mjs, lazy-yaml): the server parses YAML from its first scan.
        if (bundle === 'serverMain.js' && bundleOf(file) === 'lazy/yaml-library.js') continue;
        // OPA's SDK serves `archipel policy eval` only (Rego is evaluated on the command line, not live: issue #96); the CEL evaluator is the policy feature's.
        if (bundle === 'serverMain.js' && bundleOf(file) === 'lazy/policy-rego.js') continue;
        assert.ok(existsSync(path.join(dist, bundleOf(file))), bundleOf(file));
        // In cliMain's chunks, through esbuild's `__require` of the shared runtime chunk, minified: `(0,re.a)("./lazy/….js")`.
        assert.ok(text.includes(`require("./${bundleOf(file)}")`) || text.includes(`)("./${bundleOf(file)}")`), `${bundle} requires ${bundleOf(file)}`);
        // What the module re-exports (its packages) is not in the bundle (its inputs, from the source maps).
        for (const from of readFileSync(file, 'utf8').matchAll(/from '((?:@[^/']+\/)?[^/']+)/g)) assert.ok(!inputs.some((input) => input.includes(`node_modules/${from[1]}/`)), `${bundle} holds ${from[1]}`);
      }
    }
  });

  it("the Dockerfile's libraries get the CommonJS builds of the type packages they require (each require of the ES modules' build copied their exports, issue #68)", () => {
    const inputs = inputsOf('lazy/dockerfile-vendor.js');
    for (const name of ['vscode-languageserver-types', 'vscode-languageserver-textdocument']) {
      assert.ok(inputs.some((input) => input.includes(`node_modules/${name}/lib/umd/`)), `${name}'s CommonJS build`);
      assert.ok(!inputs.some((input) => input.includes(`node_modules/${name}/lib/esm/`)), `not ${name}'s ES modules`);
    }
  });

  it('the built CLI checks a Dockerfile, a rule file and a relabel regex through them', () => {
    const tree = makeTree({
      Dockerfile: 'FROM ubuntu\nCMD node server.js\n',
      'x.rules.yml': 'groups:\n  - name: a\n    rules:\n      - alert: X\n        expr: rate(foo[5m]) > sum(\n',
      'prometheus.yml': 'scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - source_labels: [a]\n        regex: "(?=x)"\n        target_label: b\n',
    });
    try {
      const result = spawnSync(process.execPath, [path.join(dist, 'cli.js'), 'check', '--format', 'json', '.'], { cwd: tree.root, encoding: 'utf8', env: { ...process.env, ARCHIPEL_LANG: 'en' } });
      const codes = (JSON.parse(result.stdout) as { file: string; code: string }[]).map((p) => `${p.file} ${p.code}`).sort();
      assert.deepEqual(codes, ['Dockerfile dl3006', 'Dockerfile dl3025', 'Dockerfile dockerfile-no-user', 'prometheus.yml prom-relabel', 'x.rules.yml prom-promql']);
    } finally {
      tree.remove();
    }
  });
});
