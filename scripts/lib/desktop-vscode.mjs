// Finds a desktop VS Code on this machine (for `npm start` and the extension-host tests).
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * The Electron binary of a desktop VS Code, or undefined. code-server (and VS Code's remote CLI
 * inside a remote window) also install a `code` command: those are not desktop.
 */
export function desktopVSCode() {
  if (process.env.VSCODE_EXECUTABLE_PATH) return process.env.VSCODE_EXECUTABLE_PATH;
  const which = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' });
  const cli = which.status === 0 ? which.stdout.trim() : '';
  if (!cli) return undefined;
  let real;
  try {
    real = realpathSync(cli);
  } catch {
    return undefined;
  }
  if (/code-server|remote-cli|vscode-server/.test(real)) return undefined;
  const version = spawnSync(cli, ['--version'], { encoding: 'utf8', timeout: 15_000 });
  const lines = (version.stdout || '').trim().split('\n');
  // Desktop prints: version, commit, arch. code-server prints "4.x.y <commit> with Code 1.x.y".
  if (version.status !== 0 || lines.length < 3 || !/^\d+\.\d+\.\d+/.test(lines[0]) || /code-server/.test(version.stdout)) {
    return undefined;
  }
  // <install>/bin/code is a shell script that starts the Electron binary <install>/code
  // (macOS: <App>.app/Contents/Resources/app/bin/code -> <App>.app/Contents/MacOS/Electron).
  const install = path.dirname(path.dirname(real));
  const candidates =
    process.platform === 'darwin'
      ? [path.resolve(install, '..', '..', 'MacOS', 'Electron')]
      : [path.join(install, path.basename(real)), path.join(install, 'code')];
  return candidates.find((c) => existsSync(c));
}

