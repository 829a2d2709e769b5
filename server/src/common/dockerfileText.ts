/**
 * A Dockerfile read as text by the families that find one beside a component (issue #95: serve's part of the system map, the threat model's consoles,
 * secrets and Envoy configuration, the application configuration's copied files), without the family's parse: its
 * instructions with their line continuations joined, their arguments, and what its COPY and ADD take from the build.
 * Pure: the text in.
 */

/** An instruction: its keyword (upper case), its arguments as written, its first line (0-based). */
export interface TextInstruction {
  readonly name: string;
  readonly rest: string;
  readonly line: number;
}

/** The instructions of a Dockerfile's text, comments left out, a line ending in `\` joined to the next. */
export function textInstructions(text: string): TextInstruction[] {
  const found: TextInstruction[] = [];
  let pending = '';
  let first = 0;
  text.split(/\r?\n/).forEach((raw, i) => {
    if (/^\s*#/.test(raw)) return;
    if (pending === '') first = i;
    const line = pending + raw;
    if (/\\\s*$/.test(line)) {
      pending = line.replace(/\\\s*$/, ' ');
      return;
    }
    pending = '';
    const m = /^\s*([A-Za-z]+)\s(.*)$/.exec(line);
    if (m) found.push({ name: m[1].toUpperCase(), rest: m[2].trim(), line: first });
  });
  return found;
}

/** An instruction's arguments: its JSON list as it is, else its words split on blanks, quotes dropped. */
export function instructionArguments(rest: string): string[] {
  if (rest.startsWith('[')) {
    try {
      const value: unknown = JSON.parse(rest);
      return Array.isArray(value) ? value.map(String) : [];
    } catch {
      return [];
    }
  }
  return rest.trim().split(/\s+/).filter(Boolean).map((w) => w.replace(/^["']|["']$/g, ''));
}

/** A COPY or ADD of the build's own files: its sources as written (relative to the build's context) and its destination. */
export interface TextCopy {
  readonly sources: readonly string[];
  readonly destination: string;
  readonly line: number;
}

/**
 * The COPY and ADD instructions that take files from the build's context: not a copy from another stage or image
 * (`--from`), not a heredoc; their flags left out, and of their sources the URLs and git remotes.
 */
export function textCopies(text: string): TextCopy[] {
  const found: TextCopy[] = [];
  for (const { name, rest, line } of textInstructions(text)) {
    if ((name !== 'COPY' && name !== 'ADD') || /(?:^|\s)--from\b/.test(rest) || /(?:^|\s)<</.test(rest)) continue;
    const words = instructionArguments(rest).filter((w) => !w.startsWith('--'));
    const destination = words.pop();
    if (destination === undefined || words.length === 0) continue;
    found.push({ sources: words.filter((w) => !/^[a-z]+:\/\//i.test(w) && !w.startsWith('git@')), destination, line });
  }
  return found;
}
