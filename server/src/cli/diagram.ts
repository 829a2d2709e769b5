/** `archipel diagram KIND [PATH...]`: a diagram the families draw from the files (features/diagram/drawer.ts), as Mermaid text or JSON, or a drawer's own formats (an SVG, and a PNG made from it). */
import { noticesJson, noticeText, notReadJson, notReadText, type ReadLedger } from '../platform/notRead';
import { repositoryIdOf } from '../features/system/ids';
import { repositoryRoots } from '../disk/repositoryRoot';
import { contextRoot } from '../disk/contextRoot';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseOptions } from './didYouMean';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DiagramUnavailableError, generateDiagram } from '../diagrams/index';
import type { FileMatcher } from '../common/fileSelector';
import type { DiagramDrawer } from '../features/diagram/drawer';
import { prepareContributors, type SystemContribution } from '../features/system/contributor';
import { RequestRejection } from '../features/requests';
import { checkSummarizer, contextRoots } from '../platform/project';
import { openProject } from '../platform/opening';
import { IndexCache } from '../platform/indexCache';
import { IndexThreads, loadIndex } from '../platform/indexLoad';
import { boundHeapGrowth, heapPacer } from '../workspace/heapPacer';
import { wholeFiles } from '../workspace/summaries';
import { indexOptions } from '../service';
import type { ArchipelSettings } from '../settings';
import { WorkspaceIndex } from '../workspace/index';
import { t } from '../l10n/t';
import { exportDiagram } from '../engines/diagrams/export';
import { OutputTargetError, writeNamedOutput } from '../engines/core/output';

/** `archipel diagram`'s lines in --help: one per kind the families draw. */
export function diagramUsage(drawers: readonly DiagramDrawer[]): string {
  const kinds = drawers.map((d) => d.kind).join('|');
  const head = `  diagram ${kinds} [PATH...]`;
  const width = Math.max(head.length + 3, 47);
  const lines = [`${head.padEnd(width)}Print a diagram generated from the files (Mermaid):`];
  for (const drawer of drawers) lines.push(`${' '.repeat(width)}${drawer.kind} ${drawer.summary}`);
  lines.push('      --format mermaid|markdown|json   Mermaid text (default), a ```mermaid block, or JSON with node sources and the graph.');
  for (const drawer of drawers) {
    if (drawer.views) lines.push(`      --view ${drawer.views.join('|')}`.padEnd(39) + `   ${drawer.kind}: the view (default ${drawer.views[0]}).`);
    const own = formatsOf(drawer).filter((f) => !commonFormats.includes(f));
    if (own.length > 0) lines.push(`      --format ${own.join('|')}`.padEnd(39) + `   ${drawer.kind}: also these formats${drawer.formats?.json ? '; its JSON is its own contract' : ''}.`);
  }
  lines.push('      -o, --output FILE                  Write the diagram to FILE instead of printing it (a PNG needs it on a terminal);');
  lines.push('                                         without --format, in the format its extension names (.svg, .png, .json, .md, …).');
  return lines.join('\n');
}

class DiagramUsageError extends Error {}
/** The file named by --output could not be written (its folder is missing, it is a folder, no right to write). */
class DiagramWriteError extends Error {}

const commonFormats = ['mermaid', 'markdown', 'json'];

/** A drawer's own formats, and PNG (rasterised from its SVG) when it draws one. */
function formatsOf(drawer: DiagramDrawer): string[] {
  const own = Object.keys(drawer.formats ?? {});
  return own.includes('svg') ? [...own, 'png'] : own;
}

/** The extensions that name a format, for `-o FILE` without --format (`-o system.svg` writes an SVG, not Mermaid text in it: #98). */
const EXTENSION_FORMATS: Record<string, string> = { '.svg': 'svg', '.png': 'png', '.json': 'json', '.md': 'markdown', '.puml': 'plantuml', '.plantuml': 'plantuml', '.dsl': 'structurizr', '.mmd': 'mermaid', '.mermaid': 'mermaid' };

/** The format `output`'s extension names when the diagram has it, else Mermaid (the default). */
function formatOfFile(output: string | undefined, formats: readonly string[]): string {
  const named = output === undefined ? undefined : EXTENSION_FORMATS[path.extname(output).toLowerCase()];
  return named !== undefined && formats.includes(named) ? named : 'mermaid';
}

/** Where the diagram goes: a file (replaced whole, never half-written), else standard output (a PNG only when it is not a terminal). */
async function emit(data: string | Buffer, output: string | undefined, out: (text: string) => void): Promise<void> {
  if (output !== undefined) {
    try {
      await writeNamedOutput(output, typeof data === 'string' ? `${data}\n` : data, { makeFolder: false });
    } catch (error) {
      if (error instanceof OutputTargetError) throw error;
      throw new DiagramWriteError(t('cannot write {0}: {1}', output, (error as NodeJS.ErrnoException).code ?? (error as Error).message));
    }
    return;
  }
  if (typeof data === 'string') {
    out(data);
    return;
  }
  if (process.stdout.isTTY) throw new DiagramUsageError(t('a PNG is binary: redirect the output to a file or give --output FILE'));
  // A reader that stops early (`| head -c 8`) closes the pipe: the rest is not wanted.
  await new Promise<void>((resolve, reject) => process.stdout.write(data, (error) => (error && (error as NodeJS.ErrnoException).code !== 'EPIPE' ? reject(error) : resolve())));
}

export async function diagramCommand(args: string[], settings: ArchipelSettings, files: FileMatcher, drawers: readonly DiagramDrawer[], root: string, out: (text: string) => void, err: (text: string) => void, system: readonly SystemContribution[] = [], ledger?: ReadLedger): Promise<number> {
  try {
    const { values, positionals } = parseOptions('diagram', { args, allowPositionals: true, strict: true, options: { format: { type: 'string' }, view: { type: 'string' }, output: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      out(`Usage: archipel diagram KIND [PATH...] [options]\n\n${diagramUsage(drawers)}`);
      return 0;
    }
    const [kind, ...paths] = positionals;
    const kinds = drawers.map((d) => d.kind);
    if (!kind || !kinds.includes(kind)) throw new DiagramUsageError(kind ? t('unknown diagram "{0}" (expected {1})', kind, kinds.join(', ')) : kinds.length > 1 ? t('which diagram? ({0} or {1})', kinds.slice(0, -1).join(', '), kinds[kinds.length - 1]) : t('which diagram? ({0})', kinds.join(', ')));
    const drawer = drawers.find((d) => d.kind === kind)!;
    const formats = [...new Set([...commonFormats, ...formatsOf(drawer)])];
    const format = values.format ?? formatOfFile(values.output, formats);
    if (!formats.includes(format)) throw new DiagramUsageError(formats.length > 3 ? t('unknown format "{0}" (expected {1})', format, formats.join(', ')) : t('unknown format "{0}" (expected mermaid, markdown or json)', format));
    await drawer.prepare?.();
    await prepareContributors(system);
    const view = values.view;
    if (view !== undefined && !drawer.views?.includes(view)) throw new DiagramUsageError(drawer.views ? t('unknown view "{0}" of the {1} diagram (expected {2})', view, kind, drawer.views.join(', ')) : t('the {0} diagram has one view', kind));
    const given = paths.length > 0 ? paths : ['.'];
    const missing: string[] = [];
    for (const p of given) await fs.stat(p).catch(() => missing.push(p));
    if (missing.length > 0) throw new DiagramUsageError(t('no such file or folder: {0}', missing.join(', ')));
    // The whole repository of the paths is indexed (references leave the folder); the paths limit what is drawn.
    // As `archipel check` indexes it: past SUMMARY_THRESHOLD files, Kubernetes manifests as their summaries, read
    // on the index threads, with the index cache — the map is built from what the index keeps, never every file's model.
    // The project's opening (platform/opening.ts): its archipel.yaml's excludes and its listing, as every command's.
    const opened = await openProject(given, { settings, files, err });
    settings = opened.settings;
    const index = new WorkspaceIndex(indexOptions(settings));
    const context = await opened.context();
    // The Kubernetes summaries and their models (platform/summaryModels.ts), loaded only past the threshold.
    const summarizer = await checkSummarizer(context.length);
    // A summarised index is large: V8 grows the heap by half of what a collection leaves live, as for the server's index.
    if (summarizer !== wholeFiles) boundHeapGrowth();
    const threads = IndexThreads.for(summarizer, wholeFiles);
    const cache = summarizer === wholeFiles ? undefined : IndexCache.open(contextRoot(path.resolve(given[0]), true), 'summaries', indexOptions(settings).maxBytes);
    try {
      // An unreadable file draws nothing.
      await loadIndex(index, context.map((file) => ({ file, uri: pathToFileURL(file).href, context: true })), { summarizer, maxBytes: indexOptions(settings).maxBytes, cache, threads, pace: heapPacer(), failed: () => undefined });
    } finally {
      await threads?.close();
    }
    cache?.save();
    // Side files the map reads (what `terraform init` installed), confined to the paths' repositories.
    await prepareContributors(system, index, await contextRoots(given));
    // What the map did not read (platform/notRead.ts): JSON `notRead`; beside a drawing, on stderr.
    ledger?.addIndex(index);
    const notRead = ledger?.relative(process.cwd()) ?? [];
    const notices = ledger?.notices() ?? [];
    const sayNotRead = () => {
      for (const line of [...noticeText(notices), ...notReadText(notRead)]) err(`archipel diagram: ${line}`);
    };
    const scopes = paths.length > 0 ? paths.map((p) => pathToFileURL(path.resolve(p)).href) : [pathToFileURL(process.cwd()).href];
    const own = drawer.formats?.[format === 'png' ? 'svg' : format];
    if (own) {
      const cwd = process.cwd();
      const fileOf = (uri: string) => (uri.startsWith('file:') ? path.relative(cwd, fileURLToPath(uri)).split(path.sep).join('/') : uri);
      const drawn = own({ index, settings, scopes, root, ...(view !== undefined ? { view } : {}), system, fileOf, idOf: repositoryIdOf(repositoryRoots(given)), notice: (note) => err(`archipel diagram: ${note}`) }).trimEnd();
      const text = format === 'json' && notRead.length + notices.length > 0 ? JSON.stringify({ ...(JSON.parse(drawn) as object), ...noticesJson(notices), ...notReadJson(notRead) }, null, 2) : drawn;
      if (format !== 'json') sayNotRead();
      await emit(format === 'png' ? await exportDiagram({ svg: text, format: 'png' }) : text, values.output, out);
      return 0;
    }
    const diagram = generateDiagram(drawers, kind, index, settings, scopes, root, { ...(view !== undefined ? { view } : {}), system });
    if (diagram.empty) {
      err(`archipel diagram: ${diagram.empty}`);
      // Nothing of that kind, but a Compose stack is there: say which diagram draws it.
      if (kind !== 'compose' && kinds.includes('compose') && !generateDiagram(drawers, 'compose', index, settings, scopes, root).empty) err(`archipel diagram: ${t('a Docker Compose stack is here: archipel diagram compose draws it.')}`);
    }
    // Each node's file as the CLI names files (relative to the current folder), never the machine's URI (issue #92).
    const named = { ...diagram, sources: diagram.sources.map(({ uri, ...source }) => ({ ...source, file: uri.startsWith('file:') ? path.relative(process.cwd(), fileURLToPath(uri)).split(path.sep).join('/') : uri })), ...noticesJson(notices), ...notReadJson(notRead) };
    if (format !== 'json') sayNotRead();
    await emit(format === 'json' ? JSON.stringify(named, null, 2) : format === 'markdown' ? `\`\`\`mermaid\n${diagram.mermaid}\`\`\`` : diagram.mermaid.trimEnd(), values.output, out);
    return 0;
  } catch (error) {
    // A diagram that cannot be drawn, or a drawer's refusal (the system map with no component): said as is.
    if (error instanceof DiagramUnavailableError || error instanceof RequestRejection || error instanceof DiagramWriteError) {
      err(`archipel diagram: ${error.message}`);
      return 1;
    }
    if (error instanceof DiagramUsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err(`archipel diagram: ${(error as Error).message}\n\n${diagramUsage(drawers)}`);
      return 2;
    }
    throw error;
  }
}
