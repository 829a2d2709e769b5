/**
 * What the Terraform resource types are on the system map (system.ts draws them): each known type's kind, what it is
 * built with, the attribute naming it and how its references read; and the attributes and blocks that are not calls.
 */

/** What a resource type is on the map: its kind, what it is built with, the attribute naming it; `role` says how its references read. */
export interface ResourceClass {
  kind: string;
  technology: string;
  name?: string;
  role?: 'network' | 'subnet' | 'firewall' | 'router' | 'cluster';
}

export const RESOURCES: Record<string, ResourceClass> = {
  // Compute.
  aws_lambda_function: { kind: 'function', technology: 'AWS Lambda', name: 'function_name' },
  google_cloudfunctions_function: { kind: 'function', technology: 'Cloud Functions', name: 'name' },
  google_cloudfunctions2_function: { kind: 'function', technology: 'Cloud Functions', name: 'name' },
  azurerm_linux_function_app: { kind: 'function', technology: 'Azure Functions', name: 'name' },
  azurerm_windows_function_app: { kind: 'function', technology: 'Azure Functions', name: 'name' },
  aws_ecs_service: { kind: 'service', technology: 'Amazon ECS service', name: 'name' },
  aws_ecs_task_definition: { kind: 'infrastructure', technology: 'Amazon ECS task definition', name: 'family' },
  aws_ecs_cluster: { kind: 'environment', technology: 'Amazon ECS cluster', name: 'name', role: 'cluster' },
  google_cloud_run_service: { kind: 'service', technology: 'Cloud Run', name: 'name' },
  google_cloud_run_v2_service: { kind: 'service', technology: 'Cloud Run', name: 'name' },
  google_cloud_run_v2_job: { kind: 'function', technology: 'Cloud Run job', name: 'name' },
  azurerm_container_app: { kind: 'service', technology: 'Azure Container Apps', name: 'name' },
  azurerm_linux_web_app: { kind: 'service', technology: 'Azure App Service', name: 'name' },
  azurerm_windows_web_app: { kind: 'service', technology: 'Azure App Service', name: 'name' },
  aws_instance: { kind: 'service', technology: 'Amazon EC2', name: 'tags' },
  aws_autoscaling_group: { kind: 'infrastructure', technology: 'EC2 Auto Scaling group', name: 'name' },
  aws_launch_configuration: { kind: 'infrastructure', technology: 'EC2 launch configuration', name: 'name' },
  aws_launch_template: { kind: 'infrastructure', technology: 'EC2 launch template', name: 'name' },
  google_compute_instance: { kind: 'service', technology: 'Compute Engine', name: 'name' },
  azurerm_linux_virtual_machine: { kind: 'service', technology: 'Azure Virtual Machine', name: 'name' },
  // Terraform's Kubernetes and Helm providers (issue #93): what runs in a cluster, named by its `metadata` block's name.
  kubernetes_deployment: { kind: 'service', technology: 'Kubernetes Deployment', name: 'metadata' },
  kubernetes_deployment_v1: { kind: 'service', technology: 'Kubernetes Deployment', name: 'metadata' },
  kubernetes_stateful_set: { kind: 'service', technology: 'Kubernetes StatefulSet', name: 'metadata' },
  kubernetes_stateful_set_v1: { kind: 'service', technology: 'Kubernetes StatefulSet', name: 'metadata' },
  kubernetes_daemonset: { kind: 'service', technology: 'Kubernetes DaemonSet', name: 'metadata' },
  kubernetes_daemon_set_v1: { kind: 'service', technology: 'Kubernetes DaemonSet', name: 'metadata' },
  kubernetes_job: { kind: 'function', technology: 'Kubernetes Job', name: 'metadata' },
  kubernetes_job_v1: { kind: 'function', technology: 'Kubernetes Job', name: 'metadata' },
  kubernetes_cron_job: { kind: 'function', technology: 'Kubernetes CronJob', name: 'metadata' },
  kubernetes_cron_job_v1: { kind: 'function', technology: 'Kubernetes CronJob', name: 'metadata' },
  kubernetes_pod: { kind: 'service', technology: 'Kubernetes Pod', name: 'metadata' },
  kubernetes_pod_v1: { kind: 'service', technology: 'Kubernetes Pod', name: 'metadata' },
  helm_release: { kind: 'service', technology: 'Helm release', name: 'name' },
  // Data.
  aws_db_instance: { kind: 'datastore', technology: 'Amazon RDS', name: 'identifier' },
  aws_rds_cluster: { kind: 'datastore', technology: 'Amazon Aurora', name: 'cluster_identifier' },
  google_sql_database_instance: { kind: 'datastore', technology: 'Cloud SQL', name: 'name' },
  azurerm_postgresql_flexible_server: { kind: 'datastore', technology: 'Azure Database', name: 'name' },
  azurerm_mssql_server: { kind: 'datastore', technology: 'Azure SQL', name: 'name' },
  aws_dynamodb_table: { kind: 'datastore', technology: 'Amazon DynamoDB', name: 'name' },
  aws_s3_bucket: { kind: 'datastore', technology: 'Amazon S3', name: 'bucket' },
  google_storage_bucket: { kind: 'datastore', technology: 'Cloud Storage', name: 'name' },
  azurerm_storage_account: { kind: 'datastore', technology: 'Azure Storage', name: 'name' },
  aws_elasticache_cluster: { kind: 'cache', technology: 'Amazon ElastiCache', name: 'cluster_id' },
  aws_elasticache_replication_group: { kind: 'cache', technology: 'Amazon ElastiCache', name: 'replication_group_id' },
  google_redis_instance: { kind: 'cache', technology: 'Memorystore for Redis', name: 'name' },
  azurerm_redis_cache: { kind: 'cache', technology: 'Azure Cache for Redis', name: 'name' },
  aws_opensearch_domain: { kind: 'search', technology: 'Amazon OpenSearch Service', name: 'domain_name' },
  aws_elasticsearch_domain: { kind: 'search', technology: 'Amazon OpenSearch Service', name: 'domain_name' },
  aws_sqs_queue: { kind: 'broker', technology: 'Amazon SQS', name: 'name' },
  aws_sns_topic: { kind: 'broker', technology: 'Amazon SNS', name: 'name' },
  aws_kinesis_stream: { kind: 'broker', technology: 'Amazon Kinesis', name: 'name' },
  aws_msk_cluster: { kind: 'broker', technology: 'Amazon MSK', name: 'cluster_name' },
  google_pubsub_topic: { kind: 'broker', technology: 'Pub/Sub', name: 'name' },
  azurerm_servicebus_queue: { kind: 'broker', technology: 'Azure Service Bus', name: 'name' },
  azurerm_eventhub: { kind: 'broker', technology: 'Azure Event Hubs', name: 'name' },
  // Networking.
  aws_vpc: { kind: 'environment', technology: 'Amazon VPC', name: 'tags', role: 'network' },
  google_compute_network: { kind: 'environment', technology: 'VPC network', name: 'name', role: 'network' },
  azurerm_virtual_network: { kind: 'environment', technology: 'Azure Virtual Network', name: 'name', role: 'network' },
  aws_subnet: { kind: 'infrastructure', technology: 'Subnet', name: 'tags', role: 'subnet' },
  google_compute_subnetwork: { kind: 'infrastructure', technology: 'Subnet', name: 'name', role: 'subnet' },
  azurerm_subnet: { kind: 'infrastructure', technology: 'Subnet', name: 'name', role: 'subnet' },
  aws_db_subnet_group: { kind: 'infrastructure', technology: 'DB subnet group', name: 'name', role: 'subnet' },
  aws_security_group: { kind: 'infrastructure', technology: 'Security group', name: 'name', role: 'firewall' },
  google_compute_firewall: { kind: 'infrastructure', technology: 'Firewall rule', name: 'name', role: 'firewall' },
  azurerm_network_security_group: { kind: 'infrastructure', technology: 'Network security group', name: 'name', role: 'firewall' },
  aws_lb: { kind: 'infrastructure', technology: 'Elastic Load Balancing', name: 'name', role: 'router' },
  aws_alb: { kind: 'infrastructure', technology: 'Application Load Balancer', name: 'name', role: 'router' },
  aws_elb: { kind: 'infrastructure', technology: 'Classic Load Balancer', name: 'name', role: 'router' },
  aws_lb_listener: { kind: 'infrastructure', technology: 'Load balancer listener', role: 'router' },
  aws_alb_listener: { kind: 'infrastructure', technology: 'Load balancer listener', role: 'router' },
  aws_lb_listener_rule: { kind: 'infrastructure', technology: 'Load balancer listener rule', role: 'router' },
  aws_alb_listener_rule: { kind: 'infrastructure', technology: 'Load balancer listener rule', role: 'router' },
  aws_lb_target_group: { kind: 'infrastructure', technology: 'Target group', name: 'name', role: 'router' },
  aws_alb_target_group: { kind: 'infrastructure', technology: 'Target group', name: 'name', role: 'router' },
  aws_api_gateway_rest_api: { kind: 'infrastructure', technology: 'Amazon API Gateway', name: 'name', role: 'router' },
  aws_apigatewayv2_api: { kind: 'infrastructure', technology: 'Amazon API Gateway', name: 'name', role: 'router' },
  aws_internet_gateway: { kind: 'infrastructure', technology: 'Internet gateway' },
  aws_nat_gateway: { kind: 'infrastructure', technology: 'NAT gateway' },
  google_compute_router_nat: { kind: 'infrastructure', technology: 'Cloud NAT', name: 'name' },
  google_compute_global_forwarding_rule: { kind: 'infrastructure', technology: 'Cloud Load Balancing', name: 'name', role: 'router' },
  google_compute_url_map: { kind: 'infrastructure', technology: 'Cloud Load Balancing URL map', name: 'name', role: 'router' },
  google_compute_backend_service: { kind: 'infrastructure', technology: 'Cloud Load Balancing backend', name: 'name', role: 'router' },
};

/** The load balancers (what listeners and forwarding rules hang from). */
/** The types that run in a Kubernetes cluster: placed in their module's cluster (system.ts). */
export const IN_CLUSTER = new Set(Object.keys(RESOURCES).filter((type) => type.startsWith('kubernetes_') || type === 'helm_release'));

export const balancers = new Set(['aws_lb', 'aws_alb', 'aws_elb', 'google_compute_global_forwarding_rule']);

/**
 * Whether a router's reference names what routes to it rather than where it routes: a listener's load balancer, a listener
 * rule's listener (`aws_alb_listener_rule` forwards the listener's requests matching its condition to its target group, #95).
 */
export function routedBy(type: string, referenced: string): boolean {
  return balancers.has(referenced) || (/^aws_(a)?lb_listener_rule$/.test(type) && /^aws_(a)?lb_listener$/.test(referenced));
}

/** What a function is made of (issue #79): its code's bucket and object, its role, layers, key, runtime storage. */
export const PACKAGE = new Set(['s3_bucket', 's3_key', 's3_object_version', 'source_code_hash', 'filename', 'role', 'kms_key_arn', 'layers', 'image_uri', 'source_archive_bucket', 'source_archive_object', 'storage_account_name', 'storage_account_access_key']);
/** Blocks whose references are not calls: a function's build, its trigger (a trigger is drawn from its source). */
export const NOT_CALLS = new Set(['build_config', 'event_trigger']);
