import type { Finding } from '../common/findings';
import { t } from '../l10n/t';
import { at, headRange } from './hadolint';
import { argumentsText, type DockerfileModel } from './model';
import { buildkit as rules } from './rules';

/**
 * BuildKit's style checks (casing, continuation lines, FROM --platform, definition comments): those
 * that read how the Dockerfile is written rather than what it defines (buildkit.ts has the others).
 */
export function buildkitStyleFindings(model: DockerfileModel): Finding[] {
  const findings: Finding[] = [];
  const push = (range: Parameters<typeof at>[1], code: string, message: string) => findings.push(at(model, range, code, message));
  for (const stage of model.stages) {
    const from = stage.from;
    // BuildKit reads `FROM image AS name` (three words) only; the name as written, not lower-cased.
    const words = argumentsText(from).replace(/^(\s*--\S+\s+)+/, '').trim().split(/\s+/);
    if (words.length === 3 && /^as$/i.test(words[1]) && words[2] !== words[2].toLowerCase()) push(from.getBuildStageRange() ?? headRange(from), rules.StageNameCasing.id, t('Stage name \'{0}\' should be lowercase', words[2]));
  }
  findings.push(...emptyContinuations(model));
  return findings;
}

/**
 * Instructions continued (escape at the end of a line) over an empty line: BuildKit warns on the
 * instruction's last line. Read from the text as BuildKit's parser reads it: comment lines inside an
 * instruction are skipped, heredoc bodies are not continuation lines.
 */
function emptyContinuations(model: DockerfileModel): Finding[] {
  const findings: Finding[] = [];
  const escape = model.parsed.getEscapeCharacter();
  const continued = new RegExp(`${escape === '`' ? '`' : '\\\\'}[ \\t]*$`);
  const lines = model.text.split(/\r?\n/);
  const isComment = (line: string) => line.trimStart().startsWith('#');
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i];
    if (first.trim() === '' || isComment(first)) continue;
    let joined = first;
    let empty = false;
    let open = continued.test(first);
    while (open && i + 1 < lines.length) {
      const line = lines[++i];
      if (isComment(line)) continue;
      if (line.trim() === '') {
        empty = true;
        continue;
      }
      joined += line;
      open = continued.test(line);
    }
    if (empty) {
      const line = i;
      findings.push(at(model, { start: { line, character: 0 }, end: { line, character: lines[line].length } }, rules.NoEmptyContinuation.id, t('Empty continuation line')));
    }
    // A heredoc's body (`<<EOF` … `EOF`) is content, not instructions.
    if (/^\s*(run|copy|add)\b/i.test(first)) {
      for (const match of joined.matchAll(/<<(-?)(["']?)([A-Za-z_][\w]*)\2/g)) {
        while (i + 1 < lines.length && lines[i + 1].replace(match[1] ? /^\t+/ : /^/, '') !== match[3]) i++;
        i++;
      }
    }
  }
  return findings;
}
