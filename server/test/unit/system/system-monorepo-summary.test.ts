// The bench's generated monorepo (bench/lib/monorepo.cjs) at a reduced size (issue #79): past MAP_LIMIT components its
// diagram says it is summarised, with its counts — the Mermaid's first line, one box per folder saying how many
// components it holds — instead of a box per component. Generated in a temporary folder, never in the repository.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { families } from '../../../src/families/index';
import { systemContributors } from '../../../src/families/descriptor';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { systemText } from '../../../src/system/diagram';
import { buildSystemModel } from '../../../src/system/model';
import { MAP_LIMIT, systemView } from '../../../src/system/views';
import { runCli } from '../../cliRun';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { monorepo, yamlFilesUnder } from '../../monorepo';

describe('System map: the generated monorepo summarised (issue #79)', function () {
  this.timeout(300_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'archipel-monorepo-map-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it(`400 manifests (80 apps of 5 components, past ${MAP_LIMIT}): the containers view is a box per app folder with its count, and says so`, () => {
    const made = monorepo.generateMonorepo(dir, { files: 400, adrs: 2 });
    assert.equal(made.apps, 80);
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    for (const file of yamlFilesUnder(dir)) index.update(pathToFileURL(file).href, readFileSync(file, 'utf8'));
    const model = buildSystemModel(index, systemContributors(families));
    const view = systemView(model, 'containers', 'monorepo');
    const mermaid = systemText(view, 'mermaid');
    assert.equal(view.note, '400 components: past 300 components or 2000 connections the containers view is summarised, one box per folder (2 levels deep); the map of a folder draws its components.');
    assert.equal(mermaid.split('\n')[0], `%% ${view.note}`);
    // One box per app folder (the deepest level whose folders stay within MAP_LIMIT: 80), each with its count.
    assert.equal(view.nodes.length, 80);
    assert.deepEqual([...new Set(view.nodes.map((n) => `${n.kind} ${n.technology}`))], ['folder 5 components']);
    assert.deepEqual(view.nodes.slice(0, 2).map((n) => n.name), ['team-00/app-00000/', 'team-01/app-00001/']);
    assert.ok(mermaid.includes('team_00_app_00000["team-00/app-00000/<br/>5 components"]'));
  });

  it(`1,250 manifests (250 apps of 5 components, past ${MAP_LIMIT * 4}: the summary made from the nodes, never folded into components): every view says it is summarised with its counts, and the CLI says so on stderr`, async () => {
    const made = monorepo.generateMonorepo(dir, { files: 1250, adrs: 1 });
    assert.equal(made.apps, 250);
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    for (const file of yamlFilesUnder(dir)) index.update(pathToFileURL(file).href, readFileSync(file, 'utf8'));
    const model = buildSystemModel(index, systemContributors(families));
    const note = (view: string) => `1250 components: past 300 components or 2000 connections the ${view} view is summarised, one box per folder (2 levels deep), each deployment of a component in a folder counted once; the map of a folder draws its components.`;
    for (const name of ['containers', 'deployment', 'delivery'] as const) {
      const view = systemView(model, name, 'monorepo');
      assert.equal(view.note, note(name));
      assert.equal(view.nodes.length, 250, name);
      assert.deepEqual([...new Set(view.nodes.map((n) => `${n.kind} ${n.technology}`))], ['folder 5 components'], name);
      assert.equal(systemText(view, 'mermaid').split('\n')[0], `%% ${note(name)}`);
      assert.equal(systemText(view, 'plantuml').split('\n')[1], `' ${note(name)}`);
    }
    const context = systemView(model, 'context', 'monorepo');
    assert.equal(context.note, note('context'));
    assert.deepEqual(context.nodes.map((n) => `${n.kind} ${n.name}`), ['system monorepo']);
    // `archipel diagram system`: the Mermaid on stdout, the summary's note on stderr.
    const run = await runCli(['diagram', 'system', '--view', 'containers'], dir);
    assert.equal(run.code, 0, run.err);
    assert.equal(run.err, `archipel diagram: ${note('containers')}\n`);
    assert.equal(run.out.split('\n')[0], `%% ${note('containers')}`);
    assert.equal(run.out.split('\n').filter((l) => l.includes('5 components')).length, 250);
  });
});
