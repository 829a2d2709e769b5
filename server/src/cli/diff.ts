/**
 * `archipel diff [PATH...] [--base REF] [--head REF] [--format text|json|markdown|sarif] [--fail-on exposure|threats|continuity|policy|cost>N] [--usage FILE]` (issue #80): the system map at
 * REF against the working tree (or `--head REF`), compared by platform/archDiff.ts (both sides read
 * from git objects or the working tree, and archdiff/compare.ts), printed in the format asked.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FileMatcher } from '../common/fileSelector';
import type { DiagramDrawer } from '../features/diagram/drawer';
import type { SystemContribution } from '../features/system/contributor';
import type { ArchipelSettings } from '../settings';
import { GitError } from '../engines/experiments/git';
import { diffText } from '../archdiff/compare';
import type { ThreatsHost } from '../threats/workspace';
import { mitigationOf } from '../threats/report';
import { diffMarkdown } from '../archdiff/markdown';
import { diffSarif } from '../archdiff/sarif';
import { gateFailures, parseGates } from '../archdiff/gates';
import { archDiff, DiffRefError, type DiffCostHost, type DiffPolicyHost } from '../platform/archDiff';
import { usageFile } from './cost';
import { readText } from '../disk/readText';
import { diffUsage } from './diffUsage';
import { parseOptions } from './didYouMean';
import { notReadWords, type NotReadFile } from '../platform/notRead';
import { projectConfig, withProjectExcludes } from '../platform/opening';
import { terminalText } from '../common/escape';

/** The diff's closing section: the changed files not read, so not judged (platform/notRead.ts). */
function notReadLines(files: readonly NotReadFile[]): string[] {
  return files.map((f) => `${f.file}: ${notReadWords(f.reason)}`);
}

/** The diff in its format, with what it did not read said: JSON `notRead`, a text section, a Markdown note (SARIF's notifications are diffSarif's). */
function withNotRead(format: 'text' | 'json' | 'markdown', printed: string, diff: object, files: readonly NotReadFile[]): string {
  if (files.length === 0) return printed;
  if (format === 'json') return JSON.stringify({ ...diff, notRead: files }, null, 2);
  const heading = `Not read (${files.length} changed file${files.length === 1 ? '' : 's'}: changes not judged)`;
  if (format === 'text') return `${printed.trimEnd()}\n\n${heading}:\n${notReadLines(files).map((l) => `  ${terminalText(l)}`).join('\n')}`;
  return `${printed.trimEnd()}\n\n> **${heading}**\n${notReadLines(files).map((l) => `> - \`${l.replace(/`/g, "'")}\``).join('\n')}\n`;
}

class DiffUsageError extends Error {}

export async function diffCommand(args: string[], settings: ArchipelSettings, files: FileMatcher, drawers: readonly DiagramDrawer[], root: string, out: (text: string) => void, err: (text: string) => void, system: readonly SystemContribution[] = [], threats?: ThreatsHost, cost?: DiffCostHost, policy?: DiffPolicyHost): Promise<number> {
  try {
    const { values, positionals } = parseOptions('diff', { args, allowPositionals: true, strict: true, options: { base: { type: 'string' }, head: { type: 'string' }, format: { type: 'string', default: 'text' }, 'fail-on': { type: 'string', multiple: true }, 'allow-unread': { type: 'boolean' }, usage: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      out(`Usage: archipel diff [PATH...] [--base REF] [--head REF] [--format text|json|markdown|sarif] [--fail-on exposure|threats|continuity|policy|cost>N] [--allow-unread] [--usage FILE]\n\n${diffUsage}`);
      return 0;
    }
    if (values.base === '') throw new DiffUsageError('--base REF: a ref is required');
    const format = values.format;
    if (format !== 'text' && format !== 'json' && format !== 'markdown' && format !== 'sarif') throw new DiffUsageError(`unknown format "${format}" (expected text, json, markdown or sarif)`);
    const gates = parseGates(values['fail-on'] ?? []);
    if (gates instanceof Error) throw new DiffUsageError(gates.message);
    const drawer = drawers.find((d) => d.kind === 'system');
    if (!drawer?.formats?.json) throw new DiffUsageError('the system map is not among the families of this run');
    const given = positionals.length > 0 ? positionals : ['.'];
    const missing: string[] = [];
    for (const p of given) await fs.stat(p).catch(() => missing.push(p));
    if (missing.length > 0) throw new DiffUsageError(`no such file or folder: ${missing.join(', ')}`);
    let usage: DiffCostHost['usage'];
    if (values.usage !== undefined) {
      const size = (await fs.stat(values.usage).catch(() => undefined))?.size;
      if (size === undefined) throw new DiffUsageError(`no such file or folder: ${values.usage}`);
      // readText reads regular files only, up to its bound: the path is the user's own, named on the command line. The same usage on both sides.
      usage = usageFile((await readText(path.resolve(values.usage))).text, values.usage, err);
    }
    const scopes = positionals.length > 0 ? positionals.map((p) => pathToFileURL(path.resolve(p)).href) : [pathToFileURL(process.cwd()).href];
    // The one opening's configuration (platform/opening.ts, #92): archipel.yaml's files.exclude, searched once, leaves the same files out of both sides.
    const config = projectConfig(given);
    for (const problem of config.problems) err(problem);
    let notRead: NotReadFile[] = [];
    const diff = await archDiff({ settings: withProjectExcludes(settings, config), files, drawer, system, threats, root, ...(cost ? { cost: usage ? { ...cost, usage } : cost } : {}), ...(policy ? { policy } : {}), paths: given.map((p) => path.resolve(p)), scopes, cwd: process.cwd(), ...(values.base !== undefined ? { base: values.base } : {}), ...(values.head !== undefined ? { head: values.head } : {}), notRead: (unread) => (notRead = unread) });
    const judged = notRead.map((f) => ({ ...f, text: `${f.file}: not read (${notReadWords(f.reason)}): this change is not judged` }));
    out(format === 'sarif' ? diffSarif(diff, mitigationOf, judged) : withNotRead(format, format === 'json' ? JSON.stringify(diff, null, 2) : format === 'markdown' ? diffMarkdown(diff) : diffText(diff), diff, notRead));
    // The diff printed whatever the gates say; a gate failed is said on the error stream and exits 1.
    const failures = gateFailures(diff, gates);
    // A gate judges what was read: a changed file not read fails it closed, unless --allow-unread (issue #92).
    if (gates.length > 0 && notRead.length > 0 && values['allow-unread'] !== true) {
      failures.push(`--fail-on: ${notRead.length} changed file${notRead.length === 1 ? '' : 's'} not read, so the change is not judged (${notReadLines(notRead).join('; ')}); --allow-unread judges it without them`);
    }
    for (const failure of failures) err(`archipel diff: ${failure}`);
    return failures.length > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof DiffUsageError || error instanceof DiffRefError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err(`archipel diff: ${(error as Error).message}\n\n${diffUsage}`);
      return 2;
    }
    if (error instanceof GitError) {
      err(`archipel diff: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
