/**
 * One program run as several services of a Compose project (issue #95): appwrite's one image (one `build:` of the
 * repository's root, one `image:` reference) runs as its API, its workers and its schedulers, each under an `entrypoint`
 * of its own. The program's code is every one's, so it does not say which of them calls what; each container's own
 * settings do — the environment it is given (a worker for mails `_APP_SMTP_HOST`, the API `_APP_EXECUTOR_HOST`), its
 * env_files, its command. A call of the shared code is a service's only where those name its target (appconfig/system.ts).
 *
 * Services share a program when they build one Dockerfile (and stage), or, built by none, run one image as written;
 * they are narrowed when two or more of them run long (not one-shot: oneShot.ts) under different commands or
 * entrypoints. One service per program, or copies under one command, keep the whole code's calls. Pure: the side files
 * (the project's `.env` for a variable passed through, the env_files) through the caller's bounded, confined read.
 */
import path from 'node:path';
import type { WorkspaceIndex } from '../workspace/index';
import type { SideText } from '../common/sideFile';
import { addressesIn, hostPortPairs } from '../features/system/addresses';
import { isBrowserDestination } from '../features/system/browserUrls';
import { parseDotEnv } from './interpolate';
import { commandParts } from './commandAddresses';
import { envFiles, type Json } from './model';
import { composeRunServices, oneShotServices } from './oneShot';
import { composeDocumentOf, isRecord } from './project';
import { environmentValues, projectFiles } from './system';

/** What a service's own deployment gives its container. */
export interface OwnSettings {
  /** The variables its `environment` (one passed through from the shell included) and env_files set. */
  variables: ReadonlySet<string>;
  /** The hosts their values name (a passed-through variable's from the project's `.env`), and its command and entrypoint, as addresses are read there (lower case). */
  hosts: ReadonlySet<string>;
}

type Service = { [key: string]: Json };

/** A service as its project's files together write it: each file's keys over the one before, `environment` and `env_file` added up. */
interface Merged {
  program?: string;
  /** Its build's context folder (a path). */
  context?: string;
  run: { entrypoint?: Json; command?: Json };
  /** As written (before interpolation); null: passed through from the shell. */
  environment: Map<string, string | null>;
  envFiles: string[];
}

/** The strings of a command or an entrypoint (one, or a list's items). */
const partsOf = (value: Json | undefined): string[] => commandParts(value).map((part) => part.text);

/** What identifies the program a service runs: its Dockerfile and stage, else the image it runs as written; and its build's context. */
function programOf(service: Service, folder: string | undefined): { program?: string; context?: string } {
  const build = service.build;
  const context = typeof build === 'string' ? build : isRecord(build) ? (typeof build.context === 'string' ? build.context : '.') : undefined;
  if (context !== undefined && folder !== undefined) {
    const dockerfile = isRecord(build) && typeof build.dockerfile === 'string' ? build.dockerfile : 'Dockerfile';
    const target = isRecord(build) && typeof build.target === 'string' ? build.target : '';
    return { program: `build\0${path.resolve(folder, context, dockerfile)}\0${target}`, context: path.resolve(folder, context) };
  }
  return typeof service.image === 'string' && service.image.trim() !== '' ? { program: `image\0${service.image.trim()}` } : {};
}

function merge(into: Merged | undefined, service: Service, folder: string | undefined): Merged {
  const merged: Merged = into ?? { run: {}, environment: new Map(), envFiles: [] };
  const { program, context } = programOf(service, folder);
  if (program !== undefined) [merged.program, merged.context] = [program, context];
  if (service.entrypoint !== undefined) merged.run.entrypoint = service.entrypoint;
  if (service.command !== undefined) merged.run.command = service.command;
  const environment = service.environment;
  if (Array.isArray(environment)) {
    for (const entry of environment) {
      if (typeof entry !== 'string') continue;
      const at = entry.indexOf('=');
      merged.environment.set((at < 0 ? entry : entry.slice(0, at)).trim(), at < 0 ? null : entry.slice(at + 1));
    }
  } else if (isRecord(environment)) {
    for (const [key, value] of Object.entries(environment)) merged.environment.set(key, value === null ? null : String(value));
  }
  if (folder !== undefined) for (const file of envFiles(service)) if (!file.path.includes('$')) merged.envFiles.push(path.resolve(folder, file.path));
  return merged;
}

/**
 * The own settings of every Compose service that runs one program with others under another command (by the service's
 * id, `compose:<project>:<name>`); a service absent runs a program of its own.
 */
export function sharedProgramSettings(index: WorkspaceIndex, reader: { read(absolutePath: string): SideText } | undefined): Map<string, OwnSettings> {
  const found = new Map<string, OwnSettings>();
  for (const { key, services, byProgram, read, projectDotenv } of runGroups(index, reader)) {
    for (const names of byProgram.values()) {
      if (names.length < 2 || new Set(names.map((name) => JSON.stringify([services.get(name)!.run.entrypoint ?? null, services.get(name)!.run.command ?? null]))).size < 2) continue;
      for (const name of names) {
        const service = services.get(name)!;
        const given = new Map<string, string>();
        for (const file of service.envFiles) for (const [variable, value] of read(file)) given.set(variable, value);
        const variables = new Set([...given.keys(), ...service.environment.keys()]);
        // `environment:` over the env_files; a variable passed through takes the project's .env's value, `${…}` read there.
        for (const { key: variable, value } of environmentValues({ environment: Object.fromEntries(service.environment) }, null, projectDotenv)) given.set(variable, value);
        // Its hosts as the family reads its environment's addresses (system.ts): a URL or `host:port`, a bare value under a
        // key saying a host (`_APP_SMTP_HOST=maildev`) — not any word (`_APP_DB_SCHEMA=appwrite` names no host); none a browser is sent to.
        const environment = [...given].filter(([variable]) => !isBrowserDestination(variable)).map(([variable, value]) => ({ key: variable, value }));
        const hosts = new Set([...environment.flatMap(({ value }) => addressesIn(value)), ...hostPortPairs(environment, () => true)].map((address) => address.host.toLowerCase()));
        for (const part of [...partsOf(service.run.entrypoint), ...partsOf(service.run.command)]) for (const address of addressesIn(part)) hosts.add(address.host.toLowerCase());
        found.set(`compose:${key}:${name}`, { variables, hosts });
      }
    }
  }
  return found;
}

/** The long-running services of each Compose project as its files together write them, grouped by the program they run. */
function runGroups(index: WorkspaceIndex, reader: { read(absolutePath: string): SideText } | undefined) {
  return projectFiles(index).map(([key, files]) => {
    const documents = files.map((file) => composeDocumentOf(file, undefined, index));
    const oneShot = oneShotServices(documents, composeRunServices(index));
    const services = new Map<string, Merged>();
    // As written: the values are read below with the project's .env, as the family reads them (a reading without a reader has none).
    for (const document of documents) {
      const written = isRecord(document.raw) && isRecord(document.raw.services) ? document.raw.services : {};
      for (const [name, service] of Object.entries(written)) if (isRecord(service) && !oneShot.has(name)) services.set(name, merge(services.get(name), service, document.folder));
    }
    const byProgram = new Map<string, string[]>();
    for (const [name, service] of services) if (service.program !== undefined) byProgram.set(service.program, [...(byProgram.get(service.program) ?? []), name]);
    let dotenv: Map<string, string> | undefined;
    const folder = documents[0]?.folder;
    const read = (file: string): Map<string, string> => {
      const text = reader?.read(file);
      return text && 'text' in text ? parseDotEnv(text.text) : new Map<string, string>();
    };
    const projectDotenv = () => (dotenv ??= folder !== undefined ? read(path.join(folder, '.env')) : new Map<string, string>());
    return { key, services, byProgram, read, projectDotenv };
  });
}

/** Several services of one build: its context folder (a path), and the variables each is given (its env_files', then its `environment`'s as written). */
export interface BuildRoles {
  context: string;
  services: { id: string; variables: ReadonlyMap<string, string> }[];
}

/**
 * The builds two or more long-running services of a project run (moleculer-examples' conduit: one image six times, `SERVICES:
 * api` … `SERVICES: users` choosing the module each loads), with what each service is given: what may choose its role
 * (appconfig/roleCode.ts reads which variable names the build's modules).
 */
export function buildRoles(index: WorkspaceIndex, reader: { read(absolutePath: string): SideText } | undefined): BuildRoles[] {
  const found: BuildRoles[] = [];
  for (const { key, services, byProgram, read } of runGroups(index, reader)) {
    for (const [program, names] of byProgram) {
      const context = services.get(names[0])!.context;
      if (names.length < 2 || !program.startsWith('build\0') || context === undefined) continue;
      found.push({
        context,
        services: names.map((name) => {
          const service = services.get(name)!;
          const variables = new Map<string, string>();
          for (const file of service.envFiles) for (const [variable, value] of read(file)) variables.set(variable, value);
          for (const [variable, value] of service.environment) if (value !== null) variables.set(variable, value);
          return { id: `compose:${key}:${name}`, variables };
        }),
      });
    }
  }
  return found;
}

/** Whether a service's own settings name a call's target: its host among their addresses, or a variable the code reads for it among theirs. */
export function settingsName(settings: OwnSettings, host: string, variables: readonly string[]): boolean {
  return settings.hosts.has(host.toLowerCase()) || variables.some((variable) => settings.variables.has(variable));
}
