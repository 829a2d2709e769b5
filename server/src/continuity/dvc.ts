/**
 * DVC remotes as the backups of a repository's data (issue #97): DVC-tracked data and models are no component of the
 * map, so what backs them up is reported on its own (the report's `data`). The data is what a `dvc.yaml` stage `outs:`
 * tracks (a `*.dvc` file only when the index holds one: the folder scan does not); its backup is the remote `.dvc/config` names — a side file, not indexed,
 * read through the host's bounded, confined reader. A remote that is a local path is on the same host: not off-site.
 */
import { t } from '../l10n/t';
import type { WorkspaceIndex } from '../workspace/index';
import type { DataBackup, Derivation, Place } from './model';
import { continuityRules as r } from './rules';

/** A remote of `.dvc/config`: its name, url (userinfo dropped) and 1-based line of its url. */
export interface DvcRemote {
  name: string;
  url: string;
  line: number;
  /** A local path (absolute or relative, `file://`): the remote lives on the same host as the data. */
  local: boolean;
  /** `[core] remote = name` names it. */
  isDefault: boolean;
}

/**
 * The pseudo-component the DVC gaps are of (no component of the map holds the data): archipel.yaml's continuity entry
 * `dvc:` accepts them (`dvc: { accepted: { continuity-no-backup: "why" } }`).
 */
export const DVC_DATA = 'dvc';

/** The folders climbed from a `dvc.yaml` towards the DVC root (`.dvc/` beside it): DVC projects nest shallowly. */
const MAX_CLIMB = 8;
const SCHEME = /^([a-z][a-z0-9+.-]{0,30}):\/\//i;

/** Whether a remote url is a path on this host (no scheme but `file://`; a Windows drive is a path). */
export function isLocalRemote(url: string): boolean {
  const scheme = SCHEME.exec(url);
  return !scheme || scheme[1].toLowerCase() === 'file';
}

/** The url as said in a report: a `user:password@` is never repeated. */
const withoutUserinfo = (url: string): string => url.replace(/^([a-z][a-z0-9+.-]{0,30}:\/\/)[^/@\s]{1,256}@/i, '$1');

/** The remotes of a `.dvc/config` (git-config style INI, read line by line): `['remote "x"']` `url = …`, `[core]` `remote = x`. */
export function dvcRemotes(text: string): DvcRemote[] {
  const remotes: DvcRemote[] = [];
  let section = '';
  let defaultName: string | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    if (line.startsWith('[') && line.endsWith(']')) {
      section = line.slice(1, -1).trim().replace(/^'(.*)'$/, '$1').trim();
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim().toLowerCase();
    const value = line.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    const remote = /^remote\s+"([^"]{1,200})"$/.exec(section);
    if (remote && key === 'url' && value !== '') remotes.push({ name: remote[1], url: withoutUserinfo(value), line: i + 1, local: isLocalRemote(value), isDefault: false });
    else if (section.toLowerCase() === 'core' && key === 'remote') defaultName = value;
  }
  for (const remote of remotes) remote.isDefault = remote.name === defaultName;
  return remotes;
}

/** The line (0-based offsets of it) of `outs:` in a dvc.yaml, or undefined when it tracks no output. */
function outsAt(text: string): { start: number; end: number } | undefined {
  const match = /^[ \t]{1,40}outs[ \t]*:/m.exec(text);
  return match ? { start: match.index + match[0].length - match[0].trimStart().length, end: match.index + match[0].length } : undefined;
}

/**
 * The data backups and gaps of the index's DVC projects: each `.dvc/config` found from a tracked file's folder up, its
 * remotes (a local one a `continuity-backup-same-host` gap on its url's line); tracked data and no remote: a
 * `continuity-no-backup` gap on the `outs:` (or the `.dvc` file's first line).
 */
export function dvcContinuity(index: WorkspaceIndex, read: ((uri: string) => string | undefined) | undefined, into: Derivation): void {
  const tracked: { uri: string; start: number; end: number }[] = [];
  for (const file of index.files()) {
    if (file.skipped) continue;
    if (/(?:^|\/)dvc\.yaml$/.test(file.uri)) {
      const outs = outsAt(file.text);
      if (outs) tracked.push({ uri: file.uri, ...outs });
    } else if (/\.dvc$/.test(file.uri) && /^outs[ \t]*:/m.test(file.text)) tracked.push({ uri: file.uri, start: 0, end: 0 });
  }
  if (tracked.length === 0) return;
  // Never above the workspace: the folder every indexed file is under (a climb past it read outside, and the
  // ledger listed each `../.dvc/config` as refused).
  const top = commonFolder([...index.files()].map((file) => file.uri));
  const configs = new Map<string, { uri: string; remotes: DvcRemote[] } | undefined>();
  const configOf = (uri: string) => {
    let folder = uri.slice(0, uri.lastIndexOf('/'));
    for (let climb = 0; climb < MAX_CLIMB && folder.includes('/') && folder.length >= top.length; climb++) {
      if (!configs.has(folder)) {
        const configUri = `${folder}/.dvc/config`;
        const text = read?.(configUri);
        configs.set(folder, text === undefined ? undefined : { uri: configUri, remotes: dvcRemotes(text) });
      }
      const found = configs.get(folder);
      if (found) return found;
      if (folder.endsWith('//') || folder.endsWith(':')) break;
      folder = folder.slice(0, folder.lastIndexOf('/'));
    }
    return undefined;
  };
  // Each config's tracked outs: where the editor and check show its gaps (a local remote), one list its gaps share.
  const said = new Map<string, Place[]>();
  for (const data of tracked) {
    const config = configOf(data.uri);
    if (!config || config.remotes.length === 0) {
      into.gaps.push({ rule: r.noBackup.id, node: DVC_DATA, ...data, message: t('The data DVC tracks here has no remote in .dvc/config: nothing is backed up (dvc push has nowhere to go). Add one off this host (dvc remote add -d storage s3://…).') });
      continue;
    }
    const outs = said.get(config.uri);
    if (outs) {
      outs.push(data);
      continue;
    }
    const shownAt: Place[] = [data];
    said.set(config.uri, shownAt);
    for (const remote of config.remotes) {
      const backup: DataBackup = { kind: 'dvc-remote', uri: config.uri, start: 0, end: 0, line: remote.line, remote: remote.name, url: remote.url, offSite: !remote.local, isDefault: remote.isDefault };
      into.data.push(backup);
      if (remote.local) into.gaps.push({ rule: r.backupSameHost.id, node: DVC_DATA, uri: config.uri, start: 0, end: 0, line: remote.line, message: t('The DVC remote {0} is a local path ({1}): on the same host as the data, not off-site. Use an object store or another host (s3://, gs://, azure://, ssh://).', remote.name, remote.url), shownAt });
    }
  }
}

/** The longest folder (no trailing slash) holding every URI. */
function commonFolder(uris: readonly string[]): string {
  let prefix = uris[0] ?? '';
  for (const uri of uris) while (prefix && !uri.startsWith(`${prefix}/`)) prefix = prefix.slice(0, Math.max(0, prefix.lastIndexOf('/')));
  return prefix;
}
