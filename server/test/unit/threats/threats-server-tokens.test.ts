// A server whose own configuration verifies tokens is reached with one (issue #95, x98b): apache/airflow's API server checks
// the Execution API's JWTs signed with AIRFLOW__API_AUTH__JWT_SECRET, set in the anchor its Compose service merges; yas's
// customer is a Spring resource server (`spring.security.oauth2.resourceserver.jwt.issuer-uri`). Before, every call to them
// was a missing authentication. A token the server only sends to someone else (GITHUB_TOKEN, SLACK_TOKEN), an empty value
// or `false` never counts. On reductions of the real files (server/test/fixtures/oss/server-tokens/SOURCES.md).
import assert from 'node:assert/strict';
import path from 'node:path';
import { appsettingsTokenLine, settingsTokenLine, tokenSettingLine, tokenSettingName } from '../../../src/threats/serverTokens';
import { described, ofRule, risksOfFiles as risksOf } from '../../threatRisks';
import { fixturesDir } from '../../helpers';
import { readTree } from '../../tempdir';

const fixtures = path.join(fixturesDir, 'oss', 'server-tokens');
const filesOf = (fixture: string): Record<string, string> => readTree(path.join(fixtures, fixture));

const compose = 'docker-compose.yaml';
const jwtLine = '    AIRFLOW__API_AUTH__JWT_SECRET: ${AIRFLOW__API_AUTH__JWT_SECRET:-airflow_jwt_secret}\n';
/** The airflow reduction with its JWT setting's line replaced. */
const airflowWith = (replacement: string): Record<string, string> => {
  const files = filesOf('apache+airflow');
  assert.ok(files[compose].includes(jwtLine));
  files[compose] = files[compose].replace(jwtLine, replacement);
  return files;
};
/** The four calls into the API server: the scheduler's, the dag processor's, the triggerer's and the worker's (the init job's, a one-shot's through the shared anchor, is a `may call`: system-one-shot.test.ts). */
const intoApiServer = (risks: Awaited<ReturnType<typeof risksOf>>): string[] => ofRule(risks, 'missing-authentication').filter((r) => r.includes('>airflow-apiserver @'));

describe('threats: a server that verifies tokens authenticates its callers (issue #95, x98b)', function () {
  this.timeout(120_000);

  it('airflow: the API server holds the JWT secret through the anchor it merges, so its four callers carry a token', async () => {
    const risks = await risksOf(filesOf('apache+airflow'));
    assert.deepEqual(intoApiServer(risks), []);
    // Redis asks for no password (`redis://:@redis`): those risks stay (the init job's, a one-shot's, is none).
    assert.equal(ofRule(risks, 'missing-authentication').filter((r) => r.includes('>redis @')).length, 5);
    // The line that says it is the link's evidence.
    assert.ok(described(risks).includes('unencrypted-communication airflow-worker>airflow-apiserver @docker-compose.yaml:144,docker-compose.yaml:43'), described(risks).join('\n'));
  });

  it('airflow: a token the server only sends elsewhere (GITHUB_TOKEN, SLACK_TOKEN) authenticates no caller', async () => {
    const risks = await risksOf(airflowWith('    GITHUB_TOKEN: ${GITHUB_TOKEN}\n    SLACK_TOKEN: xoxb-not-a-real-token\n    JWT_TOKEN: ${JWT_TOKEN}\n'));
    assert.deepEqual(intoApiServer(risks), [
      'missing-authentication airflow-dag-processor>airflow-apiserver @docker-compose.yaml:131',
      'missing-authentication airflow-scheduler>airflow-apiserver @docker-compose.yaml:116',
      'missing-authentication airflow-triggerer>airflow-apiserver @docker-compose.yaml:169',
      'missing-authentication airflow-worker>airflow-apiserver @docker-compose.yaml:146',
    ]);
  });

  it("airflow: a JWT secret set empty or to false authenticates no caller", async () => {
    for (const value of ["''", 'false', 'none']) {
      const risks = await risksOf(airflowWith(`    AIRFLOW__API_AUTH__JWT_SECRET: ${value}\n`));
      assert.equal(intoApiServer(risks).length, 4, value);
    }
  });

  it("yas: customer's own application.properties makes it a resource server, so rating's call carries a token", async () => {
    const files = filesOf('nashtech-garage+yas');
    const settings = 'customer/src/main/resources/application.properties';
    const risks = await risksOf(files);
    assert.deepEqual(ofRule(risks, 'missing-authentication'), []);
    assert.ok(described(risks).includes(`unencrypted-communication rating>customer @docker-compose.yml:53,.env:6,${settings}:13`), described(risks).join('\n'));
    // Without its resource-server setting (its Keycloak admin client's `keycloak.*` left), the call has no credentials.
    files[settings] = files[settings].replace(/^spring\.security\.oauth2\.resourceserver\..*$/m, '');
    assert.deepEqual(ofRule(await risksOf(files), 'missing-authentication'), ['missing-authentication rating>customer @docker-compose.yml:53,.env:6']);
  });

  it("Quarkus: a module's MicroProfile JWT settings, its Dockerfile under src/main/docker (planted)", async () => {
    const settings = 'order/src/main/resources/application.properties';
    const files: Record<string, string> = {
      'docker-compose.yml': [
        'services:', '  order:', '    build:', '      context: ./order', '      dockerfile: src/main/docker/Dockerfile.jvm', '    environment:',
        '      QUARKUS_DATASOURCE_JDBC_URL: jdbc:postgresql://db:5432/orders', '      QUARKUS_DATASOURCE_PASSWORD: ${DB_PASSWORD}',
        '  shop:', '    build: ./shop', '    ports:', '      - "3000:3000"', '    environment:', '      ORDER_URL: http://order:8080/orders',
        '  db:', '    image: postgres:16', '    environment:', '      POSTGRES_PASSWORD: ${DB_PASSWORD}', '',
      ].join('\n'),
      'order/src/main/docker/Dockerfile.jvm': 'FROM registry.access.redhat.com/ubi8/openjdk-17:1.18\nCOPY target/quarkus-app/ /deployments/\n',
      'shop/Dockerfile': 'FROM node:20\nCOPY . .\nCMD ["node", "index.js"]\n',
      [settings]: 'quarkus.http.port=8080\nmp.jwt.verify.publickey.location=publicKey.pem\nmp.jwt.verify.issuer=https://example.com/issuer\n',
    };
    const risks = await risksOf(files);
    assert.deepEqual(ofRule(risks, 'missing-authentication'), []);
    assert.ok(described(risks).includes(`unencrypted-communication internet>shop>order @docker-compose.yml:14,${settings}:2`), described(risks).join('\n'));
    files[settings] = 'quarkus.http.port=8080\n';
    assert.deepEqual(ofRule(await risksOf(files), 'missing-authentication'), ['missing-authentication internet>shop>order @docker-compose.yml:14']);
  });

  it('names: the server side of tokens, never the client side', () => {
    for (const name of ['JWT_SECRET', 'AIRFLOW__API_AUTH__JWT_SECRET', 'JWT_PUBLIC_KEY', 'AUTH_JWKS_URL', 'JwtBearer__Authority', 'Authentication__Schemes__Bearer__ValidIssuer', 'SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI', 'MP_JWT_VERIFY_PUBLICKEY', 'QUARKUS_OIDC_AUTH_SERVER_URL', 'spring.security.oauth2.resourceserver.jwt.jwk-set-uri', 'mp.jwt.verify.issuer', 'quarkus.oidc.auth-server-url', 'Jwt:Key']) assert.equal(tokenSettingName(name), true, name);
    for (const name of ['GITHUB_TOKEN', 'SLACK_TOKEN', 'JWT_TOKEN', 'BEARER_TOKEN', 'JWT_EXPIRATION', 'API_TOKEN_SECRET', 'spring.security.oauth2.client.provider.keycloak.issuer-uri', 'quarkus.oidc-client.auth-server-url', 'keycloak.auth-server-url', 'AIRFLOW__CORE__FERNET_KEY']) assert.equal(tokenSettingName(name), false, name);
  });

  it('Kubernetes: a JWT key from a Secret counts, an empty value does not', () => {
    const container = ['      env:', '        - name: GITHUB_TOKEN', '          valueFrom:', '            secretKeyRef: {name: gh, key: token}', '        - name: JWT_PUBLIC_KEY', '          valueFrom:', '            secretKeyRef: {name: jwt-key, key: jwtRS256.key.pub}'];
    assert.equal(tokenSettingLine(container), 4);
    assert.equal(tokenSettingLine(['        - name: JWT_SECRET', '          value: ""']), undefined);
    assert.equal(tokenSettingLine(['      - JWT_SECRET=', '      - GITHUB_TOKEN=ghp_x']), undefined);
  });

  it('Quarkus and ASP.NET settings: a verifier said, unless switched off', () => {
    assert.equal(settingsTokenLine(['quarkus.http.port=8080', 'mp.jwt.verify.publickey.location=publicKey.pem', 'mp.jwt.verify.issuer=https://example.com/issuer'], false), 1);
    assert.equal(settingsTokenLine(['quarkus.oidc.auth-server-url=http://keycloak:8080/realms/quarkus', 'quarkus.oidc.enabled=false'], false), undefined);
    assert.equal(settingsTokenLine(['quarkus:', '  oidc:', '    auth-server-url: http://keycloak:8080/realms/quarkus', '    client-id: backend-service'], true), 2);
    assert.equal(settingsTokenLine(['quarkus.oidc-client.auth-server-url=http://keycloak:8080/realms/quarkus', 'quarkus.oidc-client.client-id=backend'], false), undefined);
    const appsettings = ['{', '  "Logging": { "LogLevel": { "Default": "Information" } },', '  "Authentication": {', '    "Schemes": {', '      "Bearer": {', '        "ValidAudiences": [ "http://localhost:5000" ],', '        "ValidIssuer": "dotnet-user-jwts"', '      }', '    }', '  }', '}'];
    assert.equal(appsettingsTokenLine(appsettings), 6);
    assert.equal(appsettingsTokenLine(['{', '  "GitHub": {', '    "Token": "ghp_x"', '  },', '  "Jwt": {', '    "Key": ""', '  }', '}']), undefined);
  });
});
