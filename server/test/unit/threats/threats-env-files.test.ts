// `.env` and Compose `env_file` values read as facts (issue #78): a URL's credentials, a password, an authentication
// setting written in a service's env_file or taken from the project's .env is the service's, and the risk sits on the
// line of the .env file. Before, only the service's block was read: the `trust` of a PostgreSQL in its env_file and
// Grafana's anonymous access set through the .env were unseen, and no secret was found in either file.
import assert from 'node:assert/strict';
import { runCli } from '../../cliRun';
import { makeTree } from '../../tempdir';

interface Risk { rule: string; elements: string[]; sources: { file: string; line: number }[] }

const described = (risks: Risk[]) => risks.map((r) => `${r.rule.slice('threat-'.length)} ${r.elements.map((e) => e.split(/[:/]/).pop()).join('>')} @${r.sources.map((s) => `${s.file}:${s.line}`).join(',')}`).sort();

const COMPOSE = [
  'services:',
  '  web:',
  '    image: ghcr.io/example/shop-web:1.0',
  '    ports:',
  '      - "8080:8080"',
  '    env_file: web.env',
  '    environment:',
  '      ORDERS_URL: postgres://shop:${DB_PASSWORD}@orders:5432/orders',
  '  db:',
  '    image: postgres:16',
  '    env_file:',
  '      - db.env',
  '  grafana:',
  '    image: grafana/grafana:11.0.0',
  '    ports:',
  '      - "3000:3000"',
  '    environment:',
  '      GF_AUTH_ANONYMOUS_ENABLED: ${GRAFANA_ANONYMOUS}',
  '  orders:',
  '    image: postgres:16',
  '    environment:',
  '      POSTGRES_PASSWORD: ${DB_PASSWORD}',
  '',
].join('\n');

async function risksOf(files: Record<string, string>): Promise<Risk[]> {
  const tree = makeTree(files);
  try {
    const { out } = await runCli(['threats', '.', '--format', 'json'], tree.root);
    return (JSON.parse(out) as { risks: Risk[] }).risks;
  } finally {
    tree.remove();
  }
}

describe('threats: .env and env_file values as facts (issue #78)', function () {
  this.timeout(120_000);

  it('a planted Compose project: each risk on the line of the .env file', async () => {
    const risks = await risksOf({
      'compose.yaml': COMPOSE,
      'web.env': '# the web\'s settings\nDATABASE_URL=postgres://shop:hunter2@db:5432/shop\nSTRIPE_API_KEY=sk_live_51Habcdefghijklmnop\n',
      'db.env': 'POSTGRES_USER=shop\nPOSTGRES_HOST_AUTH_METHOD=trust\n',
      '.env': 'GRAFANA_ANONYMOUS=true\nUNUSED_PASSWORD=never-named\nDB_PASSWORD=correct-horse   # the orders database\n',
    });
    assert.deepEqual(described(risks), [
      // The literal passwords: the .env's one the services name (not the one nothing names), the env_file's URL and key.
      'accidental-secret-leak workspace @.env:3,web.env:2,web.env:3',
      // Grafana's anonymous access comes from the .env: its line beside the published port's.
      'missing-authentication internet>grafana @compose.yaml:16,.env:1',
      // The web's URL (in web.env) carries a password, but the PostgreSQL trusts anyone (db.env's line).
      'missing-authentication internet>web>db @compose.yaml:6,web.env:2,db.env:2',
      'missing-vault internet>web>db @compose.yaml:9',
      'missing-waf internet>web @compose.yaml:5',
      'unencrypted-asset internet>web>db @compose.yaml:9',
      'unencrypted-asset internet>web>orders @compose.yaml:19',
      'unencrypted-communication internet>web @compose.yaml:5',
      'unencrypted-communication internet>web>db @compose.yaml:6,web.env:2,db.env:2',
      'unencrypted-communication internet>web>orders @compose.yaml:8,.env:3',
      'unguarded-access-from-internet internet>grafana @compose.yaml:16,.env:1',
      'unguarded-access-from-internet internet>web @compose.yaml:5',
    ]);
  });

  it('the same project with its settings hardened in the same files: no secret, no missing authentication but Grafana\'s default', async () => {
    const risks = await risksOf({
      'compose.yaml': COMPOSE,
      'web.env': 'DATABASE_URL=postgres://shop:${DB_PASSWORD}@db:5432/shop\n',
      'db.env': 'POSTGRES_USER=shop\nPOSTGRES_PASSWORD_FILE=/run/secrets/db\n',
      '.env': 'GRAFANA_ANONYMOUS=false\nDB_PASSWORD=\n',
    });
    // Left: Grafana's own default (admin/admin, no admin password set) — a finding of its own (issue #95), not a missing
    // authentication: the console asks for a login, one everybody knows.
    assert.deepEqual(described(risks).filter((r) => /^(missing-authentication|accidental-secret-leak)/.test(r)), []);
    assert.equal(described(risks).filter((r) => r.startsWith('default-credentials internet>grafana')).length, 1);
  });
});
