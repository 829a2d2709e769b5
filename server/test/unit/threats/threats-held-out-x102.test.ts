// Classes the seventh held-out round found (issue #95, x100m2, x100m3, x100m1), each on a reduction of the real files:
// - baotoq/micro-commerce (585cc728, MIT) .agents/skills/argocd-cluster-bootstrapping/references/templates/cluster-secret.yaml
//   (an agent skill the repository vendors): a Secret template whose block value holds `<CA_DATA>`-style slots to fill in is
//   no committed secret;
// - baotoq/micro-commerce (585cc728, MIT) src/MicroCommerce.ApiService/Program.cs:255-267 and
//   Features/Messaging/MessagingEndpoints.cs:17: an ASP.NET Core API registering a Keycloak JWT bearer scheme that its
//   endpoints ask for (`.RequireAuthorization()`) verifies its callers' tokens: no missing authentication into it;
// - paperless-ngx/paperless-ngx (b0e0e8a3, GPL-3.0) docker/compose/docker-compose.{mariadb-tika,portainer,postgres}.yml:
//   alternative install files, each folding into the others, are one stack: webserver → db crosses no boundary;
// - testdrivenio/fastapi-celery (191ff138, MIT) docker-compose.yml and project/requirements.txt: a published application
//   whose build names no login library takes plain HTTP requests, but no authentication data is said to cross.
import assert from 'node:assert/strict';
import { ofRule, risksOfFiles } from '../../threatRisks';

/** micro-commerce's vendored ArgoCD cluster Secret template, reduced (lines 21-24, 43-63). */
const CLUSTER_SECRET_TEMPLATE = [
  'apiVersion: v1',
  'kind: Secret',
  'metadata:',
  '  name: <CLUSTER_NAME>',
  '  namespace: argocd',
  'type: Opaque',
  'stringData:',
  '  name: <CLUSTER_NAME>',
  '  server: <SERVER_URL>',
  '  config: |',
  '    {',
  '      "execProviderConfig": {',
  '        "command": "argocd-k8s-auth",',
  '        "args": ["azure", "--cluster-name", "<AKS_CLUSTER_NAME>"]',
  '      },',
  '      "tlsClientConfig": {',
  '        "insecure": false,',
  '        "caData": "<CA_DATA>"',
  '      }',
  '    }',
  '',
].join('\n');

/** micro-commerce's API, reduced: its Program.cs (lines 1, 255-267) and an endpoint asking a user. */
const API_PROGRAM = [
  'var builder = WebApplication.CreateBuilder(args);',
  'builder.Services.AddAuthentication()',
  '    .AddKeycloakJwtBearer(',
  '        serviceName: "keycloak",',
  '        realm: "micro-commerce",',
  '        options =>',
  '        {',
  '            options.TokenValidationParameters.ValidateAudience = false;',
  '            options.RequireHttpsMetadata = false;',
  '        });',
  'builder.Services.AddAuthorizationBuilder();',
  'var app = builder.Build();',
  '',
].join('\n');
const API_ENDPOINTS = [
  'public static class MessagingEndpoints',
  '{',
  '    public static IEndpointRouteBuilder MapMessagingEndpoints(this IEndpointRouteBuilder endpoints)',
  '    {',
  '        var group = endpoints.MapGroup("/api/messaging")',
  '            .RequireAuthorization();',
  '        return endpoints;',
  '    }',
  '}',
  '',
].join('\n');

/** A paperless install file, reduced: its broker, its database (`mariadb` or `postgres`), the webserver reaching both. */
const paperlessStack = (engine: 'mariadb' | 'postgres', published: string) =>
  [
    'services:',
    '  broker:',
    '    image: docker.io/valkey/valkey:9-alpine',
    '  db:',
    `    image: docker.io/library/${engine === 'mariadb' ? 'mariadb:12' : 'postgres:18'}`,
    '    environment:',
    ...(engine === 'mariadb' ? ['      MARIADB_DATABASE: paperless', '      MARIADB_USER: paperless', '      MARIADB_PASSWORD: paperless'] : ['      POSTGRES_DB: paperless', '      POSTGRES_USER: paperless', '      POSTGRES_PASSWORD: paperless']),
    '  webserver:',
    '    image: ghcr.io/paperless-ngx/paperless-ngx:latest',
    '    depends_on:',
    '      - db',
    '      - broker',
    '    ports:',
    `      - "${published}:8000"`,
    '    environment:',
    '      PAPERLESS_REDIS: redis://broker:6379',
    '      PAPERLESS_DBHOST: db',
    `      PAPERLESS_DBENGINE: ${engine === 'mariadb' ? 'mariadb' : 'postgresql'}`,
    '',
  ].join('\n');

describe("threats: the seventh held-out round's classes (issue #95, x102c)", function () {
  this.timeout(120_000);

  it('micro-commerce: a Secret template whose block value has slots to fill in leaks no secret; a written block does', async () => {
    const path = '.agents/skills/argocd-cluster-bootstrapping/references/templates/cluster-secret.yaml';
    // Before: accidental-secret-leak citing the `config: |` line.
    assert.deepEqual(ofRule(await risksOfFiles({ [path]: CLUSTER_SECRET_TEMPLATE }), 'accidental-secret-leak'), []);
    const written = CLUSTER_SECRET_TEMPLATE.replace('<CA_DATA>', 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t').replace('<AKS_CLUSTER_NAME>', 'aks-dev');
    assert.equal(ofRule(await risksOfFiles({ 'cluster-secret.yaml': written }), 'accidental-secret-leak').length, 1);
  });

  it('micro-commerce: an ASP.NET Core API with a JWT bearer scheme its endpoints ask for takes no unauthenticated call', async () => {
    const compose = [
      'services:',
      '  apiservice:',
      '    build: ./src/MicroCommerce.ApiService',
      '    environment:',
      '      ConnectionStrings__appdb: Host=postgres;Port=5432;Database=appdb;Username=postgres;Password=${POSTGRES_PASSWORD}',
      '  postgres:',
      '    image: postgres:17',
      '    environment:',
      '      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}',
      '  web:',
      '    build: ./src/MicroCommerce.Web',
      '    environment:',
      '      API_URL: http://apiservice:8080',
      '    ports:',
      '      - "3000:3000"',
      '',
    ].join('\n');
    const files = (endpoints: string) => ({
      'docker-compose.yml': compose,
      'src/MicroCommerce.ApiService/Dockerfile': 'FROM mcr.microsoft.com/dotnet/aspnet:10.0\nCOPY . .\n',
      'src/MicroCommerce.ApiService/Program.cs': API_PROGRAM,
      'src/MicroCommerce.ApiService/Features/Messaging/MessagingEndpoints.cs': endpoints,
      'src/MicroCommerce.Web/Dockerfile': 'FROM node:22-alpine\nCOPY . .\n',
      'src/MicroCommerce.Web/src/lib/config.ts': 'export const apiUrl = process.env.API_URL;\n',
    });
    // Before: missing-authentication web>apiservice.
    assert.deepEqual(ofRule(await risksOfFiles(files(API_ENDPOINTS)), 'missing-authentication'), []);
    // A scheme no endpoint asks for checks nothing.
    assert.equal(ofRule(await risksOfFiles(files(API_ENDPOINTS.replace('.RequireAuthorization()', '.WithTags("Messaging")'))), 'missing-authentication').length, 1);
  });

  it('paperless: alternative install files folding into one another are one stack: webserver → db crosses no boundary', async () => {
    const files = {
      'docker/compose/docker-compose.mariadb-tika.yml': paperlessStack('mariadb', '8000'),
      'docker/compose/docker-compose.portainer.yml': paperlessStack('postgres', '8010'),
      'docker/compose/docker-compose.postgres.yml': paperlessStack('postgres', '8000'),
    };
    // Before: unguarded-direct-datastore-access db by webserver (webserver's main in mariadb-tika's project, db's in portainer's).
    assert.deepEqual(ofRule(await risksOfFiles(files), 'unguarded-direct-datastore-access'), []);
  });

  it('fastapi-celery: plain HTTP into an application whose build names no login library carries no authentication data', async () => {
    const compose = ['services:', '  web:', '    build: ./project', '    ports:', '      - 8004:8000', '    command: uvicorn main:app --host 0.0.0.0 --reload', ''].join('\n');
    const requirements = (extra: string) => `aiofiles==23.1.0\ncelery==5.2.7\nfastapi==0.95.0\nflower==1.2.0\nredis==4.5.4\nuvicorn==0.21.1\n${extra}`;
    const plaintext = async (extra: string) =>
      (await risksOfFiles({ 'docker-compose.yml': compose, 'project/Dockerfile': 'FROM python:3.11.2-slim-buster\nCOPY . .\n', 'project/requirements.txt': requirements(extra) })).filter((r) => r.rule === 'threat-unencrypted-communication').map((r) => r.title);
    // Before: '… between Internet and web transferring authentication data (like credentials, token, session-id, etc.)'.
    assert.deepEqual(await plaintext(''), ['Unencrypted Communication named :8004 to web between Internet and web']);
    // makeplane/plane (4ca6d6c7, AGPL-3.0) apps/api/requirements.txt: libraries listed in an included file are unknown, a login assumed.
    assert.match((await plaintext('-r requirements/production.txt\n'))[0], /transferring authentication data/);
    assert.deepEqual(await plaintext('python-jose==3.3.0\n'), ['Unencrypted Communication named :8004 to web between Internet and web transferring authentication data (like credentials, token, session-id, etc.)']);
    // rkudryashov/graphql-rust-demo (13d6537e, MIT) gateway/Cargo.toml:14: a token library is a login's.
    assert.match((await plaintext('jsonwebtoken==1.2.0\n'))[0], /transferring authentication data/);
  });
});
