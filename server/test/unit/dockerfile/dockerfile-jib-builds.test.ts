// A Jib-built image is a build of the system map (issue #95, x99f): the Maven or Gradle module whose Jib plugin pushes the
// image a component runs, and skaffold's `jib` artifact's context, is that image's build, its folder its code. Reductions of
// oktadev/auth0-micro-frontends-jhipster-example (dbffeb2d, Apache-2.0): docker-compose/docker-compose.yml (its gateway
// service named `app` as gateway/src/main/docker/app.yml names the one running the same `gateway` image), gateway/build.gradle,
// gateway/gradle/docker.gradle, gateway/src/main/resources/config/application{,-prod}.yml, blog/…/application.yml, kubernetes/skaffold.yml.
// The example names its images as its module folders (`gateway`), which the map's name matching already ties: the variants
// here name the pushed image otherwise (`edge`), as nothing but the Jib build then says whose code the module is.
import assert from 'node:assert/strict';
import { runCli } from '../../cliRun';
import { suiteTrees } from '../../tempdir';
import { jibGatewayModule } from './jibGateway';

interface Graph {
  nodes: { id: string; name: string; sources: { file: string; line: number }[] }[];
  edges: { from: string; to: string; kind: string; sources: { file: string; line: number }[] }[];
}

/** The example's files, reduced: `service`: the name of the Compose service running the gateway's image. */
const microFrontends = (service: string, jibImage: string): Record<string, string> => ({
  'docker-compose/docker-compose.yml': [
    'services:',
    `  ${service}:`,
    '    image: edge',
    '    environment:',
    '      - SPRING_PROFILES_ACTIVE=prod,api-docs',
    '      - SPRING_CLOUD_CONSUL_HOST=consul',
    '      - SPRING_CLOUD_CONSUL_PORT=8500',
    '    ports:',
    '      - "8080:8080"',
    '  blog:',
    '    image: blog',
    '    environment:',
    '      - SPRING_CLOUD_CONSUL_HOST=consul',
    '      - SPRING_CLOUD_CONSUL_PORT=8500',
    '  consul:',
    '    image: docker.io/bitnami/consul:1.17.0',
    '',
  ].join('\n'),
  ...jibGatewayModule(jibImage),
});

describe('Dockerfile family: a Jib-built image is a build of the system map (issue #95)', function () {
  this.timeout(300000);
  const tree = suiteTrees();
  const diagram = async (files: Record<string, string>): Promise<Graph> => {
    const run = await runCli(['diagram', 'system', '--format', 'json'], tree(files));
    assert.equal(run.code, 0, run.err);
    return JSON.parse(run.out) as Graph;
  };
  const calls = (graph: Graph) => {
    const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
    return graph.edges.filter((e) => e.kind === 'calls' && !e.from.startsWith('person:')).map((e) => `${name.get(e.from)} → ${name.get(e.to)} @${e.sources.map((s) => `${s.file}:${s.line}`).join(',')}`).sort();
  };

  it("micro-frontends: the gateway's Gradle module pushing the image `app` runs is its build: the module's gateway routes are app's calls", async () => {
    const graph = await diagram(microFrontends('app', 'edge:latest'));
    // Before: none (the module's folder `gateway` names no component; no Dockerfile builds `gateway`).
    assert.deepEqual(calls(graph).filter((call) => call.startsWith('app →')), ['app → blog @gateway/src/main/resources/config/application.yml:13', 'app → consul @docker-compose/docker-compose.yml:6']);
    const build = graph.edges.filter((e) => e.kind === 'builds').map((e) => `${e.from} → ${e.to} @${e.sources.map((s) => `${s.file}:${s.line}`).join(',')}`);
    assert.deepEqual(build, ['file:gateway/build.gradle → image:edge @gateway/gradle/docker.gradle:6']);
    assert.deepEqual(graph.nodes.find((n) => n.id === 'file:gateway/build.gradle')?.sources, [{ file: 'gateway/build.gradle', line: 4 }]);
    // Jib pushing another image: the module is no build of what app runs, its routes no call of app's.
    const other = await diagram(microFrontends('app', 'edge-other:latest'));
    assert.deepEqual(calls(other).filter((call) => call.startsWith('app →')), ['app → consul @docker-compose/docker-compose.yml:6']);
  });

  it("a Maven module whose jib-maven-plugin pushes `<to><image>` with the pom's properties: its application.yml's URL is the service's call", async () => {
    const files = microFrontends('app', 'edge:latest');
    files['docker-compose/docker-compose.yml'] += ['  shop:', '    image: acme/shop:1.0', ''].join('\n');
    files['store/pom.xml'] = ['<project>', '  <artifactId>store</artifactId>', '  <properties>', '    <registry>acme</registry>', '  </properties>', '  <build><plugins><plugin>', '    <groupId>com.google.cloud.tools</groupId>', '    <artifactId>jib-maven-plugin</artifactId>', '    <configuration>', '      <to>', '        <image>${registry}/shop:1.0</image>', '      </to>', '    </configuration>', '  </plugin></plugins></build>', '</project>', ''].join('\n');
    files['store/src/main/resources/config/application.yml'] = ['application:', '  blog:', '    url: http://blog:8081', ''].join('\n');
    const graph = await diagram(files);
    // Before: none (`store` names no component, `acme/shop` no folder).
    assert.deepEqual(calls(graph).filter((call) => call.startsWith('shop →')), ['shop → blog @store/src/main/resources/config/application.yml:3']);
    assert.ok(graph.edges.some((e) => e.kind === 'builds' && e.from === 'file:store/pom.xml' && e.to === 'image:acme/shop' && e.sources[0].file === 'store/pom.xml' && e.sources[0].line === 11));
  });

  it("skaffold's `jib` artifact: its context's module (its build.gradle, or pom.xml) is the image's build", async () => {
    const files = microFrontends('app', 'gateway:latest');
    delete files['gateway/gradle/docker.gradle'];
    files['kubernetes/skaffold.yml'] = ['apiVersion: skaffold/v1', 'kind: Config', 'build:', '  artifacts:', '    - image: mraible/gateway', '      context: ../gateway', '      jib: {}', '    - image: mraible/blog', '      context: ../blog', '      jib: {}', 'deploy:', '  kustomize: {}', ''].join('\n');
    files['blog/pom.xml'] = '<project><artifactId>blog</artifactId></project>\n';
    const graph = await diagram(files);
    const build = graph.edges.filter((e) => e.kind === 'builds' && e.from.startsWith('file:')).map((e) => `${e.from} → ${e.to} @${e.sources.map((s) => `${s.file}:${s.line}`).join(',')}`).sort();
    // Compose's `blog` runs `image: blog`, the name skaffold's `mraible/blog` ends with: the module builds it too (appconfig/imageBuilds.ts).
    assert.deepEqual(build, ['file:blog/pom.xml → image:blog @kubernetes/skaffold.yml:8', 'file:blog/pom.xml → image:mraible/blog @kubernetes/skaffold.yml:8', 'file:gateway/build.gradle → image:mraible/gateway @kubernetes/skaffold.yml:5']);
    // GoogleCloudPlatform/bank-of-anthos (d0af0474, Apache-2.0) src/ledger/balancereader/{skaffold.yaml,k8s/base/balancereader.yaml}: the repository's root as
    // context, the module its `jib.project` (the root's parent pom.xml is no build of it); by coordinates, none.
    const anthos = (project: string): Record<string, string> => ({
      'pom.xml': '<project><artifactId>bank-of-anthos</artifactId><modules><module>src/ledger/balancereader</module></modules></project>\n',
      'src/ledger/balancereader/pom.xml': '<project><artifactId>balancereader</artifactId></project>\n',
      'src/ledger/balancereader/k8s/base/balancereader.yaml': ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: balancereader', 'spec:', '  template:', '    spec:', '      containers:', '      - name: balancereader', '        image: balancereader', ''].join('\n'),
      'src/ledger/balancereader/skaffold.yaml': ['apiVersion: skaffold/v4beta1', 'kind: Config', 'metadata:', '  name: balancereader', 'build:', '  artifacts:', '  - image: balancereader', '    context: ../../../', '    jib:', `      project: ${project}`, '      type: maven', ''].join('\n'),
    });
    const builds = async (files: Record<string, string>) => (await diagram(files)).edges.filter((e) => e.kind === 'builds' && e.from.startsWith('file:')).map((e) => `${e.from} → ${e.to}`);
    assert.deepEqual(await builds(anthos('src/ledger/balancereader')), ['file:src/ledger/balancereader/pom.xml → image:balancereader']);
    assert.deepEqual(await builds(anthos(':balancereader')), []);
  });
});
