/**
 * What the continuity derivation finds (issue #97), in one shape for the editor, `archipel continuity` and the tests:
 * gaps (a single point of failure, a store without backup) and backups, each at its place in a file (offsets in the
 * file's text), with the map node it is about when the map has one. Durations are minutes, written as people write
 * them (`5m`, `24h`, `7d`).
 */

export interface Place {
  uri: string;
  start: number;
  end: number;
  /** The 1-based line, given where the file is a side file the index does not hold (`.dvc/config`): its offsets are 0. */
  line?: number;
}

/** An edit of one span of a file that fixes a gap (the editor's quick fix). */
export interface Fix {
  title: string;
  uri: string;
  start: number;
  end: number;
  newText: string;
}

export interface Gap extends Place {
  rule: string;
  message: string;
  /** The map node it is about (a workload, a Compose service, a Terraform resource); undefined when none is (a budget, a cluster). */
  node?: string;
  fix?: Fix;
  /**
   * Where the editor and `check` show a gap placed in a side file they do not list (`.dvc/config`): the indexed files it
   * is about (the `outs:` of each `dvc.yaml` the config backs up), its own place named in the message there.
   */
  shownAt?: Place[];
}

export interface Backup extends Place {
  /** `rds-pitr`, `rds-snapshots`, `cloudsql-pitr`, `cloudsql-backups`, `velero`, `dump`, `wal-archive`, `versioning`, `replication`, `azure-backup`, `aws-backup`. */
  kind: string;
  /** How much data a restore from it loses at most, in minutes (a daily dump: 1440; point-in-time recovery: 5). */
  minutes: number;
  /** The map nodes it protects. */
  covers: string[];
}

/** A backup of data no component of the map holds (DVC-tracked data and models): a DVC remote, on its url's line. */
export interface DataBackup extends Place {
  kind: 'dvc-remote';
  remote: string;
  url: string;
  /** Not a local path: the backup survives the host. */
  offSite: boolean;
  isDefault: boolean;
}

export interface Derivation {
  gaps: Gap[];
  backups: Backup[];
  /** Jobs that restore or test a restore (pg_restore, velero restore, restic restore): an RTO is exercised. */
  restores: Place[];
  /** The regions and zones the infrastructure is said to be in (Terraform's regions). */
  regions: Set<string>;
  /** The backups of DVC-tracked data (continuity/dvc.ts). */
  data: DataBackup[];
}

const UNITS: Record<string, number> = { s: 1 / 60, m: 1, min: 1, h: 60, d: 1440, w: 10080 };

/** A duration as written in archipel.yaml (`5m`, `1h`, `24h`, `7d`, `30s`; a bare number is minutes), in minutes. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d{1,6}(?:\.\d{1,3})?)\s*(s|m|min|h|d|w)\s*$/i.exec(value);
  return match ? Number(match[1]) * UNITS[match[2].toLowerCase()] : undefined;
}

/** Minutes as people write them: the largest unit that divides them. */
export function formatDuration(minutes: number): string {
  if (minutes < 1) return `${Math.round(minutes * 60)}s`;
  if (minutes % 1440 === 0) return `${minutes / 1440 === 1 ? 24 : minutes / 1440}${minutes / 1440 === 1 ? 'h' : 'd'}`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${Math.round(minutes)}m`;
}

const field = (text: string | undefined): { every?: number; fixed: number } => {
  if (text === undefined || text === '*' || text === '?') return { fixed: 0 };
  const step = /^(?:\*|\d+(?:-\d+)?)\/(\d+)$/.exec(text);
  if (step) return { every: Number(step[1]), fixed: 0 };
  return { fixed: text.split(',').length };
};

/** The period of a cron schedule in minutes (`0 2 * * *`: 1440, `*\/15 * * * *`: 15, `@hourly`: 60); undefined when it cannot be read. */
export function cronMinutes(schedule: string): number | undefined {
  const macros: Record<string, number> = { '@yearly': 525600, '@annually': 525600, '@monthly': 43200, '@weekly': 10080, '@daily': 1440, '@midnight': 1440, '@hourly': 60 };
  const text = schedule.trim();
  if (macros[text.toLowerCase()] !== undefined) return macros[text.toLowerCase()];
  const every = /^@every\s+(\d+)([smh])$/.exec(text);
  if (every) return Number(every[1]) * UNITS[every[2]];
  const parts = text.split(/\s+/);
  if (parts.length < 5 || parts.length > 6) return undefined;
  const [minute, hour, dom, , dow] = parts.slice(parts.length - 5).map(field);
  if (hour.fixed === 0 && hour.every === undefined) return minute.every ?? (minute.fixed > 0 ? 60 / minute.fixed : 1);
  if (hour.every !== undefined) return hour.every * 60;
  if (dow.fixed > 0) return 10080 / dow.fixed;
  if (dom.fixed > 0) return 43200 / dom.fixed;
  return dom.every !== undefined ? dom.every * 1440 : 1440 / hour.fixed;
}
