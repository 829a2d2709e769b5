/**
 * A Mermaid flowchart written left to right (`flowchart LR`, `graph RL`), turned upright
 * (`TB`, `BT`): the same graph, drawn for a panel taller than it is wide. Only the header's
 * direction changes; front matter, comments and the subgraphs' own `direction` lines stay as written.
 * Undefined when the text is no flowchart written sideways.
 */
export function uprightFlowchart(text: string): string | undefined {
  const lines = text.split('\n');
  let i = 0;
  // Front matter (--- … ---) first, then blank lines, comments (%%) and directives (%%{…}%%).
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((line, n) => n > 0 && line.trim() === '---');
    if (end < 0) return undefined;
    i = end + 1;
  }
  while (i < lines.length && (lines[i].trim() === '' || lines[i].trim().startsWith('%%'))) i++;
  const header = /^(\s*(?:flowchart|graph)\s+)(LR|RL)\b/i.exec(lines[i] ?? '');
  if (!header) return undefined;
  lines[i] = header[1] + (header[2].toUpperCase() === 'LR' ? 'TB' : 'BT') + lines[i].slice(header[0].length);
  return lines.join('\n');
}
