// `npm run record:ansible-lint [-- --write]`: runs Debian's ansible-lint (installed first: ANSIBLE_PACKAGES) on
// the seven repositories of the Ansible corpus, prepared as ansible-reference.test.ts prepares them, and holds
// each answer to its recording in server/test/fixtures/oss/ansible/ansible-lint-6.13.1/ (findings, the kinds it
// read the files as, the playbooks it left out, the modules mocked), as `npm test` does for one repository.
//   --write   writes the recordings anew instead (when ansible-lint, the corpus or the preparation changed)
// Seventeen minutes of a core (kubespray's run alone takes six).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { answerHelp } from './lib/help.mjs';
import { ANSIBLE_PACKAGES, ensureSystemDeps } from './lib/system-deps.mjs';

answerHelp(import.meta.url);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
ensureSystemDeps({ packages: ANSIBLE_PACKAGES });
const built = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b'], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
const test = path.join('out', 'server', 'test', 'unit', 'ansible', 'ansible-reference.test.js');
const run = spawnSync(process.execPath, [path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--timeout', '3600000', test], { cwd: root, stdio: 'inherit', env: { ...process.env, ARCHIPEL_ANSIBLE_LINT: process.argv.includes('--write') ? 'record' : 'live' } });
process.exit(run.status ?? 1);
