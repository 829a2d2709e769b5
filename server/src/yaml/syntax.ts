import type { YAMLError } from 'yaml';
import type { Finding } from '../common/findings';
import { defineRule } from '../rules/registry';
import { MAX_YAML_DEPTH } from './limits';
import type { YamlChunk } from './model';
import { t } from '../l10n/t';

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
export const yamlLimitRule = defineRule({
  id: 'yaml-limit',
  defaultSeverity: 'error',
  description: `The document nests deeper than Archipel reads (${MAX_YAML_DEPTH} levels); it is not parsed, so nothing in it is checked.`,
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

function toFinding(error: YAMLError, severity: 'error' | 'warning'): Finding {
  const start = error.pos[0];
  return {
    start,
    end: Math.max(error.pos[1], start),
    message: severity === 'error' ? t('YAML syntax error: {0}.', cleanMessage(error)) : t('YAML warning: {0}.', cleanMessage(error)),
    code: yamlSyntaxRule.id,
    severity,
  };
}

/**
 * The syntax errors reported per document: past the first ones, more say nothing new (a line of
 * 1,345 unclosed braces gave 1,345 identical errors) and cost the editor to draw.
 */
export const MAX_SYNTAX_ERRORS = 100;

const syntaxCacheKey = Symbol('yaml-syntax');

/** Syntax errors and warnings of every document of a chunk, cached on the chunk. */
export function syntaxFindings(chunk: YamlChunk): Finding[] {
  const cached = chunk.cache.get(syntaxCacheKey) as Finding[] | undefined;
  if (cached) return cached;
  const findings: Finding[] = [];
  // Read after the parse (wellFormed parses a chunk js-yaml did not read): the parser's own stack overflow makes the chunk one beyond the limits.
  const wellFormed = chunk.wellFormed;
  const limit = chunk.beyondLimits;
  if (limit) {
    const findings = [{ start: limit.offset, end: Math.min(chunk.text.length, limit.offset + 1), message: limit.message, code: yamlLimitRule.id }];
    chunk.cache.set(syntaxCacheKey, findings);
    return findings;
  }
  // Well-formed chunks are known without the AST (js-yaml read them); others are parsed for errors.
  const docs = wellFormed ? [] : chunk.docs;
  for (const doc of docs) {
    const shown = doc.errors.slice(0, MAX_SYNTAX_ERRORS);
    for (const error of shown) findings.push(toFinding(error, 'error'));
    if (doc.errors.length > shown.length) {
      const last = shown[shown.length - 1].pos[1];
      findings.push({ start: last, end: last, message: t('{0} more YAML syntax errors in this document are not shown (Archipel reports the first {1}).', doc.errors.length - shown.length, MAX_SYNTAX_ERRORS), code: yamlSyntaxRule.id, severity: 'error' });
    }
    for (const warning of doc.warnings.slice(0, MAX_SYNTAX_ERRORS)) findings.push(toFinding(warning, 'warning'));
  }
  for (const duplicate of docs.length > 0 ? chunk.duplicateKeys : []) {
    findings.push({ start: duplicate.start, end: duplicate.end, message: t('Duplicate key: "{0}" is already a key of this mapping; YAML parsers disagree on which value wins.', duplicate.key), code: yamlDuplicateKeyRule.id });
  }
  if (findings.length === 0 && chunk.valueError) {
    findings.push({ start: 0, end: Math.min(chunk.text.length, 3), message: t('YAML cannot be expanded: {0}', chunk.valueError), code: yamlAliasRule.id });
  }
  chunk.cache.set(syntaxCacheKey, findings);
  return findings;
}
