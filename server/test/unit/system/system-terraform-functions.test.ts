// Functions in the containers view (issue #79): AWS Lambda, Cloud Functions (2nd gen) and Azure Function Apps / App
// Service apps with their environment's references as calls at each variable's line, their ways in (an API gateway's
// integration, a function URL, a public invoker) and their triggers (an SQS mapping, a bucket's notification, a topic's
// subscription, an `event_trigger`); a function's code package is not a call. On three of aws-samples/serverless-patterns'
// Terraform patterns (fixture with its licence, server/test/fixtures/oss/system/SOURCES.md) and stacks written here.
import assert from 'node:assert/strict';
import { families } from '../../../src/families/index';
import { systemContributors } from '../../../src/families/descriptor';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { buildSystemModel, type SystemModel } from '../../../src/system/model';
import { systemView, type SystemViewGraph } from '../../../src/system/views';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { loadParser } from '../../terraform';
import { repository } from './repositories';

function modelOf(files: Record<string, string>): SystemModel {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, text] of Object.entries(files)) index.update(`file:///stack/${name}`, text);
  return buildSystemModel(index, systemContributors(families));
}

/** The calls of a view with their labels and lines, the file's name first when several (`from → to [label] @file:line`). */
function labelled(graph: SystemViewGraph, files = false): string[] {
  const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
  const where = (uri: string) => (files ? `${uri.split('/').slice(-2, -1)[0]}:` : '');
  return graph.edges.filter((e) => e.kind === 'calls').map((e) => `${name.get(e.from)} → ${name.get(e.to)} [${e.label}] @${e.sources.map((s) => `${where(s.uri)}${s.range.start.line + 1}`).join(',')}`).sort();
}

const gcpStack = `resource "google_pubsub_topic" "orders" {
  name = "orders"
}
resource "google_sql_database_instance" "main" {
  name             = "shop"
  database_version = "POSTGRES_15"
}
resource "google_secret_manager_secret" "db" {
  secret_id = "db-host"
}
resource "google_secret_manager_secret_version" "db" {
  secret      = google_secret_manager_secret.db.id
  secret_data = google_sql_database_instance.main.private_ip_address
}
resource "google_storage_bucket" "source" {
  name = "shop-functions-source"
}
resource "google_cloudfunctions2_function" "fulfil" {
  name = "fulfil"
  build_config {
    runtime = "python312"
    source {
      storage_source {
        bucket = google_storage_bucket.source.name
        object = "fulfil.zip"
      }
    }
  }
  service_config {
    environment_variables = {
      TOPIC = google_pubsub_topic.orders.name
    }
    secret_environment_variables {
      key     = "DB_HOST"
      secret  = google_secret_manager_secret.db.secret_id
      version = "latest"
    }
  }
  event_trigger {
    event_type   = "google.cloud.pubsub.topic.v1.messagePublished"
    pubsub_topic = google_pubsub_topic.orders.id
  }
}
resource "google_cloudfunctions2_function_iam_member" "public" {
  cloud_function = google_cloudfunctions2_function.fulfil.name
  role           = "roles/cloudfunctions.invoker"
  member         = "allUsers"
}
`;

const azureStack = `resource "azurerm_redis_cache" "sessions" {
  name = "sessions"
}
resource "azurerm_mssql_server" "main" {
  name = "shop-sql"
}
resource "azurerm_storage_account" "functions" {
  name = "shopfunctions"
}
resource "azurerm_linux_web_app" "web" {
  name = "shop-web"
  app_settings = {
    REDIS_HOST = azurerm_redis_cache.sessions.hostname
    API_URL    = "https://\${azurerm_linux_function_app.api.default_hostname}"
  }
}
resource "azurerm_linux_function_app" "api" {
  name                 = "shop-api"
  storage_account_name = azurerm_storage_account.functions.name
  app_settings = {
    SQL_SERVER = azurerm_mssql_server.main.fully_qualified_domain_name
  }
}
`;

describe('System map: functions and App Service apps in the containers view (issue #79)', () => {
  before(loadParser);

  it('aws-samples/serverless-patterns: API Gateway → Lambda → DynamoDB (the table named by the same variable), Lambda → SQS, S3 → SQS → Lambda; the code\'s bucket is not a call', async () => {
    const { view } = await repository('aws-samples+serverless-patterns');
    assert.deepEqual(labelled(view('containers'), true), [
      'QueuePublisherFunction → aws_sqs_queue.sqs_queue [Amazon SQS] @lambda-sqs-terraform:19,lambda-sqs-terraform:28',
      'Users → aws_lambda_function.apigw_lambda_ddb [API Gateway] @apigw-lambda-dynamodb-terraform:201',
      'aws_lambda_function.apigw_lambda_ddb → Movies [Amazon DynamoDB] @apigw-lambda-dynamodb-terraform:101',
      'aws_s3_bucket.MySourceS3Bucket → s3-sqs-lambda-tf-SQSResizerQueue [notifies] @s3-sqs-lambda-terraform:25',
      's3-sqs-lambda-tf-SQSResizerQueue → s3-sqs-lambda-tf-LambdaFunction [triggers] @s3-sqs-lambda-terraform:98',
    ]);
  });

  it('Cloud Functions (2nd gen): its topic triggers it, its environment and its secret\'s value are calls, its build bucket is not, allUsers is a way in', () => {
    const model = modelOf({ 'main.tf': gcpStack });
    assert.deepEqual(labelled(systemView(model, 'containers', 'stack')), [
      'Users → fulfil [public URL] @44',
      'fulfil → orders [Pub/Sub] @18,31',
      'fulfil → shop [Cloud SQL (POSTGRES_15)] @33',
      'orders → fulfil [triggers] @39',
    ]);
  });

  it('Azure: an App Service app and a Function App call what their app_settings name; the function\'s runtime storage is not a call', () => {
    const model = modelOf({ 'main.tf': azureStack });
    assert.deepEqual(model.node('terraform:azurerm_linux_web_app:shop-web')?.technology, 'Azure App Service');
    assert.deepEqual(labelled(systemView(model, 'containers', 'stack')), [
      'shop-api → shop-sql [Azure SQL] @17,21',
      'shop-web → sessions [Azure Cache for Redis] @10,13',
      'shop-web → shop-api [Azure Functions] @10,14',
    ]);
  });
});
