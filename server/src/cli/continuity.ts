/**
 * `archipel continuity [PATH...]` (issue #97): the single points of failure, backups and recovery objectives of the
 * system the paths deploy — text, JSON (the contract of continuity/report.ts), the PRA/PCA report in Markdown, SARIF.
 * Exit 0; 1 when a gap is raised that the continuity section does not accept; 2 on a usage error.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseOptions } from './didYouMean';
import type { FileMatcher } from '../common/fileSelector';
import { terminalText } from '../common/escape';
import { prepareContributors, type SystemContribution } from '../features/system/contributor';
import { relativeUri, repositoryIdOf, rootUris } from '../features/system/ids';
import { t } from '../l10n/t';
import { checkSummarizer } from '../platform/project';
import { openProject } from '../platform/opening';
import { notReadJson, notReadText, sarifNotRead, withNotReadNote, type ReadLedger } from '../platform/notRead';
import { loadIndex } from '../platform/indexLoad';
import { indexOptions } from '../service';
import type { ArchipelSettings } from '../settings';
import { workspaceContinuity, type ContinuityHost } from '../continuity/analysis';
import { continuityJson, continuityMarkdown, continuitySarif, continuityText, type Namer } from '../continuity/report';
import type { Place } from '../continuity/model';
import { WorkspaceIndex } from '../workspace/index';
import { heapPacer } from '../workspace/heapPacer';
import { UsageError } from './usage';
import { repositoryRoots } from '../disk/repositoryRoot';
import { confineReads } from '../disk/readText';

const FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

export interface ContinuityCommandContext {
  out: (text: string) => void;
  err: (text: string) => void;
  settings: ArchipelSettings;
  files: FileMatcher;
  system: readonly SystemContribution[];
  host: ContinuityHost;
  /** The run's ledger (platform/notRead.ts): what it did not read, said in every format. */
  ledger?: ReadLedger;
}

export async function continuityCommand(args: string[], context: ContinuityCommandContext): Promise<number> {
  const { out, err } = context;
  try {
    const { values, positionals } = parseOptions('continuity', { args, allowPositionals: true, strict: true, options: { format: { type: 'string', default: 'text' } } });
    const format = values.format as Format;
    if (!FORMATS.includes(format)) throw new UsageError(t('unknown format "{0}" (expected {1})', values.format ?? '', FORMATS.join(', ')));
    const given = positionals.length > 0 ? positionals : ['.'];
    for (const p of given) await fs.stat(p).catch(() => { throw new UsageError(t('no such file or folder: {0}', p)); });
    await prepareContributors(context.system);
    // The one opening (platform/opening.ts, #92): archipel.yaml's files.exclude, git's listing rule, each file named as itself.
    const opened = await openProject(given, { settings: context.settings, files: context.files, err });
    const { files, settings } = opened;
    const index = new WorkspaceIndex(indexOptions(settings));
    await loadIndex(index, files.map((file) => ({ file, uri: pathToFileURL(file).href, context: true })), { summarizer: await checkSummarizer(files.length), maxBytes: indexOptions(settings).maxBytes, pace: heapPacer(), failed: () => undefined });
    await context.host.prepare?.(index);
    context.ledger?.addIndex(index);
    const roots = repositoryRoots(given);
    const uris = rootUris(roots);
    // Side files (`.dvc/config`) are read confined to the paths' repositories.
    const unconfine = confineReads(roots, settings.validation.maxSideFileKb);
    let analysis: ReturnType<typeof workspaceContinuity>;
    try {
      analysis = workspaceContinuity(index, context.host);
    } finally {
      unconfine();
    }
    const cwd = process.cwd();
    const namer: Namer = {
      id: repositoryIdOf(roots),
      where: (place: Place) => {
        const file = index.get(place.uri);
        // A side file (`.dvc/config`) is not indexed: its place says its line.
        const line = place.line ?? (file ? file.lines.positionAt(place.start).line + 1 : 1);
        // The terminal's reader: files from the current folder; every other format's from the repository.
        const name = format === 'text' ? path.relative(cwd, fileURLToPath(place.uri)).split(path.sep).join('/') : relativeUri(place.uri, uris);
        return { file: name, line };
      },
    };
    for (const p of analysis.problems) { const w = namer.where(p.place); err(`${w.file}:${w.line}: ${p.message}`); }
    // What the reading did not read (#92), named as the format names files: the terminal's from the current folder, the others' from the repository.
    const notRead = context.ledger?.named((file) => (format === 'text' ? path.relative(cwd, file).split(path.sep).join('/') : relativeUri(pathToFileURL(file).href, uris))) ?? [];
    // The JSON contract's fields as they were, `notRead` added when a file was not read (its indentation is continuityJson's).
    if (format === 'json') out(notRead.length > 0 ? JSON.stringify({ ...(JSON.parse(continuityJson(analysis, namer)) as object), ...notReadJson(notRead) }, null, 2) : continuityJson(analysis, namer));
    else if (format === 'markdown') {
      const title = relativeUri(pathToFileURL(path.resolve(given[0])).href, uris);
      out(withNotReadNote(continuityMarkdown(analysis, title === '.' ? 'repository' : title, namer), notRead));
    } else if (format === 'sarif') out(continuitySarif(analysis, namer, sarifNotRead(notRead)));
    else for (const line of [...continuityText(analysis, namer), ...notReadText(notRead)]) out(terminalText(line));
    return analysis.gaps.length > 0 || analysis.problems.length > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err(`archipel continuity: ${(error as Error).message}`);
      return 2;
    }
    throw error;
  }
}
