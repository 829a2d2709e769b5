// Terraform's whole inventory on the system map (issue #64): compute, data, networking, with edges from
// the references between resources — on the provider's own examples (ecs-alb, rds: server/test/fixtures/
// oss/system, SOURCES.md there), microservices-demo's Memorystore, and a stack of every class written here.
import assert from 'node:assert/strict';
import { families } from '../../../src/families/index';
import { systemContributors } from '../../../src/families/descriptor';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { buildSystemModel, type SystemModel } from '../../../src/system/model';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { loadParser } from '../../terraform';
import { repository } from '../system/repositories';

function modelOf(files: Record<string, string>): SystemModel {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, text] of Object.entries(files)) index.update(`file:///stack/${name}`, text);
  return buildSystemModel(index, systemContributors(families));
}

function described(model: SystemModel): { nodes: string[]; edges: string[] } {
  const name = new Map(model.nodes.map((n) => [n.id, n.name]));
  return {
    nodes: model.nodes.filter((n) => n.family === 'terraform' && n.kind !== 'person').map((n) => `${n.kind} ${n.name} (${n.technology ?? ''})${n.parent ? ` in ${name.get(n.parent)}` : ''}`).sort(),
    edges: model.edges.filter((e) => e.family === 'terraform').map((e) => `${name.get(e.from)} -${e.kind}-> ${name.get(e.to)}`).sort(),
  };
}

const stack = `
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
  tags = { Name = "shop" }
}
resource "aws_subnet" "private" {
  vpc_id = aws_vpc.main.id
  tags = { Name = "private" }
}
resource "aws_security_group" "lb" {
  name   = "lb"
  vpc_id = aws_vpc.main.id
}
resource "aws_security_group" "app" {
  name   = "app"
  vpc_id = aws_vpc.main.id
  ingress {
    from_port       = 8080
    to_port         = 8080
    protocol        = "tcp"
    security_groups = [aws_security_group.lb.id]
  }
}
resource "aws_db_instance" "orders" {
  identifier             = "orders"
  engine                 = "postgres"
  vpc_security_group_ids = [aws_security_group.app.id]
}
resource "aws_elasticache_cluster" "sessions" {
  cluster_id = "sessions"
  subnet_group_name = aws_subnet.private.id
}
resource "aws_s3_bucket" "uploads" {
  bucket = "shop-uploads"
}
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}
resource "aws_lambda_function" "worker" {
  function_name = "worker"
  environment {
    variables = {
      DATABASE_HOST = aws_db_instance.orders.address
      BUCKET        = aws_s3_bucket.uploads.bucket
      CACHE         = aws_elasticache_cluster.sessions.cache_nodes[0].address
    }
  }
  vpc_config {
    subnet_ids         = [aws_subnet.private.id]
    security_group_ids = [aws_security_group.app.id]
  }
}
resource "aws_lambda_event_source_mapping" "jobs" {
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.worker.arn
}
resource "aws_ecs_cluster" "main" {
  name = "shop"
}
resource "aws_ecs_service" "api" {
  name    = "api"
  cluster = aws_ecs_cluster.main.id
  load_balancer {
    target_group_arn = aws_lb_target_group.api.arn
  }
  network_configuration {
    subnets = [aws_subnet.private.id]
  }
  depends_on = [aws_lb_listener.http]
}
resource "aws_lb" "public" {
  name            = "public"
  security_groups = [aws_security_group.lb.id]
}
resource "aws_lb_target_group" "api" {
  name   = "api"
  vpc_id = aws_vpc.main.id
}
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.public.arn
  port              = 443
  default_action {
    target_group_arn = aws_lb_target_group.api.arn
  }
}
`;

describe('System map: Terraform\'s inventory (issue #64)', () => {
  before(loadParser);

  it('a stack of every class: functions, services, SQL, cache, bucket, queue, network, subnets, security groups, load balancer — edges from references', () => {
    const { nodes, edges } = described(modelOf({ 'main.tf': stack }));
    assert.deepEqual(nodes, [
      'broker jobs (Amazon SQS)',
      'cache sessions (Amazon ElastiCache) in private',
      'datastore orders (Amazon RDS (postgres))',
      'datastore shop-uploads (Amazon S3)',
      'environment shop (Amazon ECS cluster)',
      'environment shop (Amazon VPC)',
      'function worker (AWS Lambda) in private',
      'infrastructure api (Target group) in shop',
      'infrastructure app (Security group) in shop',
      'infrastructure aws_lb_listener.http (Load balancer listener)',
      'infrastructure lb (Security group) in shop',
      'infrastructure private (Subnet) in shop',
      'infrastructure public (Elastic Load Balancing)',
      'service api (Amazon ECS service) in private',
    ]);
    assert.deepEqual(edges, [
      'Users -calls-> public',
      'api -routes-> api',
      'aws_lb_listener.http -routes-> api',
      'jobs -calls-> worker',
      'lb -allows-> app',
      'orders -depends-on-> app',
      'public -depends-on-> lb',
      'public -routes-> aws_lb_listener.http',
      'worker -calls-> orders',
      'worker -calls-> sessions',
      'worker -calls-> shop-uploads',
      'worker -depends-on-> app',
    ]);
  });

  it('the provider\'s ecs-alb and rds examples: 1 node and 0 edges before, every resource and its references now', async () => {
    const { model } = await repository('hashicorp+terraform-provider-aws');
    const { nodes, edges } = described(model);
    // 18 resources, and the image its ECS service runs (its task definition's JSON, issue #79).
    assert.equal(nodes.length, 19, nodes.join('\n'));
    assert.ok(nodes.includes('image ghost ()'));
    assert.ok(nodes.includes('service tf-example-ecs-ghost (Amazon ECS service) in terraform_example_ecs_cluster'));
    assert.ok(nodes.includes('datastore aws_db_instance.default (Amazon RDS) in main_subnet_group'));
    assert.ok(edges.includes('Users -calls-> tf-example-alb-ecs'), edges.join('\n'));
    assert.ok(edges.includes('tf-ecs-lbsg -allows-> tf-ecs-instsg'));
    assert.ok(edges.includes('aws_alb_listener.front_end -routes-> tf-example-ecs-ghost'));
  });

  it('microservices-demo: the Memorystore that replaces redis-cart is on the map, a cache', async () => {
    const { model } = await repository('GoogleCloudPlatform+microservices-demo');
    assert.deepEqual(described(model).nodes, ['cache redis-cart (Memorystore for Redis)', 'environment online-boutique (GKE)']);
  });
});
