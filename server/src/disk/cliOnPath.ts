/**
 * `archipel` by name, wherever the extension is installed: the folder of the package's `archipel`
 * shims (bin/archipel for POSIX shells, bin/archipel.cmd for cmd.exe, both running
 * dist/server/cli.js) goes first on the PATH of the commands Archipel runs (pipeline stages) and of
 * the extension's integrated terminals. ARCHIPEL_NODE names the Node.js to run the CLI with: the one
 * running this code (VS Code's own Electron in the editor, which the shim starts with
 * ELECTRON_RUN_AS_NODE), so a user without Node.js on PATH still gets a working `archipel`.
 */
import { accessSync, chmodSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from './packageRoot';

/** The folder holding the `archipel` shims, or undefined when this copy has none (or no built CLI). */
export function bundledCliFolder(root: string = packageRoot()): string | undefined {
  const folder = path.join(root, 'bin');
  const shim = path.join(folder, 'archipel');
  if (!existsSync(shim) || !existsSync(path.join(root, 'dist', 'server', 'cli.js'))) return undefined;
  if (process.platform !== 'win32') {
    // A VSIX is a zip: the executable bit may not survive its installation.
    try {
      accessSync(shim, constants.X_OK);
    } catch {
      try {
        chmodSync(shim, 0o755);
      } catch {
        return undefined;
      }
    }
  }
  return folder;
}

/** The name of the PATH variable in an environment (`Path` on Windows, usually). */
export function pathKey(env: NodeJS.ProcessEnv): string {
  return Object.keys(env).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH';
}

/**
 * A copy of `env` where `archipel` runs this package's CLI: the shims' folder first on PATH (unless
 * already there) and ARCHIPEL_NODE set to this process's Node.js (unless the caller set one).
 */
export function withBundledCli(env: NodeJS.ProcessEnv = process.env, folder: string | undefined = bundledCliFolder()): NodeJS.ProcessEnv {
  if (!folder) return env;
  const key = pathKey(env);
  const entries = (env[key] ?? '').split(path.delimiter).filter((e) => e.length > 0);
  const next: NodeJS.ProcessEnv = { ...env, ARCHIPEL_NODE: env.ARCHIPEL_NODE ?? process.execPath };
  next[key] = entries[0] === folder ? entries.join(path.delimiter) : [folder, ...entries.filter((e) => e !== folder)].join(path.delimiter);
  return next;
}
