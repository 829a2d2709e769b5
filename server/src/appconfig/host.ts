/**
 * What the application-configuration family reads from the host (its descriptor, families/appconfig.ts, hands it to the
 * system contributor): a mounted file's text by the one bounded, confined side-file read, and a mounted folder's files.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { confinementRefusal, readSideText } from '../disk/readText';
import type { MountReader } from './mounted';

/** The most files listed in one mounted folder (a service's configuration folder holds a handful). */
const MAX_LISTED = 64;

export const mountReader: MountReader = {
  read: (file) => readSideText(file),
  list(folder) {
    // Inside the run's folders only, as every side read (a mount's `../` may leave the workspace).
    if (confinementRefusal(folder, 'read') !== undefined) return [];
    const files = readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name).sort();
    return files.slice(0, MAX_LISTED).map((name) => path.join(folder, name));
  },
};
