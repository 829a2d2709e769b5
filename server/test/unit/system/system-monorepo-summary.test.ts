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
});
