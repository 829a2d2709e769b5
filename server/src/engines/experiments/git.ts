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

/** A round of names asked: the answers come back in order, into `results` at the asked names' places. */
interface Round {
  results: (GitObject | undefined)[];
  slots: number[];
  next: number;
  resolve(results: (GitObject | undefined)[]): void;
  reject(error: Error): void;
}

/** What cannot be on one line of `cat-file --batch`'s input. */
const NOT_ONE_LINE = /[\n\r\0]/;

/**
 * One `git cat-file --batch` answering several rounds of names, each round's answers in order: a
 * read in two steps (the files a commit's `dvc.yaml` names, after the `dvc.yaml`s) costs one
 * process, not one per step. Names go on standard input (a name with a newline is refused
 * before); the output is parsed as it streams, an object's bytes kept only up to maxBlobBytes.
 */
export class CatFile {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly rounds: Round[] = [];
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
    const results = new Array<GitObject | undefined>(names.length).fill(undefined);
    const slots: number[] = [];
    const lines: string[] = [];
    names.forEach((name, i) => {
      if (NOT_ONE_LINE.test(name)) return;
      slots.push(i);
      lines.push(name);
    });
    if (slots.length === 0) return Promise.resolve(results);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.rounds.push({ results, slots, next: 0, resolve, reject });
      this.child.stdin.write(`${lines.join('\n')}\n`);
    });
  }

  /** Ends the process (its standard input closed: it exits once it has answered). */
  close(): void {
    this.child.stdin.end();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const round of this.rounds.splice(0)) round.reject(this.failure);
  }

  /** The next answer, to the oldest round waiting. */
  private answer(object: GitObject | undefined): void {
    const round = this.rounds[0];
    if (!round) return;
    round.results[round.slots[round.next++]] = object;
    if (round.next === round.slots.length) {
      this.rounds.shift();
      round.resolve(round.results);
    }
  }

  private take(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      const body = this.body;
      if (body) {
        const n = Math.min(body.left, chunk.length - at);
        if (n === body.left && body.parts?.length === 0) {
          // The whole object in this chunk (the usual case): one copy, the chunk not held.
          this.body = undefined;
          at += n;
          this.answer({ type: body.type, data: Buffer.from(chunk.subarray(at - n, at - 1)) });
          continue;
        }
        body.parts?.push(chunk.subarray(at, at + n));
        body.left -= n;
        at += n;
        if (body.left === 0) {
          this.body = undefined;
          this.answer({ type: body.type, data: body.parts && Buffer.concat(body.parts).subarray(0, body.size) });
        }
        continue;
      }
      const eol = chunk.indexOf(0x0a, at);
      if (eol < 0) {
        this.header.push(chunk.subarray(at));
        return;
      }
      const line = this.header.length === 0 ? chunk.toString('utf8', at, eol) : Buffer.concat([...this.header, chunk.subarray(at, eol)]).toString('utf8');
      at = eol + 1;
      this.header = [];
      // `<oid> <type> <size>`, or `<name> missing` / `<name> ambiguous`.
      const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(line);
      if (!match) {
        this.answer(undefined);
        continue;
      }
      const size = Number(match[2]);
      this.body = { type: match[1], size, left: size + 1, parts: size <= maxBlobBytes ? [] : undefined };
    }
  }
}

/** Reads many `<commit>:<path>` blobs with one `git cat-file --batch` (CatFile). */
export async function readBlobs(root: string, names: readonly string[]): Promise<BlobResult[]> {
  if (names.every((name) => NOT_ONE_LINE.test(name))) return names.map(() => undefined);
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
