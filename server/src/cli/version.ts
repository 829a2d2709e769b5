import path from 'node:path';
import { packageRoot } from '../disk/packageRoot';
import { READ_BOUNDS, readTextBoundedSync } from '../disk/readText';

/** The version of the package this CLI belongs to (its package.json), for --version and SARIF's driver. */
export function packageVersion(): string {
  try {
    const manifest = JSON.parse(readTextBoundedSync(path.join(packageRoot(), 'package.json'), READ_BOUNDS.config)) as { version?: unknown };
    if (typeof manifest.version === 'string') return manifest.version;
  } catch {
    // Reported below as an unknown version.
  }
  return '0.0.0-unknown';
}
