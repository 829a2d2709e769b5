// archipel/pipelineStatus, archipel/runPipeline and archipel/pipelineDag over LSP: statuses, a run
// streaming its events and progress, the lock written, a status after a file event, cancel, and the
// refusal in an untrusted workspace.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { PipelineDagRequest, PipelineStatusRequest, RunPipelineRequest, type PipelineEvent, type PipelineStatus } from '../../src/protocol/pipeline';
import { makeTree } from '../tempdir';
import { TestLspClient } from './lspClient';

const dvcYaml = `stages:
  prepare:
    cmd: cat raw.txt raw.txt > prepared.txt
    deps:
      - raw.txt
    outs:
      - prepared.txt
  train:
    cmd: cat prepared.txt > model.txt
    deps:
      - prepared.txt
    params:
      - train.lr
    outs:
      - model.txt
  slow:
    cmd: sleep 60
`;

describe('pipelines over LSP', function () {
  this.timeout(120_000);
  const workspace = makeTree({ 'dvc.yaml': dvcYaml, 'raw.txt': 'a\n', 'params.yaml': 'train:\n  lr: 0.1\n' });
  const uri = pathToFileURL(path.join(workspace.root, 'dvc.yaml')).href;
  let client: TestLspClient;

  before(async () => {
    client = await TestLspClient.startInWorkspace(workspace.root, { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } }, { workspaceTrusted: true });
  });
  after(async () => {
    await client.stop();
    workspace.remove();
  });

  it('gives the status and the DAG of a pipeline', async () => {
    const status = await client.connection.sendRequest(PipelineStatusRequest, { uri });
    assert.deepEqual(status.stages.map((s) => `${s.stage}:${s.state}`), ['prepare:never-run', 'train:never-run', 'slow:never-run']);
    const dag = await client.connection.sendRequest(PipelineDagRequest, { uri });
    assert.deepEqual(dag.edges, [{ from: 'prepare', to: 'train' }]);
  });

  it('runs stages, streaming events and progress, writes dvc.lock, then notifies the new status', async () => {
    const progress = client.watchProgress('run-1');
    const result = await client.connection.sendRequest(RunPipelineRequest, { uri, stages: ['train'], workDoneToken: 'run-1' });
    assert.deepEqual(result.stages.map((s) => `${s.stage}:${s.outcome}`), ['prepare:ran', 'train:ran']);
    assert.ok(readFileSync(path.join(workspace.root, 'dvc.lock'), 'utf8').includes('train.lr: 0.1'));
    const events = client.notifications.filter((n) => n.method === 'archipel/pipelineEvent').map((n) => n.params as PipelineEvent);
    assert.deepEqual(events.filter((e) => e.runId === result.runId).map((e) => `${e.kind}${e.stage ? `:${e.stage}` : ''}`), ['run-start', 'stage-start:prepare', 'stage-end:prepare', 'stage-start:train', 'stage-end:train', 'run-end']);
    assert.deepEqual(progress.map((p) => p.kind), ['begin', 'report', 'report', 'end']);
    const changed = await client.waitFor('the status after the run', () =>
      client.notifications.map((n) => n.params as PipelineStatus).find((p) => isStatus(p) && p.stages.find((s) => s.stage === 'train')?.state === 'up-to-date'),
    );
    assert.equal(changed.stages.find((s) => s.stage === 'prepare')?.state, 'up-to-date');
  });

  it('announces a new status when a dep changes on disk', async () => {
    const before = client.notifications.length;
    writeFileSync(path.join(workspace.root, 'raw.txt'), 'b\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(workspace.root, 'raw.txt')).href, type: 2 }] });
    const status = await client.waitFor('a stale status', () =>
      client.notifications.slice(before).map((n) => n.params as PipelineStatus).find((p) => isStatus(p) && p.stages.find((s) => s.stage === 'prepare')?.state === 'stale'),
    );
    assert.deepEqual(status.stages.find((s) => s.stage === 'prepare')?.reasons, ['`raw.txt` changed since the last run']);
  });

  it('cancels a run: its command is killed and the stage reported cancelled', async () => {
    const source = new CancellationTokenSource();
    const running = client.connection.sendRequest(RunPipelineRequest, { uri, stages: ['slow'] }, source.token);
    await client.waitFor('the slow stage to start', () => client.notifications.find((n) => n.method === 'archipel/pipelineEvent' && (n.params as PipelineEvent).kind === 'stage-start' && (n.params as PipelineEvent).stage === 'slow'));
    source.cancel();
    const result = await running;
    assert.equal(result.cancelled, true);
    assert.equal(result.stages[0].outcome, 'cancelled');
  });
});

describe('pipelines over LSP in an untrusted workspace', function () {
  this.timeout(60_000);
  const workspace = makeTree({ 'dvc.yaml': 'stages:\n  touch:\n    cmd: touch ran.txt\n' });
  let client: TestLspClient;
  before(async () => {
    client = await TestLspClient.startInWorkspace(workspace.root, { workspace: { configuration: true } }, { workspaceTrusted: false });
  });
  after(async () => {
    await client.stop();
    workspace.remove();
  });

  it('refuses to run, saying why, and runs nothing; the status is still given', async () => {
    const uri = pathToFileURL(path.join(workspace.root, 'dvc.yaml')).href;
    await assert.rejects(client.connection.sendRequest(RunPipelineRequest, { uri }), /not trusted, and the job runs the commands the pipeline declares/);
    assert.equal(existsSync(path.join(workspace.root, 'ran.txt')), false);
    const status = await client.connection.sendRequest(PipelineStatusRequest, { uri });
    assert.equal(status.stages[0].state, 'never-run');
  });
});

/** A notification's params that is a pipeline status. */
function isStatus(p: unknown): p is PipelineStatus {
  return !!p && typeof p === 'object' && Array.isArray((p as PipelineStatus).stages) && typeof (p as PipelineStatus).hashed === 'number';
}
