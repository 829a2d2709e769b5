// A code fallback that never applies (issue #95): `process.env.X || 'http://backend:4000'` is the program's address only
// where its deployment sets X. DataDog/storedog (server/test/fixtures/oss/appconfig, SOURCES.md there) and each form inline.
import assert from 'node:assert/strict';
import path from 'node:path';
import { readAppConfig } from '../../../src/appconfig/readers';
import { fixturesDir } from '../../helpers';
import { readTree } from '../../tempdir';
import { treeContainers } from '../system/repositories';

type Graph = { nodes: { id: string; name: string }[]; edges: { from: string; to: string; kind: string; label: string }[] };

/** The calls of the containers view (users' aside) as `from → to [label]`. */
function calls(graph: Graph): string[] {
  const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
  return [...new Set(graph.edges.filter((e) => e.kind === 'calls' && name.get(e.from) !== 'Users').map((e) => `${name.get(e.from)} → ${name.get(e.to)} [${e.label}]`))].sort();
}

async function callsOf(files: Record<string, string>): Promise<string[]> {
  return calls(await treeContainers(files));
}

/** Each call a line of code writes, with the variables that replace it. */
function fallbacks(text: string): string[] {
  return readAppConfig('code', text).calls.map((c) => `${c.host}:${c.port ?? ''} ${c.fallbackOf?.join(',') ?? '-'}`);
}

const compose = (environment: string) => [
  'services:',
  '  frontend:',
  '    build: ./frontend',
  environment,
  '  backend:',
  '    build: ./backend',
  '',
].join('\n');
const code = "export const host = process.env.API_HOST || 'http://backend:4000'\n";

describe('code fallbacks that never apply (issue #95)', function () {
  this.timeout(300_000);

  it('DataDog/storedog: the frontend\'s `process.env.NEXT_PUBLIC_SPREE_API_HOST || \'http://backend:4000\'` is no call, its Dockerfile setting the variable', async () => {
    // The TypeScript source is kept as `.ts.txt` (the repository's compiler would build it) and named back in the copy.
    const files = Object.fromEntries(Object.entries(readTree(path.join(fixturesDir, 'oss', 'appconfig', 'DataDog+storedog'))).map(([name, text]) => [name.replace(/\.ts\.txt$/, '.ts'), text]));
    const found = await callsOf(files);
    assert.deepEqual(found.filter((call) => call.startsWith('frontend → backend')), []);
    // Without the Dockerfile's ENV and the Compose variable, the fallback is the frontend's address.
    const unset = { ...files, 'services/frontend/Dockerfile': 'FROM node:20\n', 'docker-compose.dev.yml': files['docker-compose.dev.yml'].replace(/^ {6}- NEXT_PUBLIC_SPREE_API_HOST=.*\n/m, '') };
    assert.deepEqual((await callsOf(unset)).filter((call) => call.startsWith('frontend → backend')), ['frontend → backend [HTTP :4000 (code)]']);
  });

  it('reads the fallback forms of JavaScript, Python and Java, and only the literal after the variable', () => {
    assert.deepEqual(fallbacks("const a = process.env.API_HOST ?? \"http://backend:4000\";\n"), ['backend:4000 API_HOST']);
    assert.deepEqual(fallbacks("const a = process.env['API_HOST'] || `http://backend:4000`;\n"), ['backend:4000 API_HOST']);
    assert.deepEqual(fallbacks('HOST = os.getenv("API_HOST", "http://backend:4000")\n'), ['backend:4000 API_HOST']);
    assert.deepEqual(fallbacks('HOST = os.environ.get("API_HOST") or "http://backend:4000"\n'), ['backend:4000 API_HOST']);
    assert.deepEqual(fallbacks('String h = System.getenv().getOrDefault("API_HOST", "http://backend:4000");\n'), ['backend:4000 API_HOST']);
    assert.deepEqual(fallbacks('@Value("${api.host:http://backend:4000}") String host;\n'), ['backend:4000 API_HOST']);
    // A literal not after a variable is the program's, wherever it runs.
    assert.deepEqual(fallbacks("const a = 'http://backend:4000'; const b = process.env.X || 'http://other:80'\n"), ['backend:4000 -', 'other:80 X']);
  });

  it('a fallback is no address where the Compose service\'s `environment` or `env_file` sets its variable; a variable passed from the shell does not', async () => {
    const files = (environment: string, extra: Record<string, string> = {}) => ({ 'docker-compose.yml': compose(environment), 'frontend/Dockerfile': 'FROM node:20\n', 'frontend/src/api.ts': code, 'backend/Dockerfile': 'FROM node:20\nEXPOSE 4000\n', ...extra });
    assert.deepEqual(await callsOf(files('    environment:\n      - API_HOST=http://proxy/api')), []);
    assert.deepEqual(await callsOf(files('    environment:\n      API_HOST: http://proxy/api')), []);
    assert.deepEqual(await callsOf(files('    env_file: ./frontend.env', { 'frontend.env': 'API_HOST=http://proxy/api\n' })), []);
    assert.deepEqual(await callsOf(files('    environment:\n      - API_HOST')), ['frontend → backend [HTTP :4000 (code)]']);
    assert.deepEqual(await callsOf(files('    environment:\n      - OTHER=http://proxy/api')), ['frontend → backend [HTTP :4000 (code)]']);
  });

  it('a fallback is the address where nothing sets its variable; an ENV or ARG of the build replaces it', async () => {
    const files = (dockerfile: string) => ({ 'docker-compose.yml': compose(''), 'frontend/Dockerfile': dockerfile, 'frontend/src/api.ts': code, 'backend/Dockerfile': 'FROM node:20\nEXPOSE 4000\n' });
    assert.deepEqual(await callsOf(files('FROM node:20\n')), ['frontend → backend [HTTP :4000 (code)]']);
    assert.deepEqual(await callsOf(files('FROM node:20\nENV NODE_ENV=production \\\n  API_HOST=http://proxy/api\n')), []);
    assert.deepEqual(await callsOf(files('FROM node:20\nARG API_HOST\n')), []);
  });
});
