// Classes the seventh held-out round found (issue #95, x100m3), each on a reduction of the real files:
// - makeplane/plane (4ca6d6c7, AGPL-3.0) docker-compose.yml, docker-compose-local.yml and
//   deployments/cli/community/docker-compose.yml: a project some of whose services join a named network (the local
//   stack's `dev_env`) keeps the others on its default network, the community copy's published proxy among them — the
//   Internet reaching the proxy crosses a network;
// - RocketChat/rocketchat-compose (f693f76c, MIT) compose.traefik.yml (test/listenerReductions.ts): Traefik's published 8080
//   is an entry point only with `--api.insecure`, false there — no way in;
// - makeplane/plane (4ca6d6c7, AGPL-3.0) apps/live/src/services/page/project-page.service.ts: live's client of the API sets
//   the request's `Cookie` header to the user's, so its calls to api carry the session.
import assert from 'node:assert/strict';
import { described, ofRule, risksOfFiles } from '../../threatRisks';
import { traefikCompose } from '../../listenerReductions';

/** plane's production stack, reduced: the API built here. */
const PLANE_COMPOSE = [
  'services:',
  '  api:',
  '    container_name: api',
  '    build:',
  '      context: ./apps/api',
  '      dockerfile: Dockerfile.api',
  '    command: ./bin/docker-entrypoint-api.sh',
  '',
].join('\n');

/** plane's local stack, reduced: the API on the named network `dev_env`. */
const PLANE_LOCAL = [
  'services:',
  '  api:',
  '    build:',
  '      context: ./apps/api',
  '      dockerfile: Dockerfile.dev',
  '    networks:',
  '      - dev_env',
  '    command: ./bin/docker-entrypoint-api-local.sh',
  '',
  'networks:',
  '  dev_env:',
  '    driver: bridge',
  '',
].join('\n');

/** plane's community stack, reduced: the same services from the released images, the proxy published. */
const PLANE_COMMUNITY = [
  'services:',
  '  api:',
  '    image: makeplane/plane-backend:${APP_RELEASE:-stable}',
  '    command: ./bin/docker-entrypoint-api.sh',
  '  proxy:',
  '    image: makeplane/plane-proxy:${APP_RELEASE:-stable}',
  '    ports:',
  '      - target: 80',
  '        published: ${LISTEN_HTTP_PORT:-80}',
  '        protocol: tcp',
  '        mode: host',
  '    depends_on:',
  '      - api',
  '',
].join('\n');

describe("threats: the seventh held-out round's classes (issue #95, x101e)", function () {
  this.timeout(120_000);

  it("plane: a published proxy on a project's default network, beside services on a named one, lacks a WAF", async () => {
    const files = { 'docker-compose.yml': PLANE_COMPOSE, 'docker-compose-local.yml': PLANE_LOCAL, 'deployments/cli/community/docker-compose.yml': PLANE_COMMUNITY };
    const risks = await risksOfFiles(files);
    // Before: none at the proxy, which sat in the project's execution environment, no network of its own.
    assert.deepEqual(ofRule(risks, 'missing-waf'), ['missing-waf internet>proxy @deployments/cli/community/docker-compose.yml:8']);
  });

  it("rocketchat-compose: Traefik's published 8080, no entry point of its flags, is no way in; with the API insecure it is", async () => {
    const via8080 = async (insecure?: string) => described(await risksOfFiles({ 'compose.traefik.yml': traefikCompose(insecure) })).filter((r) => /compose\.traefik\.yml:17\b/.test(r));
    // Before: unguarded-access-from-internet and unencrypted-communication by :8080.
    assert.deepEqual(await via8080(), []);
    assert.notDeepEqual(await via8080('true'), []);
  });

  it("plane: live's client forwarding the user's Cookie header carries the session to api: no missing authentication", async () => {
    const compose = [
      'services:',
      '  api:',
      '    build:',
      '      context: ./apps/api',
      '    environment:',
      '      DATABASE_URL: postgresql://plane:plane@plane-db/plane',
      '  plane-db:',
      '    image: postgres:15.7-alpine',
      '  live:',
      '    build:',
      '      context: .',
      '      dockerfile: ./apps/live/Dockerfile.live',
      '    environment:',
      '      API_BASE_URL: http://api:8000',
      '',
    ].join('\n');
    const service = [
      'export class ProjectPageService extends PageService {',
      '  constructor(params: ProjectPageServiceParams) {',
      '    super();',
      '    if (!params.cookie) throw new AppError("Cookie is required.");',
      '    this.setHeader("Cookie", params.cookie);',
      '    this.basePath = `/api/workspaces/${workspaceSlug}/projects/${projectId}`;',
      '  }',
      '}',
      '',
    ].join('\n');
    // apps/live/src/env.ts (lines 13, 17, 33-34, reduced), reading the variable the deployment sets (a variable no code reads
    // gives a possible call only).
    const env = 'const envSchema = z.object({\n  API_BASE_URL: z.string().url("API_BASE_URL must be a valid URL"),\n});\nconst validateEnv = () => {\n  const result = envSchema.safeParse(process.env);\n};\n';
    const files = { 'docker-compose.yml': compose, 'apps/live/Dockerfile.live': 'FROM node:22-alpine\nCOPY . .\n', 'apps/live/src/services/page/project-page.service.ts': service, 'apps/live/src/env.ts': env };
    // Before: missing-authentication live>api.
    const risks = await risksOfFiles(files);
    assert.deepEqual(ofRule(risks, 'missing-authentication').filter((r) => r.includes('live>api')), []);
    // The session it carries is authentication data on the link, the forwarding line its evidence.
    assert.ok(ofRule(risks, 'unencrypted-communication').some((r) => r.includes('live>api') && r.includes('project-page.service.ts:5')), described(risks).join('\n'));
  });
});
