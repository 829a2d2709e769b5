// Classes the sixth held-out round found (issue #95, x99m), each on a reduction of the real files with its variants:
// - getredash/redash (ca79fe98, BSD-2-Clause) compose.yaml and .ci/compose.ci.yaml: the CI project's `postgres` and `redis`
//   fold into the development stack's, its `redash` calls them inside its own project — no boundary crossed.
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
});
