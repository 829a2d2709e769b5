/**
 * Git, driven as a program with argument arrays (never a shell), every revision or path that
 * comes from the workspace after `--end-of-options` or on `cat-file --batch`'s standard input, so
 * that no value ever becomes an option. The environment keeps the user's identity and config but
 * never a pager or a prompt.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

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

/** An object read through `cat-file --batch`: its type and bytes (undefined past maxBlobBytes). */
export interface GitObject {
  type: string;
  data: Buffer | undefined;
}

interface Pending {
  resolve(object: GitObject | undefined): void;
  reject(error: Error): void;
}

/**
 * One `git cat-file --batch` answering several rounds of names, each round's answers in order: a
 * read in two steps (the files a commit's `dvc.yaml` names, after the `dvc.yaml`s) costs one
 * process, not one per step. Names go on standard input (a name with a newline is refused
 * before); the output is parsed as it streams, an object's bytes kept only up to maxBlobBytes.
 */
export class CatFile {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: Pending[] = [];
  /** The bytes of a header line not ended yet. */
  private header: Buffer[] = [];
  /** The object being received: what is left of it (its trailing LF included) and its parts when kept. */
  private body: { type: string; size: number; left: number; parts: Buffer[] | undefined } | undefined;
  private failure: Error | undefined;
  private stderr: Buffer[] = [];

  constructor(root: string) {
    this.child = spawn('git', ['-C', root, 'cat-file', '--batch'], { env: { ...process.env, ...BASE_ENV }, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    this.child.stdout.on('data', (chunk: Buffer) => this.take(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => this.stderr.push(chunk));
    this.child.on('error', (error) => this.fail(new GitError(`git could not be started: ${error.message}`, null, '')));
    this.child.on('close', (code) => this.fail(new GitError(`git cat-file failed: ${Buffer.concat(this.stderr).toString().trim() || `exit ${code}`}`, code, '')));
    this.child.stdin.on('error', () => undefined);
  }

  /** The objects named (`<rev>:<path>`, an object id), undefined for one missing or ambiguous. */
  read(names: readonly string[]): Promise<(GitObject | undefined)[]> {
    const answers = names.map((name) => {
      if (/[\n\r\0]/.test(name)) return Promise.resolve(undefined);
      if (this.failure) return Promise.reject(this.failure);
      return new Promise<GitObject | undefined>((resolve, reject) => this.waiting.push({ resolve, reject }));
    });
    const lines = names.filter((name) => !/[\n\r\0]/.test(name));
    if (lines.length > 0 && !this.failure) this.child.stdin.write(`${lines.join('\n')}\n`);
    return Promise.all(answers);
  }

  /** Ends the process (its standard input closed: it exits once it has answered). */
  close(): void {
    this.child.stdin.end();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const pending of this.waiting.splice(0)) pending.reject(this.failure);
  }

  private take(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      const body = this.body;
      if (body) {
        const n = Math.min(body.left, chunk.length - at);
        body.parts?.push(chunk.subarray(at, at + n));
        body.left -= n;
        at += n;
        if (body.left === 0) {
          this.body = undefined;
          this.waiting.shift()?.resolve({ type: body.type, data: body.parts && Buffer.concat(body.parts).subarray(0, body.size) });
        }
        continue;
      }
      const eol = chunk.indexOf(0x0a, at);
      if (eol < 0) {
        this.header.push(chunk.subarray(at));
        return;
      }
      this.header.push(chunk.subarray(at, eol));
      at = eol + 1;
      const line = Buffer.concat(this.header).toString('utf8');
      this.header = [];
      // `<oid> <type> <size>`, or `<name> missing` / `<name> ambiguous`.
      const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(line);
      if (!match) {
        this.waiting.shift()?.resolve(undefined);
        continue;
      }
      const size = Number(match[2]);
      this.body = { type: match[1], size, left: size + 1, parts: size <= maxBlobBytes ? [] : undefined };
    }
  }
}

/** Reads many `<commit>:<path>` blobs with one `git cat-file --batch` (CatFile). */
export async function readBlobs(root: string, names: readonly string[]): Promise<BlobResult[]> {
  if (!names.some((name) => !/[\n\r\0]/.test(name))) return names.map(() => undefined);
  const reader = new CatFile(root);
  try {
    return blobsOf(await reader.read(names));
  } finally {
    reader.close();
  }
}

/** The blobs among objects read (a tree or a commit named where a file was expected is not one). */
export function blobsOf(objects: readonly (GitObject | undefined)[]): BlobResult[] {
  return objects.map((object) => (object?.type === 'blob' ? object.data : undefined));
}
