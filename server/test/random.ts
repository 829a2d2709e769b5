/** A small seeded PRNG (mulberry32) for randomised tests, so that a failure replays exactly. */
export function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One random damage to a text (the YAML readers' differential tests): a snippet inserted, a few characters deleted, or a line doubled or re-indented by one. */
export function damaged(text: string, next: () => number, snippets: readonly string[]): string {
  const at = Math.floor(next() * (text.length + 1));
  const kind = next();
  if (kind < 0.4) return text.slice(0, at) + snippets[Math.floor(next() * snippets.length)] + text.slice(at);
  if (kind < 0.7) return text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 3));
  const lines = text.split('\n');
  const line = Math.floor(next() * lines.length);
  if (next() < 0.5) lines.splice(line, 0, lines[line]);
  else lines[line] = (next() < 0.5 ? ' ' : '') + lines[line].replace(/^ /, next() < 0.5 ? '' : ' ');
  return lines.join('\n');
}
