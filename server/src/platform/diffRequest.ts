/**
 * The editor's architecture diff (issue #80): `archipel/diff`, the CLI's comparison (platform/archDiff.ts)
 * of a workspace folder's repository, answered for the System Map panel's "Compare with…". Files in the
 * answer are relative to the repository's top (`root`). The head, when not a revision, is the working tree
 * as saved on disk (an unsaved edit is not in it), read as `archipel diff` reads it.
 *
 * Under the budget (issue #92): a comparison reads both sides of the whole repository (95.9 s and 822 MB over 20,041
 * files, during which another file's diagnostics waited 15.2 s and a request timed out). It runs as `archipel diff`
 * itself, in a process of its own (the package's CLI bundle, an argument array: the ref as `--base=<ref>`, which the
 * command resolves with `--end-of-options`; the folder after `--`): the server's thread answers every other request
 * meanwhile, its heap does not grow by the comparison's, and a cancelled request ends the process. The answer is the
 * command's JSON, the same contract to the byte (ids, files from the repository's top, the repository's archipel.yaml),
 * plus `root`. Without the bundle (the compiled sources run as they are), the comparison runs here as before.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FileMatcher } from '../common/fileSelector';
import type { DiagramDrawer } from '../features/diagram/drawer';
import { RequestFailure, RequestRejection, type RequestContext } from '../features/requests';
import type { SystemContribution } from '../features/system/contributor';
import type { DiffParams, DiffResult } from '../protocol/diff';
import type { DiffCostHost, DiffPolicyHost } from './archDiff';
import type { ArchipelSettings } from '../settings';
import type { ThreatsHost } from '../threats/workspace';

/** What the request computes a side with: as `archipel diff` (families/diagrams.ts gives both the same). */
export interface DiffDeps {
  drawers: readonly DiagramDrawer[];
  system: readonly SystemContribution[];
  threats: ThreatsHost | undefined;
  /** The package root. */
  root: string;
  /** What each side is priced with, as `archipel cost` prices it. */
  cost?: DiffCostHost;
  /** What each side's policy violations are found with, as `archipel diff` finds them. */
  policy?: DiffPolicyHost;
  files: (settings: ArchipelSettings) => FileMatcher;
  /** The CLI the comparison runs as (tests: another entry); default: the package's bundle, when built. */
  cli?: string;
}

/** The most of the command's answer kept: a comparison of 100,000 files is a few tens of MB of JSON, under what one string of V8 holds. */
const MAX_ANSWER_BYTES = 256 * 1024 * 1024;

/** The package's CLI bundle, when it is built (the server runs from dist/server/server.js beside it). */
function cliBundle(deps: DiffDeps): string | undefined {
  if (deps.cli !== undefined) return deps.cli;
  for (const file of [path.join(__dirname, 'cli.js'), path.join(deps.root, 'dist', 'server', 'cli.js')]) if (existsSync(file)) return file;
  return undefined;
}

/** `archipel diff … --format json` in a process of its own, ended when the request is cancelled; its answer, or the command's own refusal. */
function diffProcess(cli: string, args: readonly string[], cwd: string, signal: AbortSignal): Promise<Omit<DiffResult, 'root'>> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new RequestFailure('the comparison was cancelled', undefined, true));
    // The Node.js (or Electron as Node.js: ELECTRON_RUN_AS_NODE is inherited) that runs the server runs the command.
    const child = spawn(process.execPath, [cli, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let failure: Error | undefined;
    const end = (error: Error) => {
      failure ??= error;
      child.kill('SIGKILL');
    };
    const cancel = () => end(new RequestFailure('the comparison was cancelled', undefined, true));
    signal.addEventListener('abort', cancel, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_ANSWER_BYTES) return end(new RequestFailure(`the comparison's answer passes ${MAX_ANSWER_BYTES / 1024 / 1024} MB`));
      out.push(chunk);
    });
    // Its error stream is a message or two (a ref that names no commit): bounded all the same.
    child.stderr.on('data', (chunk: Buffer) => {
      if (err.reduce((n, c) => n + c.length, 0) < 64 * 1024) err.push(chunk);
    });
    child.on('error', (error) => end(new RequestFailure(`the comparison could not be started: ${error.message}`)));
    child.on('close', (code) => {
      signal.removeEventListener('abort', cancel);
      if (failure) return reject(failure);
      const message = Buffer.concat(err).toString('utf8').split('\n')[0].replace(/^archipel diff: /, '').trim();
      // 2: the user's mistake (a ref that names no commit); 1 with no answer: git failed. 0 or 1 (a gate: none is asked) with the JSON: the answer.
      if (code === 2) return reject(new RequestRejection(message || 'the comparison was refused'));
      try {
        resolve(JSON.parse(Buffer.concat(out).toString('utf8')) as Omit<DiffResult, 'root'>);
      } catch {
        reject(code === 1 && message ? new RequestRejection(message) : new Error(`archipel diff ended (${code ?? 'killed'}) without its answer: ${message}`));
      }
    });
  });
}

/** The answer of `archipel/diff` (registered by diagrams/register.ts): git and the analyses loaded on the first comparison. */
export function diffAnswer(deps: DiffDeps): (p: DiffParams, settings: ArchipelSettings, context: RequestContext) => Promise<DiffResult> {
  return async (p, settings, context) => {
    if (typeof p.base !== 'string' || p.base === '') throw new RequestRejection('a base revision is required');
    const folder = p.scope?.startsWith('file:') ? fileURLToPath(p.scope) : context.workspaceFolders[0];
    if (folder === undefined) throw new RequestRejection('no workspace folder to compare');
    context.assertInWorkspace(folder, 'the folder compared');
    const drawer = deps.drawers.find((d) => d.kind === 'system');
    if (!drawer?.formats?.json) throw new RequestRejection('the system map is not among the families of this server');
    // Loaded on the first comparison: the server's start does not pay for git and the analyses.
    const [{ archDiff, DiffRefError, repositoryTop }, { GitError }, { projectConfig, withProjectExcludes }] = await Promise.all([import('./archDiff.js'), import('../engines/experiments/git.js'), import('./opening.js')]);
    try {
      const top = await repositoryTop(folder);
      const head = typeof p.head === 'string' && p.head !== '' ? p.head : undefined;
      const cli = cliBundle(deps);
      const diff = cli
        ? await diffProcess(cli, ['diff', '--format', 'json', `--base=${p.base}`, ...(head !== undefined ? [`--head=${head}`] : []), '--', path.resolve(folder)], top, context.signal)
        : await archDiff({ settings: withProjectExcludes(settings, projectConfig([folder])), files: deps.files(settings), drawer, system: deps.system, threats: deps.threats, root: deps.root, ...(deps.cost ? { cost: deps.cost } : {}), ...(deps.policy ? { policy: deps.policy } : {}), paths: [path.resolve(folder)], scopes: [pathToFileURL(folder).href], cwd: top, base: p.base, ...(head !== undefined ? { head } : {}) });
      return { root: pathToFileURL(top).href, ...diff };
    } catch (error) {
      if (error instanceof DiffRefError || error instanceof GitError) throw new RequestRejection(error.message);
      throw error;
    }
  };
}
