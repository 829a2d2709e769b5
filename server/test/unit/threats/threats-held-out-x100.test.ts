// Classes the sixth held-out round found (issue #95, x99m), each on a reduction of the real files with its variants:
// - getredash/redash (ca79fe98, BSD-2-Clause) compose.yaml and .ci/compose.ci.yaml: the CI project's `postgres` and `redis`
//   fold into the development stack's, its `redash` calls them inside its own project — no boundary crossed;
// - vietnam-devs/coolstore-microservices (2fe75484, MIT) docker-compose.yml, docker-compose.override.yml,
//   src/dotnet/api-gateway/appsettings.json and Middleware/GatewaySetup.cs: a YARP gateway whose routes ask the policy
//   `authPolicy` (`RequireAuthenticatedUser()`) is the guard in front of the services, and its callers come logged in;
// - elgris/microservice-app-example (4da4903f, MIT) docker-compose.yaml, todos-api/{Dockerfile,server.js,todoController.js},
//   log-message-processor/{Dockerfile,main.py}: a Redis its two callers only publish to and subscribe on keeps nothing at rest.
import assert from 'node:assert/strict';
import { described, ofRule, risksOfFiles } from '../../threatRisks';

/** redash's development stack, reduced: a server on the shared database and queue, postgres published. */
const REDASH_DEV = [
  'services:',
  '  server:',
  '    build: .',
  '    command: dev_server',
  '    ports:',
  '      - "5001:5000"',
  '    environment:',
  '      REDASH_REDIS_URL: "redis://redis:6379/0"',
  '      REDASH_DATABASE_URL: "postgresql://postgres@postgres/postgres"',
  '  redis:',
  '    image: redis:7-alpine',
  '  postgres:',
  '    image: postgres:18-alpine',
  '    ports:',
  '      - "15432:5432"',
  '    environment:',
  '      POSTGRES_HOST_AUTH_METHOD: "trust"',
  '',
].join('\n');

/** redash's CI project, reduced: `redash` built from the repository, its own redis and postgres. */
const REDASH_CI = [
  'services:',
  '  redash:',
  '    build: ../',
  '    command: manage version',
  '    depends_on:',
  '      - postgres',
  '      - redis',
  '    ports:',
  '      - "5000:5000"',
  '    environment:',
  '      REDASH_REDIS_URL: "redis://redis:6379/0"',
  '      REDASH_DATABASE_URL: "postgresql://postgres:FmTKs5vX52ufKR1rd8tn4MoSP7zvCJwb@postgres/postgres"',
  '  redis:',
  '    image: redis:7-alpine',
  '  postgres:',
  '    image: postgres:18-alpine',
  '    environment:',
  '      POSTGRES_HOST_AUTH_METHOD: "trust"',
  '',
].join('\n');

/** coolstore's Compose files, reduced: the web app calling the gateway, the gateway published and routing to inventory, inventory's database. */
const COOLSTORE_COMPOSE = [
  'services:',
  '  webapp:',
  '    image: ghcr.io/vietnam-devs/coolstore-microservices/webapp-v6:0.1.0',
  '    environment:',
  '      - API_URL=http://webapigatewayapp:5000',
  '    ports:',
  '      - 3000:3000',
  '  webapigatewayapp:',
  '    image: ghcr.io/vietnam-devs/coolstore-microservices/webapigatewayapp-v6:0.1.0',
  '    build:',
  '      context: .',
  '      dockerfile: src/dotnet/api-gateway/Dockerfile',
  '    environment:',
  '      - ReverseProxy__Clusters__inventoryApiCluster__Destinations__destination1__Address=http://inventoryapp:5002',
  '      - ASPNETCORE_URLS=http://+:5000',
  '    ports:',
  '      - "5000:5000"',
  '  inventoryapp:',
  '    image: ghcr.io/vietnam-devs/coolstore-microservices/inventoryapp-v6:0.1.0',
  '    environment:',
  '      - PG_USER=postgres',
  '      - PG_PASSWORD=P@ssw0rd',
  '      - PG_HOST=postgresql',
  '      - PG_PORT=5432',
  '  postgresql:',
  '    image: postgres:14-alpine',
  '',
].join('\n');

/** The gateway's appsettings.json, reduced: one route asking `policy`, the web app's route asking none. */
const gatewaySettings = (policy: string) => [
  '{',
  '  "ReverseProxy": {',
  '    "Routes": {',
  '      "inventoryApiRoute": {',
  '        "ClusterId": "inventoryApiCluster",',
  ...(policy ? [`        "AuthorizationPolicy": "${policy}",`] : []),
  '        "Match": {',
  '          "Path": "api-gw/inventory/{**remainder}"',
  '        },',
  '        "Transforms": [',
  '          { "PathRemovePrefix": "/api-gw/inventory" }',
  '        ]',
  '      },',
  '      "appRoute": {',
  '        "ClusterId": "appCluster",',
  '        "Match": {',
  '          "Path": "{**remainder}"',
  '        }',
  '      }',
  '    },',
  '    "Clusters": {',
  '      "inventoryApiCluster": {',
  '        "Destinations": {',
  '          "destination1": {',
  '            "Address": "http://localhost:5002"',
  '          }',
  '        }',
  '      }',
  '    }',
  '  }',
  '}',
  '',
].join('\n');

/** The gateway's build: its Dockerfile, its settings, and its setup code (`code`: the lines mapping the proxy). */
const coolstore = (policy: string, code: readonly string[] = []) => ({
  'docker-compose.yml': COOLSTORE_COMPOSE,
  'src/dotnet/api-gateway/Dockerfile': 'FROM mcr.microsoft.com/dotnet/aspnet:8.0\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["dotnet", "Gateway.dll"]\n',
  'src/dotnet/api-gateway/appsettings.json': gatewaySettings(policy),
  ...(code.length > 0 ? { 'src/dotnet/api-gateway/Program.cs': ['var builder = WebApplication.CreateBuilder(args);', 'builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));', ...code, 'app.Run();', ''].join('\n') } : {}),
});

/** The risks saying the gateway is reached unguarded, or called with no login. */
const unguardedGateway = (risks: Awaited<ReturnType<typeof risksOfFiles>>) => described(risks).filter((r) => (r.startsWith('unguarded-access-from-internet ') || r.startsWith('missing-authentication ')) && /webapigatewayapp @/.test(r)).map((r) => r.split(' @')[0]);

/** microservice-app-example, reduced: the API publishing its log operations, the processor subscribing, the Redis between. */
const logQueue = (controller: readonly string[]) => ({
  'docker-compose.yaml': [
    'services:',
    '  todos-api:',
    '    build: ./todos-api',
    '    image: todos-api',
    '    environment:',
    '      REDIS_HOST: redis-queue',
    '      REDIS_PORT: 6379',
    '      REDIS_CHANNEL: log_channel',
    '  log-message-processor:',
    '    build: ./log-message-processor',
    '    image: log-message-processor',
    '    environment:',
    '      REDIS_HOST: redis-queue',
    '      REDIS_PORT: 6379',
    '      REDIS_CHANNEL: log_channel',
    '  redis-queue:',
    '    image: redis',
    '',
  ].join('\n'),
  'todos-api/Dockerfile': 'FROM node:8-alpine\nWORKDIR /usr/src/app\nCOPY . .\nCMD ["sh", "-c", "npm start" ]\n',
  'todos-api/server.js': [
    "const logChannel = process.env.REDIS_CHANNEL || 'log_channel';",
    'const redisClient = require("redis").createClient({',
    "  host: process.env.REDIS_HOST || 'localhost',",
    '  port: process.env.REDIS_PORT || 6379,',
    '});',
    'routes(app, {tracer, redisClient, logChannel})',
    '',
  ].join('\n'),
  'todos-api/todoController.js': [
    'class TodoController {',
    '    constructor({tracer, redisClient, logChannel}) {',
    '        this._redisClient = redisClient;',
    '        this._logChannel = logChannel;',
    '    }',
    '    _logOperation (opName, username, todoId) {',
    ...controller,
    '    }',
    '    _getTodoData (userID) {',
    '        var data = cache.get(userID)',
    '    }',
    '}',
    '',
  ].join('\n'),
  'log-message-processor/Dockerfile': 'FROM python:3.6-alpine\nWORKDIR /usr/src/app\nCOPY main.py .\nCMD ["python3","-u","main.py"]\n',
  'log-message-processor/main.py': [
    'import redis',
    'import os',
    "if __name__ == '__main__':",
    "    redis_host = os.environ['REDIS_HOST']",
    "    redis_port = int(os.environ['REDIS_PORT'])",
    "    redis_channel = os.environ['REDIS_CHANNEL']",
    '    pubsub = redis.Redis(host=redis_host, port=redis_port, db=0).pubsub()',
    '    pubsub.subscribe([redis_channel])',
    '',
  ].join('\n'),
});
const PUBLISH = ['        this._redisClient.publish(this._logChannel, JSON.stringify({opName, username, todoId}))'];

describe("threats: the sixth held-out round's classes (issue #95, x100e)", function () {
  this.timeout(120_000);

  it("redash: a CI project whose stores fold into the development stack's keeps its own caller's calls inside one network", async () => {
    const risks = await risksOfFiles({ 'compose.yaml': REDASH_DEV, '.ci/compose.ci.yaml': REDASH_CI });
    // Before: `redash>postgres` and `redash>redis` too, the CI `redash` joined to the other project's stores across a boundary.
    assert.deepEqual(ofRule(risks, 'unguarded-direct-datastore-access'), ['unguarded-direct-datastore-access internet>postgres @compose.yaml:15,compose.yaml:17']);
    // The stores stay one component each, with every project's lines.
    assert.deepEqual(ofRule(risks, 'unencrypted-asset').map((r) => r.split(' @')[0]), ['unencrypted-asset internet>redash>postgres', 'unencrypted-asset internet>redash>redis']);
    // The CI call itself is still judged (plaintext, no password asked).
    assert.ok(described(risks).some((r) => r.startsWith('missing-authentication ') && r.includes('redash>postgres @.ci/compose.ci.yaml:12')));
  });

  it('two sibling projects whose same-named stores stay apart are each their own boundary', async () => {
    // The CI project's store is another image: not folded, so the project is no copy, and nothing changes.
    const other = REDASH_CI.replace('    image: postgres:18-alpine', '    image: mysql:8');
    const risks = await risksOfFiles({ 'compose.yaml': REDASH_DEV, '.ci/compose.ci.yaml': other.replace(/postgresql:\/\//, 'mysql://') });
    assert.deepEqual(ofRule(risks, 'unguarded-direct-datastore-access').map((r) => r.split(' @')[0]), ['unguarded-direct-datastore-access internet>postgres']);
  });

  it('coolstore: a YARP gateway whose routes ask an authorization policy is the guard, and its callers come logged in', async () => {
    // Before: `unguarded-access-from-internet internet>webapigatewayapp` and `missing-authentication webapp>webapigatewayapp`.
    const risks = await risksOfFiles(coolstore('authPolicy'));
    assert.deepEqual(unguardedGateway(risks), []);
    // Still a web application reached from outside (its login pages): its WAF risk stays.
    assert.ok(described(risks).includes('missing-waf internet>webapigatewayapp @docker-compose.yml:17'));
    // YARP's `anonymous`, or no policy at all: nothing asks a login.
    const open = ['missing-authentication webapp>webapigatewayapp', 'unguarded-access-from-internet internet>webapigatewayapp'];
    assert.deepEqual(unguardedGateway(await risksOfFiles(coolstore('anonymous'))), open);
    assert.deepEqual(unguardedGateway(await risksOfFiles(coolstore(''))), open);
  });

  it("an ASP.NET proxy's code: `MapReverseProxy().RequireAuthorization()`, or a fallback policy beside its authentication", async () => {
    assert.deepEqual(unguardedGateway(await risksOfFiles(coolstore('', ['var app = builder.Build();', 'app.MapReverseProxy()', '   .RequireAuthorization();']))), []);
    const fallback = ['builder.Services.AddAuthentication().AddCookie();', 'builder.Services.AddAuthorization(o => { o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build(); });', 'var app = builder.Build();', 'app.MapReverseProxy();'];
    assert.deepEqual(unguardedGateway(await risksOfFiles(coolstore('', fallback))), []);
    // A commented chain, or a fallback policy with no authentication set up, asks nothing.
    assert.equal(unguardedGateway(await risksOfFiles(coolstore('', ['var app = builder.Build();', 'app.MapReverseProxy(); // .RequireAuthorization();', '// app.MapReverseProxy().RequireAuthorization();']))).length, 2);
    assert.equal(unguardedGateway(await risksOfFiles(coolstore('', fallback.slice(1)))).length, 2);
  });

  it('microservice-app-example: a Redis its callers only publish to and subscribe on keeps nothing at rest', async () => {
    const atRest = async (files: Record<string, string>) => ofRule(await risksOfFiles(files), 'unencrypted-asset').map((r) => r.split(' @')[0]);
    // Before: `unencrypted-asset internet>…>redis-queue`.
    assert.deepEqual(await atRest(logQueue(PUBLISH)), []);
    // One caller keeping a value in it (`set`, a list), or one whose code says nothing of Redis: something is at rest.
    assert.equal((await atRest(logQueue([...PUBLISH, '        this._redisClient.set(todoId, opName)']))).length, 1);
    assert.equal((await atRest(logQueue(['        this._redisClient.lpush(this._logChannel, opName)']))).length, 1);
    const unread = logQueue(PUBLISH);
    delete (unread as Record<string, string>)['log-message-processor/main.py'];
    assert.equal((await atRest(unread)).length, 1);
  });
});
