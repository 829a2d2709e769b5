/**
 * A side file named by a relative path (issue #95): one resolution for Compose's `env_file`s and bind mounts
 * (compose/mounts.ts re-exports it), Prometheus's `file_sd_configs` files and every reader of a file another names. Pure.
 */

/**
 * A workspace file's URI from a path relative to `base` (a file's URI: its folder; or a folder's, ending in `/`);
 * undefined when the path is not one of the workspace's files: a variable in it, an absolute or home path, a URL.
 */
export function sideUri(relative: string, base: string): string | undefined {
  if (relative === '' || relative.includes('$') || /^[a-z][a-z0-9+.-]*:/i.test(relative) || relative.startsWith('/') || relative.startsWith('~')) return undefined;
  try {
    const uri = new URL(relative.split('/').map(encodeURIComponent).join('/'), base).href;
    return uri.startsWith('file:') ? uri : undefined;
  } catch {
    return undefined;
  }
}
