/**
 * Module calls on the system map (issue #79): a call whose module is read — a local source's folder of the
 * repository, or the folder `terraform init` installed a registry or git source in (`.terraform/modules/modules.json`,
 * read bounded and confined by installedModules.ts) — draws that module's resources; a call to a common registry
 * module whose files are not read is summarised by what the module is known to create (the table below). Either way,
 * `module.<name>.<output>` in a caller reads as the resource the output names, so an environment variable set from a
 * module's output is a call to what the module creates. Pure: modules in, keys and classes out (system.ts draws them).
 */
import type { WorkspaceIndex } from '../workspace/index';
import { moduleAddress } from './api';
import { calledModule } from './model/moduleCalls';
import { declared, moduleAt, terraformFileKind, terraformFilesByFolder, type Declaration, type TerraformModule } from './model/model';
import { attribute, staticString, type Expr } from './syntax/syntax';

/** What a common registry module creates, by its registry address, and the inputs naming it (the first written wins). */
interface ModuleClass {
  kind: string;
  technology: string;
  names: readonly string[];
  role?: 'network' | 'router';
}

/**
 * The common registry modules that create one thing the map shows (their README's inputs on registry.terraform.io;
 * the clusters and databases of terraform-aws-modules/eks, rds, rds-aurora and the GKE and Cloud SQL modules are the
 * inventory's, api.ts). A network is where things run (a `parent`), not a box.
 */
const MODULE_CLASSES: Record<string, ModuleClass> = {
  'terraform-aws-modules/vpc/aws': { kind: 'environment', technology: 'Amazon VPC', names: ['name'], role: 'network' },
  'terraform-aws-modules/elasticache/aws': { kind: 'cache', technology: 'Amazon ElastiCache', names: ['replication_group_id', 'cluster_id'] },
  'terraform-aws-modules/sqs/aws': { kind: 'broker', technology: 'Amazon SQS', names: ['name'] },
  'terraform-aws-modules/sns/aws': { kind: 'broker', technology: 'Amazon SNS', names: ['name'] },
  'terraform-aws-modules/msk-kafka-cluster/aws': { kind: 'broker', technology: 'Amazon MSK', names: ['name'] },
  'terraform-aws-modules/s3-bucket/aws': { kind: 'datastore', technology: 'Amazon S3', names: ['bucket'] },
  'terraform-aws-modules/dynamodb-table/aws': { kind: 'datastore', technology: 'Amazon DynamoDB', names: ['name'] },
  'terraform-aws-modules/opensearch/aws': { kind: 'search', technology: 'Amazon OpenSearch Service', names: ['domain_name'] },
  'terraform-aws-modules/lambda/aws': { kind: 'function', technology: 'AWS Lambda', names: ['function_name'] },
  'terraform-aws-modules/alb/aws': { kind: 'infrastructure', technology: 'Application Load Balancer', names: ['name'], role: 'router' },
  'terraform-google-modules/network/google': { kind: 'environment', technology: 'VPC network', names: ['network_name'], role: 'network' },
  'terraform-google-modules/memorystore/google': { kind: 'cache', technology: 'Memorystore for Redis', names: ['name'] },
  'terraform-google-modules/pubsub/google': { kind: 'broker', technology: 'Pub/Sub', names: ['topic'] },
};

/** A registry module's class, from the call's source (a git address of its repository reads as the same). */
export function moduleClassOf(call: Declaration): { address: string; known: ModuleClass | undefined } | undefined {
  const source = staticString(attribute(call.block.body, 'source')?.expr);
  if (source === undefined) return undefined;
  const address = moduleAddress(source);
  return { address, known: MODULE_CLASSES[address] };
}

/** A module the map reads, and the call of the workspace that brought it in when init installed it (its sources point there). */
interface MapModule {
  module: TerraformModule;
  /** For an installed module (not in the index): the workspace's call that installed it, outermost first. */
  via?: Declaration;
  /** For an installed module: the call naming it, in its caller (the index does not list callers inside installed modules). */
  caller?: { module: TerraformModule; call: Declaration };
}

/** At most this many installed modules read for one map (a module calling modules calling modules). */
const MAX_INSTALLED = 200;

/**
 * The modules the map reads: every folder of the index with configuration files, then the modules init installed that
 * their calls name (and the calls inside those), breadth first, each folder once.
 */
export function mapModules(index: WorkspaceIndex): MapModule[] {
  const out: MapModule[] = [];
  const seen = new Set<string>();
  for (const [folder, uris] of terraformFilesByFolder(index)) {
    if (!uris.some((uri) => terraformFileKind(uri) === 'config')) continue;
    seen.add(folder);
    out.push({ module: moduleAt(index, folder) });
  }
  let installed = 0;
  for (let i = 0; i < out.length && installed < MAX_INSTALLED; i++) {
    const { module, via } = out[i];
    for (const [, [call]] of declared(module, 'module')) {
      const called = calledModule(index, module, call);
      if (!called?.installed || seen.has(called.folder)) continue;
      seen.add(called.folder);
      out.push({ module: called, via: via ?? call, caller: { module, call } });
      if (++installed >= MAX_INSTALLED) break;
    }
  }
  return out;
}

/** An output's value expression in a module, undefined when it declares no such output. */
export function outputValue(module: TerraformModule, output: string): Expr | undefined {
  const d = declared(module, 'output').get(output)?.[0];
  return d ? attribute(d.block.body, 'value')?.expr : undefined;
}
