/**
 * Git, driven as a program with argument arrays (never a shell), every revision or path that
 * comes from the workspace after `--end-of-options` or on `cat-file --batch`'s standard input, so
 * that no value ever becomes an option. The environment keeps the user's identity and config but
 * never a pager or a prompt.
 */
import { spawn } from 'node:child_process';

export class GitError extends Error {
  constructor(message: string, readonly code: number | null, readonly stderr: string) {
    super(message);
  }
}

export interface GitOptions {
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  /** Exit statuses that are answers, not failures (`rev-parse --verify` says 1 for "no such ref"). */
  allow?: readonly number[];
}

const BASE_ENV = { GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', PAGER: 'cat', LC_ALL: 'C' };

/** Runs `git -C root ...args`, resolving with stdout. */
export function git(root: string, args: readonly string[], options: GitOptions = {}): Promise<{ stdout: string; code: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-C', root, ...args], { env: { ...process.env, ...BASE_ENV, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => reject(new GitError(`git could not be started: ${error.message}`, null, '')));
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (code === 0 || (code !== null && options.allow?.includes(code))) resolve({ stdout, code: code ?? 0 });
      else reject(new GitError(`git ${args[0]} failed: ${stderr.trim().split('\n').slice(-1)[0] || `exit ${code}`}`, code, stderr));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** A blob's bytes read through `cat-file --batch`, or undefined when the path is not in that commit. */
export type BlobResult = Buffer | undefined;

/** Beyond this a blob is not kept (a params or metrics file is configuration, not data). */
export const maxBlobBytes = 5 * 1024 * 1024;

/**
 * Reads many `<commit>:<path>` blobs with one `git cat-file --batch`: the names go on standard
 * input (a path with a newline is refused before), the answers come back in order.
 */
export async function readBlobs(root: string, names: readonly string[]): Promise<BlobResult[]> {
  const results: BlobResult[] = new Array<BlobResult>(names.length).fill(undefined);
  const asked: number[] = [];
  const lines: string[] = [];
  names.forEach((name, i) => {
    if (!/[\n\r\0]/.test(name)) {
      asked.push(i);
      lines.push(name);
    }
  });
  if (lines.length === 0) return results;
  const output = await new Promise<Buffer>((resolve, reject) => {
    const child = spawn('git', ['-C', root, 'cat-file', '--batch'], { env: { ...process.env, ...BASE_ENV }, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => reject(new GitError(`git could not be started: ${error.message}`, null, '')));
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new GitError(`git cat-file failed: ${Buffer.concat(err).toString().trim()}`, code, ''))));
    child.stdin.on('error', () => undefined);
    child.stdin.end(`${lines.join('\n')}\n`);
  });
  let at = 0;
  for (const index of asked) {
    const eol = output.indexOf(0x0a, at);
    if (eol < 0) break;
    const header = output.subarray(at, eol).toString('utf8');
    at = eol + 1;
    // `<oid> <type> <size>`, or `<name> missing` / `<name> ambiguous`.
    const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!match) continue;
    const size = Number(match[2]);
    if (match[1] === 'blob' && size <= maxBlobBytes) results[index] = Buffer.from(output.subarray(at, at + size));
    at += size + 1;
  }
  return results;
}
