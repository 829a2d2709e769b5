/**
 * Semantic versions and constraints as Masterminds/semver v3 reads them (sprig's semver and
 * semverCompare, Helm's chart versions): a lenient version (`v1.2`, `1`), a strict one (SemVer 2),
 * constraints with `||`, `,`, comparison operators, `~`, `^`, wildcards and hyphen ranges, and v3's
 * rule that a pre-release version satisfies only a constraint that names a pre-release.
 */

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease: string;
  metadata: string;
  original: string;
}

const loose = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;
const strict = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** Masterminds' NewVersion: lenient (a `v`, missing minor and patch), undefined when not a version. */
export function parseVersion(text: string): SemVer | undefined {
  const m = loose.exec(text);
  if (!m) return undefined;
  // Masterminds refuses leading zeros in a pre-release's numeric identifiers.
  if (m[4] && m[4].split('.').some((part) => /^0\d+$/.test(part))) return undefined;
  return { major: Number(m[1]), minor: Number(m[2] ?? 0), patch: Number(m[3] ?? 0), prerelease: m[4] ?? '', metadata: m[5] ?? '', original: text };
}

/** Masterminds' StrictNewVersion: SemVer 2 exactly. */
export function isStrictVersion(text: string): boolean {
  return strict.test(text);
}

function comparePrerelease(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (pa[i] === undefined) return -1;
    if (pb[i] === undefined) return 1;
    const na = /^\d+$/.test(pa[i]);
    const nb = /^\d+$/.test(pb[i]);
    if (na && nb && Number(pa[i]) !== Number(pb[i])) return Number(pa[i]) < Number(pb[i]) ? -1 : 1;
    if (na !== nb) return na ? -1 : 1;
    if (pa[i] !== pb[i]) return pa[i] < pb[i] ? -1 : 1;
  }
  return 0;
}

export function compareVersions(a: SemVer, b: SemVer): number {
  if (a.major !== b.major) return a.major < b.major ? -1 : 1;
  if (a.minor !== b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch !== b.patch) return a.patch < b.patch ? -1 : 1;
  return comparePrerelease(a.prerelease, b.prerelease);
}

interface Constraint {
  op: string;
  version: SemVer;
  majorDirty: boolean;
  minorDirty: boolean;
  patchDirty: boolean;
}

const constraintPattern = /^\s*(?:(=|!=|>=|=>|<=|=<|>|<|~>|~|\^)\s*)?(v?[xX*\d]+(?:\.[xX*\d]+)?(?:\.[xX*\d]+)?(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)\s*$/;

function parseConstraint(text: string): Constraint | undefined {
  const m = constraintPattern.exec(text);
  if (!m) return undefined;
  const [, op = '', raw] = m;
  const body = raw.replace(/^v/, '');
  const main = /^([^-+]*)(?![^-+])(.*)$/.exec(body)!;
  const parts = main[1].split('.');
  const dirty = (p: string | undefined) => p === undefined || /^[xX*]$/.test(p);
  const majorDirty = dirty(parts[0]);
  const minorDirty = majorDirty || dirty(parts[1]);
  const patchDirty = minorDirty || dirty(parts[2]);
  const clean = parts.map((p) => (dirty(p) ? '0' : p));
  while (clean.length < 3) clean.push('0');
  const version = parseVersion(`${clean.join('.')}${main[2]}`);
  if (!version) return undefined;
  return { op: op === '=>' ? '>=' : op === '=<' ? '<=' : op === '~>' ? '~' : op, version, majorDirty, minorDirty, patchDirty };
}

function checkOne(v: SemVer, c: Constraint): boolean {
  // v3: a pre-release version only satisfies a constraint that names a pre-release.
  if (v.prerelease !== '' && c.version.prerelease === '') return false;
  const cmp = compareVersions(v, c.version);
  const dirty = c.majorDirty || c.minorDirty || c.patchDirty;
  switch (c.op) {
    case '':
    case '=':
      return dirty ? tilde(v, c) : cmp === 0;
    case '!=':
      return dirty ? !tilde(v, c) : cmp !== 0;
    case '>':
      if (!dirty) return cmp > 0;
      if (v.major !== c.version.major) return v.major > c.version.major;
      if (c.minorDirty) return false;
      return v.minor > c.version.minor;
    case '<':
      return cmp < 0;
    case '>=':
      return cmp >= 0;
    case '<=':
      if (!dirty) return cmp <= 0;
      if (c.majorDirty) return true;
      if (c.minorDirty) return v.major <= c.version.major;
      return v.major < c.version.major || (v.major === c.version.major && v.minor <= c.version.minor);
    case '~':
      return tilde(v, c);
    case '^':
      return caret(v, c);
    default:
      return false;
  }
}

function tilde(v: SemVer, c: Constraint): boolean {
  if (compareVersions(v, c.version) < 0) return false;
  if (c.majorDirty) return true;
  if (v.major !== c.version.major) return false;
  if (c.minorDirty) return true;
  return v.minor === c.version.minor;
}

function caret(v: SemVer, c: Constraint): boolean {
  if (compareVersions(v, c.version) < 0) return false;
  if (c.majorDirty) return true;
  if (c.version.major > 0) return v.major === c.version.major;
  if (v.major > 0) return false;
  if (c.minorDirty) return true;
  if (c.version.minor > 0) return v.minor === c.version.minor;
  if (v.minor > 0) return false;
  if (c.patchDirty) return true;
  return v.patch === c.version.patch;
}

/** Whether `version` satisfies `constraint`; a string saying why not when either cannot be read. */
export function satisfies(constraint: string, version: string): boolean | string {
  const v = parseVersion(version.trim());
  if (!v) return 'Invalid Semantic Version';
  const groups = constraint.split('||');
  const parsed: Constraint[][] = [];
  for (const group of groups) {
    // A hyphen range `1.2 - 1.4.5` is >= the first and <= the second.
    const hyphen = /^\s*(\S+)\s+-\s+(\S+)\s*$/.exec(group);
    const parts = hyphen ? [`>=${hyphen[1]}`, `<=${hyphen[2]}`] : group.replace(/(?<![=!<>~^])([=!<>~^]+)\s+/g, '$1').split(/(?<!\s)\s*,\s*|\s+/).filter((p) => p.trim() !== '');
    const list: Constraint[] = [];
    for (const part of parts) {
      const c = parseConstraint(part);
      if (!c) return `improper constraint: ${constraint}`;
      list.push(c);
    }
    if (list.length === 0) return `improper constraint: ${constraint}`;
    parsed.push(list);
  }
  return parsed.some((list) => list.every((c) => checkOne(v, c)));
}
