/** Executables on the PATH, found as a process spawned without a shell would find them (promtool's lens, a tool a family runs). */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/** Whether an executable `name` is in one of the PATH's folders (what a process spawned without a shell would run). */
export function onPath(name: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const key = Object.keys(env).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH';
  const extensions = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const folder of (env[key] ?? '').split(path.delimiter)) {
    if (!path.isAbsolute(folder)) continue; // A relative PATH entry would resolve against the workspace.
    for (const extension of extensions) {
      const candidate = path.join(folder, name + extension);
      try {
        if (!statSync(candidate).isFile()) continue;
        accessSync(candidate, constants.X_OK);
        return true;
      } catch {
        // Not there, or not executable: the next folder.
      }
    }
  }
  return false;
}
