// What a generator of committed files (scripts/gen-*.mjs) does with what it generated: it writes only
// when asked (`--write`); otherwise it prints how each file would change — a line count per file and
// the difference itself (`diff -u`, cut at DIFF_LINES lines) — and writes nothing (#69: `node
// scripts/gen-ansible-data.mjs` typed as the docs give it rewrote the committed data with fewer
// modules). `--check` says only whether a file is stale and exits 1 if one is (the tests' form).
//
//   const out = generatedFiles(process.argv);   out.put(file, text) … out.finish()
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The lines of a file's difference printed (the count is always printed whole). */
const DIFF_LINES = 200;

/** How many lines were added and removed between two texts (a multiset of lines: cheap on 10 MB files). */
export function lineChanges(before, after) {
  const count = new Map();
  for (const line of before.split('\n')) count.set(line, (count.get(line) ?? 0) + 1);
  let added = 0;
  for (const line of after.split('\n')) {
    const n = count.get(line) ?? 0;
    if (n > 0) count.set(line, n - 1);
    else added++;
  }
  let removed = 0;
  for (const n of count.values()) removed += n;
  return { added, removed };
}

/** `diff -u` of two texts, labelled with `file`, at most `limit` lines. */
function unifiedDiff(file, before, after, limit = DIFF_LINES) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'archipel-gen-'));
  try {
    writeFileSync(path.join(tmp, 'a'), before);
    writeFileSync(path.join(tmp, 'b'), after);
    const run = spawnSync('diff', ['-u', '--label', `${file} (committed)`, '--label', `${file} (generated)`, path.join(tmp, 'a'), path.join(tmp, 'b')], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const lines = (run.stdout ?? '').split('\n');
    return lines.length > limit ? `${lines.slice(0, limit).join('\n')}\n… ${lines.length - limit} more lines of difference` : lines.join('\n');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The outputs of one generator run. `argv`: the process's (`--write`, `--check`); `root`: the
 * repository (files are named relative to it). `finish()` prints the summary and returns the exit
 * status the generator should end with.
 * @param {string[]} argv @param {string} root
 */
export function generatedFiles(argv, root) {
  const write = argv.includes('--write');
  const check = argv.includes('--check');
  /** @type {{ file: string, added: number, removed: number, created: boolean }[]} */
  const changed = [];
  let same = 0;
  return {
    write,
    /** Writes `text` to `file` with --write; otherwise says how it would change it. @param {string} file @param {string} text */
    put(file, text) {
      const name = path.relative(root, file);
      const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
      if (before === text) {
        same++;
        return;
      }
      const { added, removed } = lineChanges(before ?? '', text);
      changed.push({ file: name, added, removed, created: before === undefined });
      if (write) {
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, text);
      } else if (!check) {
        process.stdout.write(`${unifiedDiff(name, before ?? '', text)}\n`);
      }
    },
    /** The summary on stderr; the exit status (1: --check found a stale file). */
    finish() {
      for (const c of changed) process.stderr.write(`${write ? 'wrote' : c.created ? 'would create' : 'would change'} ${c.file}${c.created ? '' : ` (+${c.added} −${c.removed} lines)`}\n`);
      if (changed.length === 0) process.stderr.write(`up to date: ${same} file(s) as generated\n`);
      else if (!write) process.stderr.write(`${changed.length} file(s) differ from what this generates; nothing was written (--write writes them).\n`);
      return check && changed.length > 0 ? 1 : 0;
    },
  };
}
