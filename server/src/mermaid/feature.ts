/**
 * Mermaid syntax errors as diagnostics, in `.mmd` / `.mermaid` files and in ```mermaid blocks of
 * Markdown files (ADRs especially), on the exact line and token. Mermaid's parser is asynchronous
 * and runs in a worker thread: `prepare` parses the file's diagrams (each text once, cached), then
 * `findings` reads the results; the server and the CLI await `prepare` before asking for findings.
 */
import type { Feature, PlacedFinding } from '../features/feature';
import { defineRule } from '../rules/registry';
import type { IndexedFile } from '../workspace/index';
import { syntaxError, type MermaidParseFailure } from './errors';
import { mermaidSources, type MermaidSource } from './sources';
import { formatNumber, t } from '../l10n/t';

export const mermaidSyntaxRule = defineRule({
  id: 'mermaid-syntax',
  defaultSeverity: 'error',
  description: 'A Mermaid diagram (a .mmd/.mermaid file, or a ```mermaid block in Markdown) has a syntax error: Mermaid cannot draw it.',
});

export type MermaidParseResult = { ok: true; diagramType?: string } | { ok: false; failure: MermaidParseFailure };

/** Mermaid's parser (in a worker thread on Node; see server/src/engines/mermaid/parser.ts). */
export interface MermaidChecker {
  parse(text: string): Promise<MermaidParseResult>;
}

/** Parse results by diagram text, the most recent few hundred (an edit re-parses only the diagram it changed). */
class ParseCache {
  private readonly results = new Map<string, MermaidParseResult>();
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly checker: MermaidChecker,
    private readonly capacity = 500,
  ) {}

  get(text: string): MermaidParseResult | undefined {
    const result = this.results.get(text);
    if (result) {
      // Most recently used last.
      this.results.delete(text);
      this.results.set(text, result);
    }
    return result;
  }

  ensure(text: string): Promise<void> {
    if (this.results.has(text)) return Promise.resolve();
    let running = this.running.get(text);
    if (!running) {
      running = this.checker.parse(text).then(
        (result) => {
          this.results.set(text, result);
          while (this.results.size > this.capacity) this.results.delete(this.results.keys().next().value!);
        },
        // The parser failed (crashed, timed out): no diagnostic rather than a wrong one; tried again next time.
        () => undefined,
      );
      running = running.finally(() => this.running.delete(text));
      this.running.set(text, running);
    }
    return running;
  }
}

const hasDiagram = (source: MermaidSource) => source.text.trim() !== '';

/**
 * Mermaid draws no diagram longer than its `maxTextSize` (50,000 characters by default), so a
 * longer one is not sent to the parser either: its parse time grows with the text, up to the
 * worker's time limit.
 */
export const MAX_MERMAID_LENGTH = 50_000;
const parseable = (source: MermaidSource) => hasDiagram(source) && source.text.length <= MAX_MERMAID_LENGTH;

export function mermaidFeature(checker: MermaidChecker): Feature {
  const cache = new ParseCache(checker);
  return {
    id: 'mermaid',
    async prepare(file: IndexedFile): Promise<void> {
      await Promise.all(mermaidSources(file).filter(parseable).map((source) => cache.ensure(source.text)));
    },
    findings(file: IndexedFile): PlacedFinding[] {
      const placed: PlacedFinding[] = [];
      for (const source of mermaidSources(file)) {
        if (!hasDiagram(source)) continue;
        if (!parseable(source)) {
          const start = file.lines.offsetAt({ line: source.line, character: source.prefix[0] ?? 0 });
          const message = t('Mermaid: the diagram is {0} characters, over the {1} Mermaid draws (its maxTextSize); it is not parsed. Split it.', formatNumber(source.text.length), formatNumber(MAX_MERMAID_LENGTH));
          placed.push({ offset: 0, finding: { start, end: start + 1, message, code: mermaidSyntaxRule.id } });
          continue;
        }
        const result = cache.get(source.text);
        if (!result || result.ok) continue;
        const error = syntaxError(result.failure, source.text);
        if (!error) continue;
        const at = (p: { line: number; character: number }) => file.lines.offsetAt({ line: source.line + p.line, character: (source.prefix[p.line] ?? 0) + p.character });
        placed.push({ offset: 0, finding: { start: at(error.start), end: at(error.end), message: error.message, code: mermaidSyntaxRule.id } });
      }
      return placed;
    },
  };
}
