// Compose's paths: the env_files, build contexts, Dockerfiles and bind-mount sources a file names
// that do not exist (the disk asked through the family's reader on each check, never kept).
import path from 'node:path';
import type { Finding } from '../common/findings';
import { makefileNaming, type MakefileTexts } from '../common/makefiles';
import { textOf } from '../common/sideFile';
import { t } from '../l10n/t';
import { sideFileLimitRule, sideFileMessage } from '../rules/sideFile';
import { findingAt, type Segment } from './checks';
import { envFiles, type ComposeDocument, type ComposeReader, type Json } from './model';
import { servicesOf } from './project';
import { composeRules as rules } from './rules';
import { probingAt, recordProbing, serviceFact } from './serviceResults';

function isRecord(value: unknown): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const remote = /^([a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)/i;

function isLocalRelative(source: string): boolean {
  return (source.startsWith('./') || source.startsWith('../') || source === '.' || source === '..') && !source.includes('$');
}

/** Files and folders a Compose file names that do not exist: env_file, build context and Dockerfile, bind-mount sources. */
export function pathChecks(document: ComposeDocument, reader: ComposeReader | undefined, maxSideKb: number): Finding[] {
  const folder = document.folder;
  if (!reader || !folder) return [];
  const findings: Finding[] = [];
  const dotEnv = document.refused?.find((r) => r.service === undefined);
  const dotEnvMessage = dotEnv && sideFileMessage(dotEnv.written, dotEnv.refused, maxSideKb);
  // The project's .env is named by no line: the finding goes on the file's first character.
  if (dotEnvMessage) findings.push({ start: 0, end: 0, code: sideFileLimitRule.id, message: dotEnvMessage });
  const services = servicesOf(document);
  const list = document.serviceList;
  if (!list) {
    for (const name of Object.keys(services)) servicePathChecks(document, reader, folder, maxSideKb, name, services[name], findings);
    return findings;
  }
  // By place: with a delta against the last reading checked, the changed services and those that
  // had paths to look at then (the others have the same value: still none), not every service (#68).
  const delta = list.delta;
  const before = delta ? probingAt(document.uri, delta.from) : undefined;
  const probes: number[] = [];
  const visit = (i: number) => {
    const name = list.names[i];
    const service = services[name];
    if (!hasPaths(name, service)) return;
    probes.push(i);
    servicePathChecks(document, reader, folder, maxSideKb, name, service, findings);
  };
  if (delta && before) {
    const changed = delta.changed;
    let b = 0;
    let c = 0;
    while (b < before.length || c < changed.length) {
      const i = Math.min(b < before.length ? before[b] : Infinity, c < changed.length ? changed[c] : Infinity);
      visit(i);
      if (b < before.length && before[b] === i) b++;
      if (c < changed.length && changed[c] === i) c++;
    }
  } else {
    for (let i = 0; i < list.names.length; i++) visit(i);
  }
  recordProbing(document.uri, list.reading, probes);
  return findings;
}

/**
 * Whether a service names a path pathChecks looks at: an env_file, a build, a bind mount from a
 * local path. Every other service gives no finding whatever the disk holds. Kept with the service's value.
 */
function hasPaths(name: string, service: Json): boolean {
  return serviceFact('paths', name, service, () => {
    if (!isRecord(service)) return false;
    if (service.env_file !== undefined || service.build !== undefined) return true;
    if (!Array.isArray(service.volumes)) return false;
    return service.volumes.some((volume) => {
      if (typeof volume === 'string') {
        const colon = volume.indexOf(':');
        return colon !== -1 && isLocalRelative(volume.slice(0, colon));
      }
      return isRecord(volume) && volume.type === 'bind' && typeof volume.source === 'string' && isLocalRelative(volume.source);
    });
  });
}

/** pathChecks of one service. */
function servicePathChecks(document: ComposeDocument, reader: ComposeReader, folder: string, maxSideKb: number, name: string, service: Json, findings: Finding[]): void {
  // A service naming no env_file, build or volume has no path to look at (most of a large file's, on each edit: #68).
  if (!isRecord(service) || (service.env_file === undefined && service.build === undefined && !Array.isArray(service.volumes))) return;
  // The env_files were read with the document (model.ts): nothing outside the workspace is looked at again.
  for (const env of envFiles(service)) {
    const refused = document.refused?.find((r) => r.service === name && r.index === env.index)?.refused;
    if (!refused || env.path.includes('$')) continue;
    const segments: Segment[] = typeof service.env_file === 'string' ? ['services', name, 'env_file'] : isRecord((service.env_file as Json[])[env.index]) ? ['services', name, 'env_file', env.index, 'path'] : ['services', name, 'env_file', env.index];
    const notRead = sideFileMessage(env.path, refused, maxSideKb);
    if (notRead) findings.push(findingAt(document, segments, sideFileLimitRule.id, notRead));
    else if (env.required) findings.push(findingAt(document, segments, rules.missingPath.id, t('env_file "{0}" does not exist: Compose refuses to start "{1}" (mark it `required: false` if it is optional).', env.path, name)));
  }
  const build = service.build;
  const context = typeof build === 'string' ? build : isRecord(build) && typeof build.context === 'string' ? build.context : isRecord(build) ? '.' : undefined;
  const contextSegments: Segment[] = typeof build === 'string' ? ['services', name, 'build'] : ['services', name, 'build', 'context'];
  if (context !== undefined && !remote.test(context) && !context.includes('$')) {
    const contextPath = path.resolve(folder, context);
    const makefileTexts = new Map<string, MakefileTexts>();
    // A path a makefile names: make produces it before `docker compose build` (common/makefiles.ts). Looked for from the
    // folder holding both the project's folder and the path (`../.build/docker` from a `deploy/` folder: the one above).
    const madeBy = (absolute: string): string | undefined => {
      let from = folder;
      for (let depth = 0; depth < 12 && path.relative(from, absolute).startsWith('..'); depth++) from = path.dirname(from);
      const relative = path.relative(from, absolute).replace(/\\/g, '/');
      if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
      const makefile = makefileNaming(from, relative, (file) => reader.exists(file), (file) => textOf(reader.read(file)), makefileTexts);
      return makefile === undefined ? undefined : path.relative(folder, path.join(from, makefile)).replace(/\\/g, '/');
    };
    if (!reader.exists(contextPath)) {
      const makefile = madeBy(contextPath);
      if (makefile !== undefined) findings.push(findingAt(document, contextSegments, rules.sourceNotRead.id, t('Build context "{0}" of service "{1}" is not in the repository: {2} names it (make produces it before the build); not read.', context, name, makefile)));
      else findings.push(findingAt(document, contextSegments, rules.missingPath.id, t('Build context "{0}" of service "{1}" does not exist.', context, name)));
    } else if (isRecord(build) && build.dockerfile_inline === undefined) {
      const dockerfile = typeof build.dockerfile === 'string' ? build.dockerfile : 'Dockerfile';
      if (!dockerfile.includes('$') && !reader.exists(path.resolve(contextPath, dockerfile)) && !(dockerfile === 'Dockerfile' && reader.exists(path.resolve(contextPath, 'Containerfile')))) {
        const segments: Segment[] = typeof build.dockerfile === 'string' ? ['services', name, 'build', 'dockerfile'] : contextSegments;
        const makefile = madeBy(path.resolve(contextPath, dockerfile));
        if (makefile !== undefined) findings.push(findingAt(document, segments, rules.sourceNotRead.id, t('Dockerfile "{0}" of service "{1}" is not in the repository: {2} names it (make produces it before the build); not read.', dockerfile, name, makefile)));
        else findings.push(findingAt(document, segments, rules.missingPath.id, t('Dockerfile "{0}" of service "{1}" does not exist in its build context "{2}".', dockerfile, name, context)));
      }
    } else if (typeof build === 'string' && typeof service.dockerfile === 'string') {
      // Version 1's `dockerfile:` beside `build: <context>` (version1.ts).
      if (!service.dockerfile.includes('$') && !reader.exists(path.resolve(contextPath, service.dockerfile))) findings.push(findingAt(document, ['services', name, 'dockerfile'], rules.missingPath.id, t('Dockerfile "{0}" of service "{1}" does not exist in its build context "{2}".', service.dockerfile, name, context)));
    } else if (typeof build === 'string' && !reader.exists(path.resolve(contextPath, 'Dockerfile')) && !reader.exists(path.resolve(contextPath, 'Containerfile'))) {
      findings.push(findingAt(document, contextSegments, rules.missingPath.id, t('Dockerfile "{0}" of service "{1}" does not exist in its build context "{2}".', 'Dockerfile', name, context)));
    }
  }
  if (Array.isArray(service.volumes)) {
    service.volumes.forEach((volume, i) => {
      const segments: Segment[] = ['services', name, 'volumes', i];
      if (typeof volume === 'string') {
        const colon = volume.indexOf(':');
        const source = colon === -1 ? volume : volume.slice(0, colon);
        if (colon !== -1 && isLocalRelative(source) && !reader.exists(path.resolve(folder, source))) {
          findings.push(findingAt(document, segments, rules.missingPath.id, t('Bind-mount source "{0}" does not exist: Docker creates an empty folder in its place.', source), { severity: 'warning' }));
        }
      } else if (isRecord(volume) && volume.type === 'bind' && typeof volume.source === 'string' && isLocalRelative(volume.source)) {
        const create = isRecord(volume.bind) && volume.bind.create_host_path === true;
        if (!reader.exists(path.resolve(folder, volume.source))) {
          findings.push(findingAt(document, [...segments, 'source'], rules.missingPath.id, create ? t('Bind-mount source "{0}" does not exist: Docker creates an empty folder in its place.', volume.source) : t('Bind-mount source "{0}" does not exist: the container fails to start.', volume.source), create ? { severity: 'warning' } : {}));
        }
      }
    });
  }
}
