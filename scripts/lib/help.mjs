// `--help` (or `-h`) of a maintainer command: its own header comment — what it does, how it is
// typed, its options —, printed before it builds or runs anything, exit 0. The comment stays the
// one place its usage is written (documented-commands.test.ts runs each documented command so).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `//` lines heading a script (after a `#!` line), without their `// `. */
export function headerOf(file) {
  const lines = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('#!')) continue;
    if (!line.startsWith('//')) break;
    lines.push(line.replace(/^\/\/ ?/, ''));
  }
  return lines.join('\n').trim();
}

/** When `argv` asks for help: the header of the script at `scriptUrl` (import.meta.url) on stdout, and the process ends (exit 0). */
export function answerHelp(scriptUrl, argv = process.argv.slice(2)) {
  // Only the script run: a script imported by another (package.mjs by test.mjs) leaves the answer to it.
  if (!process.argv[1] || path.resolve(process.argv[1]) !== fileURLToPath(scriptUrl)) return;
  if (!argv.includes('--help') && !argv.includes('-h')) return;
  process.stdout.write(`${headerOf(fileURLToPath(scriptUrl))}\n`);
  process.exit(0);
}
