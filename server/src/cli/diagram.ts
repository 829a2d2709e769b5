/** `archipel diagram <k8s|workflow|adr|compose> [PATH...]`: the generated diagrams of the editor, as Mermaid text. */
import { readText } from '../disk/readText';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { DiagramUnavailableError, generateDiagram, type DiagramDependencies } from '../diagrams/index';
import type { FileMatcher } from '../common/fileSelector';
import { diagramKinds, type DiagramKind } from '../protocol/diagrams';
import { collectContext } from '../platform/project';
import { indexOptions } from '../service';
import type { ArchipelSettings } from '../settings';
import { WorkspaceIndex } from '../workspace/index';
import { t } from '../l10n/t';

export const diagramUsage = `  diagram k8s|workflow|adr|compose [PATH...]   Print a diagram generated from the files (Mermaid): k8s the Kubernetes
                                               manifests, workflow the GitHub Actions workflows, adr the decision records,
                                               compose the Docker Compose stacks (services, ports, depends_on, networks, volumes).
      --format mermaid|markdown|json   Mermaid text (default), a \`\`\`mermaid block, or JSON with node sources and the graph.`;

class DiagramUsageError extends Error {}

export async function diagramCommand(args: string[], settings: ArchipelSettings, files: FileMatcher, deps: () => DiagramDependencies, out: (text: string) => void, err: (text: string) => void): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: { format: { type: 'string', default: 'mermaid' } } });
    const [kind, ...paths] = positionals;
    if (!diagramKinds.includes(kind as DiagramKind)) throw new DiagramUsageError(kind ? t('unknown diagram "{0}" (expected {1})', kind, diagramKinds.join(', ')) : t('which diagram? (k8s, workflow, adr or compose)'));
    const format = values.format;
    if (format !== 'mermaid' && format !== 'markdown' && format !== 'json') throw new DiagramUsageError(t('unknown format "{0}" (expected mermaid, markdown or json)', format));
    const given = paths.length > 0 ? paths : ['.'];
    const missing: string[] = [];
    for (const p of given) await fs.stat(p).catch(() => missing.push(p));
    if (missing.length > 0) throw new DiagramUsageError(t('no such file or folder: {0}', missing.join(', ')));
    // The whole repository of the paths is indexed (references leave the folder); the paths limit what is drawn.
    const index = new WorkspaceIndex(indexOptions(settings));
    for (const file of await collectContext(given, settings, files)) {
      try {
        const { text, problem } = await readText(file);
        index.update(pathToFileURL(file).href, text, { textProblem: problem });
      } catch {
        // An unreadable file draws nothing.
      }
    }
    const scopes = paths.length > 0 ? paths.map((p) => pathToFileURL(path.resolve(p)).href) : [pathToFileURL(process.cwd()).href];
    const diagram = generateDiagram(kind as DiagramKind, index, settings, scopes, kind === 'workflow' ? deps() : {});
    if (diagram.empty) {
      err(`archipel diagram: ${diagram.empty}`);
      // Nothing of that kind, but a Compose stack is there: say which diagram draws it.
      if (kind !== 'compose' && !generateDiagram('compose', index, settings, scopes, {}).empty) err(`archipel diagram: ${t('a Docker Compose stack is here: archipel diagram compose draws it.')}`);
    }
    if (format === 'json') out(JSON.stringify(diagram, null, 2));
    else if (format === 'markdown') out(`\`\`\`mermaid\n${diagram.mermaid}\`\`\``);
    else out(diagram.mermaid.trimEnd());
    return 0;
  } catch (error) {
    if (error instanceof DiagramUnavailableError) {
      err(`archipel diagram: ${error.message}`);
      return 1;
    }
    if (error instanceof DiagramUsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err(`archipel diagram: ${(error as Error).message}\n\n${diagramUsage}`);
      return 2;
    }
    throw error;
  }
}
