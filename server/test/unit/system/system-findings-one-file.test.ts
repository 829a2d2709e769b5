// The system checks' findings on one file (checks.ts systemFindingsIn, #68): the first file asked of a model gets
// its own findings alone, computed without the other files'; they equal that file's share of every file's findings
// (systemFindings), in the same order, for every file of the corpora and of workspaces holding each kind of finding.
import assert from 'node:assert/strict';
import path from 'node:path';
import { families } from '../../../src/families/index';
import { systemContributors } from '../../../src/families/descriptor';
import { prepareContributors } from '../../../src/features/system/contributor';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { findingsOf, systemFindings, systemFindingsIn } from '../../../src/system/checks';
import { buildSystemModel, type SystemModel } from '../../../src/system/model';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { fixturesDir, repoRoot } from '../../helpers';
import { contextIndex as folderIndex } from './repositories';


function memoryIndex(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, text] of Object.entries(files)) index.update(`file:///p/${name}`, text);
  return index;
}

async function modelOf(index: WorkspaceIndex): Promise<SystemModel> {
  const contributors = systemContributors(families);
  await prepareContributors(contributors, index);
  return buildSystemModel(index, contributors);
}

/** Each file's findings alone equal its share of every file's; returns how many findings the model has. */
function sameOneByOne(model: SystemModel, index: WorkspaceIndex): number {
  const all = systemFindings(model, index);
  const uris = new Set([...[...index.files()].map((f) => f.uri), ...all.keys()]);
  for (const uri of uris) assert.deepEqual(findingsOf(model, index, uri), all.get(uri) ?? [], uri);
  return [...all.values()].reduce((n, list) => n + list.length, 0);
}

const compose = 'services:\n  api:\n    image: acme/api:1\n    environment:\n      DB: postgres://dbb:5432/app\n      CACHE: redis://cache:6380\n  worker:\n    image: acme/workr:1\n  builder:\n    build: ./worker\n    image: acme/worker:1\n  db:\n    image: postgres:17\n    ports: ["5432:5432"]\n  cache:\n    image: redis:7\n    expose: ["6379"]\n  prometheus:\n    image: prom/prometheus:v3\n';
const workspaces: Record<string, Record<string, string>> = {
  // Images nothing builds, addresses nothing answers or on a port not served, an exposed store, hints of monitoring, RACI and ADRs.
  'every kind': {
    'compose.yaml': compose,
    'worker/Dockerfile': 'FROM python:3.12\n',
    'monitoring/prometheus.yml': 'scrape_configs:\n  - job_name: api\n    static_configs:\n      - targets: ["api:5000"]\n',
    'governance/team.raci.yaml': 'kind: raci\nroles:\n  - {id: ops, name: Operations}\nactivities:\n  - id: A1\n    activity: Run the `api` and the `worker`\n    raci: {ops: AR}\n',
    'docs/adr/0001-use-a-queue.md': '# 1. Use a queue\n\n## Status\n\nAccepted\n\n## Decision\n\nThe `worker` reads a queue.\n',
    'other/compose.yaml': compose.replace('5432:5432', '127.0.0.1:5432:5432'),
  },
};

describe('system checks: one file\'s findings alone (#68)', () => {
  for (const [name, files] of Object.entries(workspaces)) {
    it(`equal its share of every file's: ${name}`, async () => {
      const index = memoryIndex(files);
      const count = sameOneByOne(await modelOf(index), index);
      assert.ok(count >= 8, `findings: ${count}`);
    });
  }

  for (const folder of [path.join(fixturesDir, 'oss', 'compose'), path.join(fixturesDir, 'oss', 'system'), path.join(repoRoot, 'examples', 'portfolio')]) {
    it(`equal its share of every file's: ${path.relative(repoRoot, folder)}`, async function () {
      this.timeout(120_000);
      const index = folderIndex(folder);
      sameOneByOne(await modelOf(index), index);
    });
  }

  it('the first file asked gets its own alone, a second every file\'s, each the same as its share', async () => {
    const index = memoryIndex(workspaces['every kind']);
    const model = await modelOf(index);
    const fresh = await modelOf(memoryIndex(workspaces['every kind']));
    const all = systemFindings(fresh, index);
    const first = systemFindingsIn(model, index, 'file:///p/compose.yaml');
    assert.ok(first.length > 0);
    assert.deepEqual(first, all.get('file:///p/compose.yaml'));
    assert.equal(systemFindingsIn(model, index, 'file:///p/compose.yaml'), first);
    assert.deepEqual(systemFindingsIn(model, index, 'file:///p/other/compose.yaml'), all.get('file:///p/other/compose.yaml'));
    assert.deepEqual(systemFindingsIn(model, index, 'file:///p/compose.yaml'), first);
    assert.deepEqual(systemFindingsIn(model, index, 'file:///p/worker/Dockerfile'), all.get('file:///p/worker/Dockerfile') ?? []);
  });
});
