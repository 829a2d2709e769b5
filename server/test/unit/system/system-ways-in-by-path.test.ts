// Ways in by path (issue #95): a Kubernetes Ingress's rules in the older backend form (`serviceName`/`servicePort`, as
// eventuate-tram's manifests write them) and AWS ALB listener rules each lead the users to the service they name.
// eventuate-tram: server/test/fixtures/oss/system/SOURCES.md.
import assert from 'node:assert/strict';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { copyTree, makeTree } from '../../tempdir';
import { calls, corpus, repository } from './repositories';
import { risksOfFiles } from '../../threatRisks';

const tram = 'eventuate-tram+eventuate-tram-examples-customers-and-orders';

describe('System map: ways in by path (issue #95)', function () {
  this.timeout(300_000);

  it('eventuate-tram: each Ingress rule (extensions/v1beta1 serviceName/servicePort) is a Users call to the service behind it, at the rule', async () => {
    const { model, view } = await repository(tram);
    const containers = view('containers');
    const users = containers.edges.filter((e) => e.from === 'person:users' && e.to.startsWith('k8s:'));
    const line = (e: (typeof users)[number]) => `${path.basename(e.sources[0].uri)}:${e.sources[0].range.start.line + 1}`;
    // Before: only the LoadBalancer Services; the three Ingresses led nowhere (their backends' older form was not read).
    assert.deepEqual(users.filter((e) => e.label === 'HTTP').map((e) => `${e.to.split('/').pop()} ${line(e)}`).sort(), [
      'customer-service customer-service.yaml:95',
      'order-history-service order-history-service.yaml:76',
      'order-service order-service.yaml:95',
    ]);
    // No other Users call: the LoadBalancer Services' own, nothing routed to a Service no rule names.
    assert.deepEqual(users.filter((e) => e.label !== 'HTTP').map((e) => e.to.split('/').pop()).sort(), ['cdc-service', 'kafka-service', 'mongodb', 'mysql', 'zipkin', 'zookeeper']);
    // Each route says its rule's path and port, at the Service's name.
    const routes = model.edges.filter((e) => e.kind === 'routes' && e.from.startsWith('k8s:Ingress/')).map((e) => `${e.to.split('/').pop()} ${e.label} ${path.basename(e.sources[0].uri)}:${e.sources[0].range.start.line + 1}`).sort();
    assert.deepEqual(routes, [
      'customer-service routes /customers → 8082 customer-service.yaml:100',
      'order-history-service routes /customers/(.+) → 8083 order-history-service.yaml:81',
      'order-service routes /orders → 8081 order-service.yaml:100',
    ]);
  });

  it("eventuate-tram's Fargate services: their task definitions' JSON rendered by data \"template_file\" (Terraform 0.11's vars block) call RDS and MSK", async () => {
    const { model, view } = await repository(tram);
    const fargate = calls(view('containers')).filter((c) => c.startsWith('dev-svc-'));
    // Before: none (`${db_url}`, `${eventuate_bootstrap_brokers}` were not followed through the template's vars).
    assert.deepEqual(fargate, [
      'dev-svc-cdc → dev-eventuate', 'dev-svc-cdc → dev-eventuate-mysql',
      'dev-svc-customer → dev-eventuate', 'dev-svc-customer → dev-eventuate-mysql',
      'dev-svc-order → dev-eventuate', 'dev-svc-order → dev-eventuate-mysql',
      // order-history's `mongo_uri` names the DocumentDB cluster (ecs_orderhistory_service.tf:52), a type the map does not draw.
      'dev-svc-orderhistory → dev-eventuate', 'dev-svc-orderhistory → dev-eventuate-mysql',
    ]);
    const order = model.edges.filter((e) => e.kind === 'calls' && e.from === 'terraform:aws_ecs_service:dev-svc-order').map((e) => `${e.label} @${path.basename(e.sources[0].uri)}:${e.sources[0].range.start.line + 1}`).sort();
    assert.deepEqual(order, ['Amazon MSK @ecs_order_service.tf:58', 'Amazon RDS (MySQL) @ecs_order_service.tf:58']);
    // The template's ports and literal image (the CDC's) are read too.
    assert.deepEqual(model.node('terraform:aws_ecs_service:dev-svc-order')!.ports, [8080]);
    assert.equal(model.node('terraform:aws_ecs_service:dev-svc-cdc')!.image, 'eventuateio/eventuate-cdc-service');
  });

  it('through `archipel diagram system`: the task definitions\' JSON, which no family claims, is read beside the module', async () => {
    const tree = copyTree(path.join(corpus, tram));
    try {
      const run = await runCli(['diagram', 'system', '--view', 'containers', '--format', 'json'], tree.root);
      assert.equal(run.code, 0, run.err);
      const graph = JSON.parse(run.out) as { nodes: { id: string; name: string }[]; edges: { from: string; to: string; kind: string }[] };
      const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
      assert.deepEqual(graph.edges.filter((e) => e.kind === 'calls' && e.from.endsWith(':dev-svc-orderhistory')).map((e) => name.get(e.to)).sort(), ['dev-eventuate', 'dev-eventuate-mysql']);
    } finally {
      tree.remove();
    }
  });

  it('an Ingress in the networking.k8s.io/v1 form with several paths leads to each named Service only', async () => {
    const deployment = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: ${name}\n          image: example/${name}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector: {app: ${name}}\n  ports:\n    - port: 80\n`;
    const { root, remove } = makeTree({
      'k8s/apps.yaml': ['api', 'web', 'admin'].map(deployment).join('---\n'),
      'k8s/ingress.yaml': 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: shop\nspec:\n  rules:\n    - host: shop.example.com\n      http:\n        paths:\n          - path: /api\n            pathType: Prefix\n            backend:\n              service:\n                name: api\n                port: {number: 80}\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: web\n                port: {number: 80}\n',
    });
    try {
      const { model, view } = await repository(path.basename(root), path.dirname(root));
      assert.deepEqual(calls(view('containers')).filter((c) => c.startsWith('Users')), ['Users → api', 'Users → web']);
      assert.deepEqual(model.edges.filter((e) => e.kind === 'routes' && e.from.startsWith('k8s:Ingress/')).map((e) => e.label).sort(), ['routes shop.example.com/ → 80', 'routes shop.example.com/api → 80']);
    } finally {
      remove();
    }
  });

  for (const [syntax, q] of [["as written, Terraform 0.11's quoted block names", '"'], ["in Terraform 0.12's syntax", '']]) it(`eventuate-tram's ALB listener rules (${syntax}) lead the users to the order and order-history ECS services too`, async () => {
    // alb.tf's services listener and its rules (alb.tf:47-180): `"action" {` as the repository writes them (a syntax error
    // since Terraform 0.12, read as `action {`), and unquoted.
    const rule = (name: string, group: string, pattern: string) => `resource "aws_alb_listener_rule" "${name}" {\n  ${q}action${q} {\n    type = "forward"\n    target_group_arn = "\${aws_alb_target_group.${group}.arn}"\n  }\n  ${q}condition${q} {\n    field = "path-pattern"\n    values = ["${pattern}"]\n  }\n  listener_arn = "\${aws_alb_listener.services_listner.arn}"\n}\n`;
    const group = (name: string) => `resource "aws_alb_target_group" "${name}_target_group" {\n  name = "dev-${name}-target-group"\n  port = 8080\n  protocol = "HTTP"\n}\n`;
    const service = (name: string) => `resource "aws_ecs_service" "svc_${name}" {\n  name = "dev-svc-${name}"\n  launch_type = "FARGATE"\n  load_balancer {\n    container_name = "${name}"\n    container_port = 8080\n    target_group_arn = "\${aws_alb_target_group.${name}_target_group.arn}"\n  }\n}\n`;
    const { root, remove } = makeTree({
      'alb.tf': [
        'resource "aws_alb" "lb_services" {\n  name = "dev-lb-services"\n  load_balancer_type = "application"\n  internal = false\n}\n',
        'resource "aws_alb_listener" "services_listner" {\n  load_balancer_arn = "${aws_alb.lb_services.arn}"\n  port = 80\n  protocol = "HTTP"\n  default_action {\n    target_group_arn = "${aws_alb_target_group.customer_target_group.arn}"\n    type = "forward"\n  }\n}\n',
        group('customer'), group('order'), group('orderhistory'),
        rule('customer_listner_rule', 'customer_target_group', '/customers'), rule('order_listner_rule', 'order_target_group', '/orders/*'),
        rule('order_listner_rule2', 'order_target_group', '/orders'), rule('orderhistory_listner_rule', 'orderhistory_target_group', '/customers/*'),
      ].join('\n'),
      'ecs.tf': ['customer', 'order', 'orderhistory', 'cdc'].map(service).join('\n'),
    });
    try {
      const { view } = await repository(path.basename(root), path.dirname(root));
      // Before: Users → dev-svc-customer only (the listener's default action).
      assert.deepEqual(calls(view('containers')).filter((c) => c.startsWith('Users')), ['Users → dev-svc-customer', 'Users → dev-svc-order', 'Users → dev-svc-orderhistory']);
    } finally {
      remove();
    }
  });

  it("wild-workouts: Cloud Run services whose IAM policy lets allUsers invoke them are ways in (HTTPS), the others not; Terraform's deployment is no variant of the developers' Compose file", async () => {
    // ThreeDotsLabs/wild-workouts-go-ddd-example (f797e117, MIT), reduced: terraform/cloud-run.tf:1-30, terraform/service/service.tf:18-64
    // and vars.tf:14-17, docker-compose.yml's two services.
    const files = {
      'docker-compose.yml': 'services:\n  trainer-http:\n    build: docker/app\n    ports:\n      - "127.0.0.1:3000:3000"\n  trainer-grpc:\n    build: docker/app\n',
      'terraform/cloud-run.tf': 'module cloud_run_trainer_grpc {\n  source = "./service"\n  name     = "trainer"\n  protocol = "grpc"\n}\n\nmodule cloud_run_trainer_http {\n  source = "./service"\n  name     = "trainer"\n  protocol = "http"\n  auth     = false\n}\n',
      'terraform/service/vars.tf': 'variable name {}\nvariable protocol {}\nvariable auth {\n  type    = bool\n  default = true\n}\n',
      'terraform/service/service.tf': [
        'resource "google_cloud_run_service" "service" {\n  name     = "${var.name}-${var.protocol}"\n  location = "europe-west1"\n  template {\n    spec {\n      containers {\n        image = "gcr.io/p/${var.name}"\n      }\n    }\n  }\n}\n',
        'data "google_iam_policy" "noauth" {\n  binding {\n    role = "roles/run.invoker"\n    members = [\n      "allUsers",\n    ]\n  }\n}\n',
        'resource "google_cloud_run_service_iam_policy" "noauth_policy" {\n  count = var.auth ? 0 : 1\n  location = google_cloud_run_service.service.location\n  service  = google_cloud_run_service.service.name\n  policy_data = data.google_iam_policy.noauth.policy_data\n}\n',
      ].join('\n'),
    };
    const { root, remove } = makeTree(files);
    try {
      const { view } = await repository(path.basename(root), path.dirname(root));
      // Before: no way in (the Cloud Run services were taken for a variant of the Compose project, their public URL no one's).
      assert.deepEqual(view('containers').edges.filter((e) => e.from === 'person:users').map((e) => `${e.to.split(':').pop()} ${e.label} ${e.sources[0].uri.split('/').slice(-3).join('/')}:${e.sources[0].range.start.line + 1}`), ['trainer-http public URL terraform/service/service.tf:22']);
    } finally {
      remove();
    }
    const risks = await risksOfFiles(files);
    // Cloud Run serves HTTPS only: no plaintext risk on the way in.
    assert.deepEqual(risks.filter((r) => r.rule === 'threat-unencrypted-communication'), []);
  });
});
