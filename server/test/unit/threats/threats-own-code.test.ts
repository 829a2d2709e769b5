// What a program's own code and configuration say (issue #95, x95y1): a client class that sends the user's token but holds
// no address (yas's rating `CustomerService`), a literal secret in a Micronaut application.yml (micronaut-poc's JWT signing
// secret), springdoc's OAuth URLs that only the browser's Swagger UI follows (yas). Each on a reduction of the real files
// (server/test/fixtures/oss/tokens/SOURCES.md), then a negative.
import assert from 'node:assert/strict';
import path from 'node:path';
import { isBrowserDestination } from '../../../src/features/system/browserUrls';
import { secretKey } from '../../../src/threats/configSecrets';
import { described, ofRule, risksOfFiles as risksOf } from '../../threatRisks';
import { fixturesDir } from '../../helpers';
import { readTree } from '../../tempdir';

const tokens = path.join(fixturesDir, 'oss', 'tokens');

/** A fixture's files by relative path (its LICENSE aside). */
const filesOf = (fixture: string): Record<string, string> => readTree(path.join(tokens, fixture));


describe("threats: a program's own code and configuration (issue #95, x95y1)", function () {
  this.timeout(120_000);

  const service = 'rating/src/main/java/com/yas/rating/service/CustomerService.java';

  it('yas: a client class with no address that sets the bearer token is read, its line the evidence', async () => {
    const files = filesOf('nashtech-garage+yas');
    const risks = await risksOf(files);
    assert.deepEqual(ofRule(risks, 'missing-authentication'), []);
    assert.ok(described(risks).includes(`unencrypted-communication rating>customer @docker-compose.yml:53,.env:6,${service}:34`), described(risks).join('\n'));
    // The same class without the token: the call carries none.
    files[service] = files[service].split('\n').filter((line) => !line.includes('setBearerAuth')).join('\n');
    assert.deepEqual(ofRule(await risksOf(files), 'missing-authentication').map((r) => r.split(' @')[0]), ['missing-authentication rating>customer']);
  });

  it('micronaut-poc: a JWT signing secret written in application.yml is a secret the system keeps, so the vault is asked', async () => {
    assert.equal(secretKey('micronaut.security.token.jwt.signatures.secret.generator.secret'), true);
    assert.equal(secretKey('spring.security.oauth2.client.registration.keycloak.client-secret'), true);
    assert.equal(secretKey('spring.datasource.password'), true);
    assert.equal(secretKey('app.jwtSecret'), true);
    assert.equal(secretKey('springdoc.oauthflow.token-url'), false);
    assert.equal(secretKey('micronaut.security.token.jwt.enabled'), false);
    const files = filesOf('asc-lab+micronaut-microservices-poc');
    const config = 'agent-portal-gateway/src/main/resources/application.yml';
    assert.deepEqual(ofRule(await risksOf(files), 'missing-vault'), [`missing-vault mongo @docker-compose.yml:13,${config}:21`]);
    // A placeholder is no literal: the secret is handed in at run time, none is kept in the files.
    files[config] = files[config].replace('secret: pleaseChangeThisSecretForANewOne', 'secret: ${JWT_GENERATOR_SIGNATURE_SECRET}');
    assert.deepEqual(ofRule(await risksOf(files), 'missing-vault'), []);
    // Nor is an empty password (policy-service's `password: ''`).
    files[config] = files[config].replace('secret: ${JWT_GENERATOR_SIGNATURE_SECRET}', "secret: ''");
    assert.deepEqual(ofRule(await risksOf(files), 'missing-vault'), []);
  });

  it("yas: springdoc's OAuth flow URLs are the Swagger UI's, in the browser: the resource server's link to Keycloak is its issuer-uri alone", async () => {
    for (const key of ['springdoc.oauthflow.authorization-url', 'springdoc.oauthflow.token-url', 'springdoc.oauthflow.refresh-url', 'SPRINGDOC_OAUTHFLOW_TOKEN_URL', 'springdoc.oAuthFlow.tokenUrl']) assert.equal(isBrowserDestination(key), true, key);
    for (const key of ['spring.security.oauth2.resourceserver.jwt.issuer-uri', 'springdoc.api-docs.path', 'springdoc.swagger-ui.path', 'springdoc.oauthflow.scopes', 'yas.services.customer']) assert.equal(isBrowserDestination(key), false, key);
    const risks = await risksOf(filesOf('nashtech-garage+yas'));
    // It cited application.properties:38-39 (`springdoc.oauthflow.authorization-url`, `token-url`) beside the issuer-uri.
    assert.deepEqual(ofRule(risks, 'unencrypted-communication').filter((r) => r.includes('rating>identity')), ['unencrypted-communication rating>identity @rating/src/main/resources/application.properties:13']);
  });
});
