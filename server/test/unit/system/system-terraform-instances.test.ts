// Terraform module instances on the system map (issue #79: identity is the module instance): a local module called from
// two places is two sets of nodes, named by what each call passes, each with its own lines (the call's and the
// resource's); a call with `for_each` over literal keys an instance per key; a `count` the files do not say one instance
// marked as repeated; a variable of an instance is what its call passes, so an instance calls another's queue.
// Fixture written here: server/test/fixtures/terraform/module-instances/ (MIT, its README).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { families } from '../../../src/families/index';
import { systemContributors } from '../../../src/families/descriptor';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { buildSystemModel, type SystemModel } from '../../../src/system/model';
import { systemView, type SystemViewGraph } from '../../../src/system/views';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { loadParser } from '../../terraform';
import { fixturesDir } from '../../helpers';

const fixture = path.join(fixturesDir, 'terraform', 'module-instances');

function indexOf(folder: string, extra: Record<string, string> = {}): WorkspaceIndex {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (name.endsWith('.tf')) index.update(`file:///stack/${path.relative(folder, file).split(path.sep).join('/')}`, readFileSync(file, 'utf8'));
    }
  };
  walk(folder);
  for (const [name, text] of Object.entries(extra)) index.update(`file:///stack/${name}`, text);
  return index;
}

/** Terraform's nodes as `kind name (technology) @file:line,…` (paths from the fixture's root). */
function nodes(model: SystemModel): string[] {
  return model.nodes
    .filter((n) => n.family === 'terraform' && n.kind !== 'person')
    .map((n) => `${n.kind} ${n.name} (${n.technology ?? ''}) @${n.sources.map((s) => `${s.uri.slice('file:///stack/'.length)}:${s.range.start.line + 1}`).join(',')}`)
    .sort();
}

/** The calls of a view (`from → to [label] @file:line,…`). */
function labelled(graph: SystemViewGraph): string[] {
  const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
  return graph.edges.filter((e) => e.kind === 'calls').map((e) => `${name.get(e.from)} → ${name.get(e.to)} [${e.label}] @${e.sources.map((s) => `${s.uri.slice('file:///stack/'.length)}:${s.range.start.line + 1}`).join(',')}`).sort();
}

describe('System map: Terraform module instances (issue #79)', () => {
  before(loadParser);

  it('one local module called twice is two instances, named by what each call passes, each with its call\'s line and the resource\'s; `for_each` over literal keys an instance per key; an unknown `count` one instance marked repeated', () => {
    const model = buildSystemModel(indexOf(fixture), systemContributors(families));
    assert.deepEqual(nodes(model), [
      'broker orders-inbox (Amazon SQS) @main.tf:1,modules/svc/main.tf:10',
      'broker payments-inbox (Amazon SQS) @main.tf:7,modules/svc/main.tf:10',
      'broker shard (Amazon SQS, repeated (count)) @modules/shard/main.tf:1',
      'function api (AWS Lambda) @main.tf:27',
      'function orders (AWS Lambda) @main.tf:1,modules/svc/main.tf:14',
      'function payments (AWS Lambda) @main.tf:7,modules/svc/main.tf:14',
      'function worker-resize (AWS Lambda) @main.tf:12,modules/worker/main.tf:5',
      'function worker-thumbnail (AWS Lambda) @main.tf:12,modules/worker/main.tf:5',
    ]);
    assert.deepEqual(labelled(systemView(model, 'containers', 'stack')), [
      'api → shard [Amazon SQS] @main.tf:27,main.tf:32',
      // `module.workers["resize"].function_name`: the instance of that key.
      'api → worker-resize [AWS Lambda] @main.tf:27,main.tf:31',
      'orders → orders-inbox [Amazon SQS] @modules/svc/main.tf:14,modules/svc/main.tf:18',
      // orders' `next_queue` is `module.payments.inbox_url`: a call between the two instances.
      'orders → payments-inbox [Amazon SQS] @modules/svc/main.tf:14,modules/svc/main.tf:19',
      'payments → payments-inbox [Amazon SQS] @modules/svc/main.tf:14,modules/svc/main.tf:18',
    ]);
  });

  it('a `count` written as a number is an instance per index; a resource its instance does not name is named by the call (`replica[0]`), its id by the instance\'s address', () => {
    const index = indexOf(fixture, {
      'replicas.tf': 'module "replica" {\n  source = "./modules/cache"\n  count  = 2\n}\n',
      'modules/cache/main.tf': 'resource "aws_elasticache_cluster" "this" {\n  engine = "redis"\n}\n',
    });
    const model = buildSystemModel(index, systemContributors(families));
    assert.deepEqual(nodes(model).filter((n) => n.startsWith('cache ')), [
      'cache replica[0] (Amazon ElastiCache) @modules/cache/main.tf:1,replicas.tf:1',
      'cache replica[1] (Amazon ElastiCache) @modules/cache/main.tf:1,replicas.tf:1',
    ]);
    assert.deepEqual(model.nodes.filter((n) => n.kind === 'cache').map((n) => n.id).sort(), [
      'terraform:aws_elasticache_cluster:file:///stack/modules/cache/main.tf#module.replica[0].aws_elasticache_cluster.this',
      'terraform:aws_elasticache_cluster:file:///stack/modules/cache/main.tf#module.replica[1].aws_elasticache_cluster.this',
    ]);
  });
});
