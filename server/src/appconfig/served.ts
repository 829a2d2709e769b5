/**
 * The files a Spring Cloud Config server serves (issue #95): `<application>.yml` and `<application>-<profile>.yml` of its
 * `native` search locations (`classpath:/shared`, `file:./config-repo`) or of a `config-repo` folder are the configuration of
 * the application registered under that name (`spring.application.name`), and `application[-<profile>].yml` there of every
 * client — never of the server that only hands them out. Pure: paths and names in, the folders and names out.
 */
import { folderOf } from './files';

/** Where a server's locations point, from the file declaring them: folders (`exact`) and folder endings (`endings`, for `file:` paths). */
export interface ServedFolders {
  exact: Set<string>;
  endings: string[];
}

/** The folders a server's search locations name, `declaredIn` the file that says them (its `src/main/resources` is `classpath:/`). */
export function addServedFolders(served: ServedFolders, declaredIn: string, locations: readonly string[]): void {
  const resources = /^(.*\/src\/main\/resources)\//.exec(declaredIn)?.[1] ?? folderOf(declaredIn);
  for (const location of locations) {
    const classpath = /^classpath\*?:(.*)$/i.exec(location);
    const file = /^file:(.*)$/i.exec(location);
    // `{application}` and `${user.home}` stand for what the map cannot know: the path before them is the folder's.
    const path = trimSlashes(untilPlaceholder(classpath?.[1] ?? file?.[1] ?? ''));
    if (path === '' || path.split('/').includes('..')) continue;
    if (classpath) served.exact.add(`${resources}/${path}`);
    else if (file) served.endings.push(`/${path}`);
  }
}

function untilPlaceholder(path: string): string {
  const at = [path.indexOf('{'), path.indexOf('$')].filter((index) => index >= 0);
  return at.length > 0 ? path.slice(0, Math.min(...at)) : path;
}

/** `./shared/`, `/shared` → `shared`: the segments, without `.` and empty ones. */
function trimSlashes(path: string): string {
  return path.split('/').filter((segment) => segment !== '' && segment !== '.').join('/');
}

/** Whether a folder is one a server serves: a `config-repo` or one its locations name. */
export function isServedFolder(served: ServedFolders, folder: string): boolean {
  return /\/config-repo(\/|$)/i.test(folder) || served.exact.has(folder) || served.endings.some((ending) => folder.endsWith(ending));
}

/**
 * The application a served file configures: `every` (`application.yml`, `application-docker.properties`: each client's),
 * else the names it may be, longest first (`account-service-docker` is `account-service-docker` or `account-service` under
 * the profile `docker`, or `account` under the profile `service-docker`).
 */
export function servedApplication(uri: string): { every: true } | { names: string[] } {
  const base = uri.slice(uri.lastIndexOf('/') + 1).replace(/\.(ya?ml|properties)$/i, '').toLowerCase();
  if (base === 'application' || base.startsWith('application-')) return { every: true };
  const names: string[] = [];
  for (let name = base; name !== ''; name = name.includes('-') ? name.slice(0, name.lastIndexOf('-')) : '') names.push(name);
  return { names };
}
