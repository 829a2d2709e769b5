/** URI helpers for ADR folders: every URI is a `file:` URL string as the index holds it. */

/** `NNNN-slug.md`, the name adr-tools and MADR give an ADR: four digits or more, lowercase kebab slug. */
export const adrFileName = /^(\d{4,})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;
/** Looser: anything starting with a number, to still read the number of a misnamed file. */
const numberedFileName = /^(\d+)(?:[-_ .](.*?))?\.md$/i;

/** Files of an ADR folder that are not decisions. */
const notDecisions = /^(readme|index|template|adr-template|_template|toc|contents)\.md$/i;

export function folderOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/'));
}

export function fileNameOf(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

export function joinUri(folder: string, name: string): string {
  return `${folder}/${encodeURIComponent(name)}`;
}

export function isIndexFileName(name: string): boolean {
  return /^(readme|index)\.md$/i.test(name);
}

export function isDecisionFileName(name: string): boolean {
  return name.toLowerCase().endsWith('.md') && !notDecisions.test(name) && !name.toLowerCase().includes('template');
}

/** The number and slug a file name gives, however well formed. */
export function numberFromFileName(name: string): { number: number; slug?: string } | undefined {
  const match = numberedFileName.exec(name);
  return match ? { number: Number(match[1]), slug: match[2] } : undefined;
}

/** A relative link's target as a URI (fragment and query dropped), or undefined for external/absolute links. */
export function resolveRelative(fromUri: string, url: string): { uri: string; fragment?: string } | undefined {
  if (url === '' || url.startsWith('#') || url.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(url)) return undefined;
  try {
    const resolved = new URL(url, fromUri);
    if (resolved.protocol !== 'file:') return undefined;
    const fragment = resolved.hash ? decodeURIComponent(resolved.hash.slice(1)) : undefined;
    resolved.hash = '';
    resolved.search = '';
    return { uri: resolved.href, fragment };
  } catch {
    return undefined;
  }
}

/** A relative link from one file to another in the same folder or elsewhere (for generated links). */
export function relativeLink(fromUri: string, toUri: string): string {
  const from = folderOf(fromUri).split('/');
  const to = toUri.split('/');
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  const ups = from.length - common;
  return [...Array<string>(ups).fill('..'), ...to.slice(common)].join('/');
}

/** The slug adr-tools and MADR derive from a title: lowercase ASCII words joined by dashes. */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|(?<!-)-+$/g, '');
}

export function padNumber(n: number, width = 4): string {
  return String(n).padStart(width, '0');
}
