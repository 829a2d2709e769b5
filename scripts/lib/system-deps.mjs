// Makes sure the Debian packages the test and start scripts need are installed:
// chromium (drives code-server and renders webviews), libkrb5-dev (builds VS Code's `kerberos`
// addon), ripgrep (VS Code's search, copied into code-server) and fonts-liberation (the only fonts
// the webview tests let Chromium measure text with: scripts/lib/fonts.conf), docker-compose (1.29.2: the
// Compose corpus's valid/invalid agreement test, COMPOSE_PACKAGES), prometheus (its promtool, which the
// monitoring tests run side by side with Archipel's checks, PROMETHEUS_PACKAGES), strace (the hostile-repository
// test's record of the files opened, HOSTILE_PACKAGES), neovim (the first publication in Neovim, NEOVIM_PACKAGES), ansible-lint (the Ansible corpus's
// agreement test, ANSIBLE_PACKAGES), zsh and fish (the completion scripts' test, SHELL_PACKAGES), wabt (blur's
// WebAssembly re-assembled from its text, WABT_PACKAGES). Installs them when running as
// root; otherwise says exactly what to run and fails.
//
//   node scripts/lib/system-deps.mjs          # check and install if needed
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export const SYSTEM_PACKAGES = ['chromium', 'libkrb5-dev', 'ripgrep', 'fonts-liberation'];

/** Debian's docker-compose (1.29.2): the unit layer's agreement test on the Compose corpus (containers-docker-compose.test.ts). */
export const COMPOSE_PACKAGES = ['docker-compose'];

/** Debian's prometheus (promtool 2.42.0): the unit layer's side-by-side test of the monitoring fixtures (prometheus-promtool.test.ts). */
export const PROMETHEUS_PACKAGES = ['prometheus'];

/**
 * strace: the protocol layer's hostile-repository test sees every file the CLI and the server open (hostile-repos.test.ts;
 * without it the test checks the rest), and the unit layer's one-file check test every file a check opens
 * (cli-one-file-loads.test.ts, which needs it: `npm test -- unit` alone installs it too).
 */
export const HOSTILE_PACKAGES = ['strace'];

/** The CI recipes' install step (docs/ci.md): the VSIX fetched, its checksum checked, unzipped. */
export const RELEASE_PACKAGES = ['curl', 'unzip'];

/** Debian's neovim (0.7.2): the protocol layer records what Neovim's own LSP client is published first (firstPublication.test.ts). */
export const NEOVIM_PACKAGES = ['neovim'];
/**
 * Debian's ansible-lint (6.13, with ansible-core 2.14): the unit layer's agreement test on the Ansible corpus
 * (ansible-reference.test.ts) and the ansible benchmark. With two of ansible-core's recommendations, which
 * `--no-install-recommends` leaves out and the test's expectations assume: Debian's collections (`ansible`:
 * without them ansible-lint's syntax check fails on kubespray's and fragdenstaat's playbooks round after
 * round) and jmespath (ansible-lint's jinja rule reports `json_query` without it).
 */
export const ANSIBLE_PACKAGES = ['ansible-lint', 'ansible', 'python3-jmespath'];

/** Debian's PlantUML (1.2020.2, with its C4 standard library) and Graphviz (its layout): the unit layer renders the system map's C4-PlantUML export of real repositories (system-repository-exports.test.ts). */
export const PLANTUML_PACKAGES = ['plantuml', 'graphviz'];

/** zsh and fish: the unit layer runs the completion scripts `archipel completion zsh|fish` prints in them (cli-completion.test.ts; bash is Debian's own). */
export const SHELL_PACKAGES = ['zsh', 'fish'];

/** Debian's wabt (wat2wasm): the unit layer re-assembles blur's pixels.wat and compares it with the committed pixels.wasm (blur-sampler.test.ts). */
export const WABT_PACKAGES = ['wabt'];

/**
 * What the example workspace's pipeline runs besides Node (examples/portfolio/dvc.yaml): its drift-triggered
 * `retrain` stage trains with Debian's scikit-learn and writes ONNX with Debian's onnx. The layers that run the
 * example's pipeline (unit: cli.test; extension and vsix: the walkthrough) need them on a fresh machine too.
 */
export const EXAMPLE_PACKAGES = ['python3-sklearn', 'python3-pandas', 'python3-onnx'];

/** @param {string} pkg */
function isInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && /\binstall ok installed\b/.test(r.stdout);
}

/** @param {string} cmd @param {string[]} args */
function run(cmd, args) {
  console.log(`[system-deps] ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
}

/**
 * Installs whatever is missing from `packages`. Resolves quietly when all are present.
 * @param {{ packages?: string[], quiet?: boolean }} [options]
 */
export function ensureSystemDeps({ packages = SYSTEM_PACKAGES, quiet = false } = {}) {
  const hasDpkg = spawnSync('dpkg-query', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!hasDpkg) {
    throw new Error(
      `[system-deps] dpkg not found: this script supports Debian/Ubuntu only. ` +
        `Install the equivalents of: ${packages.join(' ')}`,
    );
  }
  const missing = packages.filter((p) => !isInstalled(p));
  if (missing.length === 0) {
    if (!quiet) console.log(`[system-deps] ok: ${packages.join(', ')}`);
    return;
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      `[system-deps] missing Debian packages: ${missing.join(' ')}\n` +
        `Install them with:\n  sudo apt-get update && ` +
        `sudo apt-get install -y --no-install-recommends ${missing.join(' ')}`,
    );
  }
  // Another apt-get (a second run, an unattended upgrade) holds dpkg's lock: wait for it rather than fail.
  run('apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'update']);
  run('apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'install', '-y', '--no-install-recommends', ...missing]);
  const still = missing.filter((p) => !isInstalled(p));
  if (still.length > 0) throw new Error(`[system-deps] still missing after install: ${still.join(' ')}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    ensureSystemDeps();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
