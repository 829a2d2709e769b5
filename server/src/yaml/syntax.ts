import { visit, type Document, type Node, type YAMLError } from 'yaml';
import type { Finding } from '../common/findings';
import { defineRule } from '../rules/registry';
import type { YamlChunk } from './model';

export const yamlSyntaxRule = defineRule({
  id: 'yaml-syntax',
  defaultSeverity: 'error',
  description: 'The file is not well-formed YAML (bad indentation, unclosed quotes or brackets, tabs, …).',
});
export const yamlDuplicateKeyRule = defineRule({
  id: 'yaml-duplicate-key',
  defaultSeverity: 'error',
  description: 'A mapping has the same key twice; YAML parsers disagree on which value wins.',
});
export const yamlAliasRule = defineRule({
  id: 'yaml-alias-limit',
  defaultSeverity: 'error',
  description: 'Aliases expand beyond a safe size (a "billion laughs" document).',
});

/** The first line of the yaml package's message, without the "at line X, column Y" the range already says. */
function cleanMessage(error: YAMLError): string {
  const first = error.message.split('\n')[0];
  return first.replace(/ at line \d+, column \d+:?$/, '').replace(/:$/, '');
}

/** The end of the key node starting at `start`, so that a duplicate key is underlined whole. */
function keyEnd(doc: Document.Parsed, start: number): number | undefined {
  let end: number | undefined;
  visit(doc, {
    Pair(_, pair) {
      const range = (pair.key as Node | null)?.range;
      if (range?.[0] === start) {
        end = range[1];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return end;
}

function toFinding(doc: Document.Parsed, error: YAMLError, severity: 'error' | 'warning'): Finding {
  const duplicate = error.code === 'DUPLICATE_KEY';
  const start = error.pos[0];
  const end = (duplicate ? keyEnd(doc, start) : undefined) ?? error.pos[1];
  return {
    start,
    end: Math.max(end, start),
    message: duplicate ? `Duplicate key: ${cleanMessage(error)}.` : `YAML ${severity === 'error' ? 'syntax error' : 'warning'}: ${cleanMessage(error)}.`,
    code: duplicate ? yamlDuplicateKeyRule.id : yamlSyntaxRule.id,
    severity: duplicate ? undefined : severity,
  };
}

const syntaxCacheKey = Symbol('yaml-syntax');

/** Syntax errors and warnings of every document of a chunk, cached on the chunk. */
export function syntaxFindings(chunk: YamlChunk): Finding[] {
  const cached = chunk.cache.get(syntaxCacheKey) as Finding[] | undefined;
  if (cached) return cached;
  const findings: Finding[] = [];
  // Well-formed chunks are known without the AST (js-yaml read them); others are parsed for errors.
  const docs = chunk.wellFormed ? [] : chunk.docs;
  for (const doc of docs) {
    for (const error of doc.errors) findings.push(toFinding(doc, error, 'error'));
    for (const warning of doc.warnings) findings.push(toFinding(doc, warning, 'warning'));
  }
  if (findings.length === 0 && chunk.valueError) {
    findings.push({ start: 0, end: Math.min(chunk.text.length, 3), message: `YAML cannot be expanded: ${chunk.valueError}`, code: yamlAliasRule.id });
  }
  chunk.cache.set(syntaxCacheKey, findings);
  return findings;
}
