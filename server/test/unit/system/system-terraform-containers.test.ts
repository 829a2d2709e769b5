// Terraform where the application meets the cloud (issue #79): a container service's containers — an ECS task
// definition's `container_definitions` (jsonencode, a local, a templatefile of JSON), Cloud Run's `containers` (env,
// dynamic env from locals, a secret holding an address) — give the service its image, its ports and its calls in the
// containers view. On the provider's ecs-alb example and GoogleCloudPlatform's three-tier web app (fixtures with their
// licences, server/test/fixtures/oss/system/SOURCES.md), and stacks written here.
import assert from 'node:assert/strict';
import { families } from '../../../src/families/index';
import { systemContributors } from '../../../src/families/descriptor';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { buildSystemModel, type SystemModel } from '../../../src/system/model';
import { systemView, type SystemViewGraph } from '../../../src/system/views';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { loadParser } from '../../terraform';
import { calls, repository } from './repositories';

function modelOf(files: Record<string, string>): SystemModel {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, text] of Object.entries(files)) index.update(`file:///stack/${name}`, text);
  return buildSystemModel(index, systemContributors(families));
}

/** The calls of the containers view with their labels and the first line of each (`from → to [label] @line`). */
function labelled(graph: SystemViewGraph): string[] {
  const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
  return graph.edges.filter((e) => e.kind === 'calls').map((e) => `${name.get(e.from)} → ${name.get(e.to)} [${e.label}] @${e.sources.map((s) => s.range.start.line + 1).join(',')}`).sort();
}

const ecsStack = `resource "aws_db_instance" "orders" {
  identifier = "orders"
  engine     = "postgres"
}
resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id = "sessions"
}
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}
resource "aws_ssm_parameter" "queue" {
  name  = "/shop/queue"
  value = aws_sqs_queue.jobs.url
}
resource "aws_ecs_cluster" "main" {
  name = "shop"
}
locals {
  api_containers = jsonencode([
    {
      name  = "api"
      image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api:1.4"
      portMappings = [{ containerPort = 8080 }]
      environment = [
        { name = "DB_HOST", value = aws_db_instance.orders.address },
        { name = "REDIS_HOST", value = aws_elasticache_replication_group.sessions.primary_endpoint_address },
        { name = "PAYMENTS_URL", value = "http://\${aws_lb.payments.dns_name}" },
        { name = "LOG_LEVEL", value = "info" },
      ]
      secrets = [
        { name = "QUEUE_URL", valueFrom = aws_ssm_parameter.queue.arn },
      ]
    }
  ])
}
resource "aws_ecs_task_definition" "api" {
  family                = "api"
  container_definitions = local.api_containers
}
resource "aws_ecs_service" "api" {
  name            = "api"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  load_balancer {
    target_group_arn = aws_lb_target_group.api.arn
  }
}
resource "aws_lb" "public" {
  name = "public"
}
resource "aws_lb_target_group" "api" {
  name = "api"
}
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.public.arn
  port              = 443
  default_action {
    target_group_arn = aws_lb_target_group.api.arn
  }
}
resource "aws_ecs_task_definition" "payments" {
  family = "payments"
  container_definitions = jsonencode([{
    name         = "payments"
    image        = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/payments:2.0"
    portMappings = [{ containerPort = 9000 }]
    environment  = [{ name = "DATABASE", value = aws_db_instance.orders.endpoint }]
  }])
}
resource "aws_ecs_service" "payments" {
  name            = "payments"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.payments.arn
  load_balancer {
    target_group_arn = aws_lb_target_group.payments.arn
  }
}
resource "aws_lb" "payments" {
  name     = "payments"
  internal = true
}
resource "aws_lb_target_group" "payments" {
  name = "payments"
}
resource "aws_lb_listener" "payments" {
  load_balancer_arn = aws_lb.payments.arn
  port              = 80
  default_action {
    target_group_arn = aws_lb_target_group.payments.arn
  }
}
`;

const cloudRunStack = `resource "google_sql_database_instance" "main" {
  name             = "orders"
  database_version = "POSTGRES_15"
}
resource "google_redis_instance" "cache" {
  name = "cache"
}
resource "google_cloud_run_v2_service" "api" {
  name = "api"
  template {
    containers {
      image = "europe-docker.pkg.dev/shop/images/api:1.0"
      ports {
        container_port = 8080
      }
      env {
        name  = "DB_HOST"
        value = google_sql_database_instance.main.private_ip_address
      }
      env {
        name  = "REDIS_HOST"
        value = google_redis_instance.cache.host
      }
    }
  }
}
resource "google_cloud_run_v2_service" "web" {
  name = "web"
  template {
    containers {
      image = "europe-docker.pkg.dev/shop/images/web:1.0"
      env {
        name  = "API_URL"
        value = google_cloud_run_v2_service.api.uri
      }
    }
  }
}
resource "google_cloud_run_v2_service_iam_member" "public" {
  name   = google_cloud_run_v2_service.web.name
  role   = "roles/run.invoker"
  member = "allUsers"
}
`;

describe('System map: Terraform container services in the containers view (issue #79)', () => {
  before(loadParser);

  it('an ECS stack: the service runs its task definition\'s image, serves its ports, and calls what its environment and secrets name', () => {
    const model = modelOf({ 'main.tf': ecsStack });
    const api = model.node('terraform:aws_ecs_service:api')!;
    assert.equal(api.image, '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api');
    assert.deepEqual(api.ports, [8080]);
    assert.deepEqual(model.node('terraform:aws_ecs_service:payments')!.ports, [9000]);
    const view = systemView(model, 'containers', 'stack');
    // RDS and ElastiCache by their addresses, the queue through the SSM parameter holding its URL, the payments service
    // behind its internal load balancer; LOG_LEVEL names nothing. The public load balancer is the users' way in.
    assert.deepEqual(labelled(view), [
      'Users → api [:443] @48',
      'api → jobs [Amazon SQS] @31',
      'api → orders [Amazon RDS (postgres)] @25',
      'api → payments [Amazon ECS service] @27',
      'api → sessions [Amazon ElastiCache] @26',
      'payments → orders [Amazon RDS (postgres)] @67',
    ]);
    assert.deepEqual(view.nodes.map((n) => `${n.kind} ${n.name}`).sort(), ['broker jobs', 'cache sessions', 'datastore orders', 'person Users', 'service api', 'service payments']);
  });

  it('Cloud Run v2: each service\'s image, ports and env calls; the public invoker is the users\' way in', () => {
    const model = modelOf({ 'main.tf': cloudRunStack });
    assert.equal(model.node('terraform:google_cloud_run_v2_service:api')!.image, 'europe-docker.pkg.dev/shop/images/api');
    assert.deepEqual(model.node('terraform:google_cloud_run_v2_service:api')!.ports, [8080]);
    assert.deepEqual(labelled(systemView(model, 'containers', 'stack')), [
      // The resource's line (its references) and the variable's.
      'Users → web [public URL] @39',
      'api → cache [Memorystore for Redis] @8,20',
      'api → orders [Cloud SQL] @8,16',
      'web → api [Cloud Run] @27,32',
    ]);
  });

  it('the provider\'s ecs-alb example: the ECS service runs ghost (its templatefile\'s JSON) on 2368, the users come through the ALB', async () => {
    const { model, view } = await repository('hashicorp+terraform-provider-aws');
    const ghost = model.node('terraform:aws_ecs_service:tf-example-ecs-ghost')!;
    assert.equal(ghost.image, 'ghost');
    assert.deepEqual(ghost.ports, [2368]);
    assert.deepEqual(
      model.edges.filter((e) => e.from === ghost.id && e.kind === 'runs').map((e) => `${e.to} @${e.sources[0].range.start.line + 1}`),
      ['image:ghost @170'],
    );
    assert.deepEqual(calls(view('containers')), ['Users → tf-example-ecs-ghost']);
  });

  it('GoogleCloudPlatform\'s three-tier web app: users → fe → api → Memorystore and Cloud SQL (the README\'s architecture), env from locals through dynamic "env"', async () => {
    const { model, view } = await repository('GoogleCloudPlatform+terraform-google-three-tier-web-app');
    // Users reach both services (each has `allUsers` as invoker); the api's Cloud SQL call is also its annotation's.
    assert.deepEqual(labelled(view('containers')), [
      'Users → three-tier-app-api [public URL] @275',
      'Users → three-tier-app-fe [public URL] @283',
      'three-tier-app-api → google_sql_database_instance.main [Cloud SQL] @198,209',
      'three-tier-app-api → three-tier-app-cache [Memorystore for Redis] @209',
      'three-tier-app-fe → three-tier-app-api [Cloud Run] @242,255',
    ]);
    assert.equal(model.node('terraform:google_cloud_run_service:three-tier-app-fe')!.image, 'gcr.io/sic-container-repo/todo-fe');
  });
});
