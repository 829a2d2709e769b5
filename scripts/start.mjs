// `npm start`: builds the extension and opens a real VS Code on examples/portfolio with it loaded:
// the desktop VS Code when one is installed, otherwise code-server (VS Code in the browser), whose
// URL is printed. Workspace trust stays on, as a user would have it.
//   npm start -- [FOLDER]      open another folder instead of examples/portfolio
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCodeServer } from './code-server/launch.mjs';
import { desktopVSCode } from './lib/desktop-vscode.mjs';
import { ensureSystemDeps } from './lib/system-deps.mjs';
import { answerHelp } from './lib/help.mjs';

answerHelp(import.meta.url);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const folder = path.resolve(process.argv[2] ?? path.join(root, 'examples', 'portfolio'));

console.log('> bundling the extension (esbuild)');
const build = spawnSync(process.execPath, [path.join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const desktop = desktopVSCode();
if (desktop) {
  console.log(`> opening ${folder} in VS Code (${desktop}) with Archipel loaded from ${root}`);
  const child = spawn(desktop, [`--extensionDevelopmentPath=${root}`, '--new-window', folder], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  ensureSystemDeps({ packages: ['libkrb5-dev', 'ripgrep'] });
  console.log('> no desktop VS Code found: starting code-server (VS Code in the browser)');
  const server = await startCodeServer({ folder, extensionDevelopmentPath: root, disableWorkspaceTrust: false });
  console.log(`\nArchipel is loaded in VS Code at:\n\n  ${server.url}\n\nOpen it in a browser on this machine. Press Ctrl+C to stop.`);
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
