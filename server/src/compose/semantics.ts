import { pathToFileURL } from 'node:url';
import type { Finding } from '../common/findings';
import { stronglyConnected } from '../common/graph';
import { t } from '../l10n/t';
import type { WorkspaceIndex } from '../workspace/index';
import type { SourceNode, SourcePair } from '../yaml/tree';
import { dependencyNames, findingAt, projectViewOf, type Segment } from './checks';
import type { ComposeDocument, ComposeReader, Json } from './model';
import { composeDocumentOf, includedPaths, servicesOf } from './project';
import { composeRules as rules } from './rules';
import { findingsByService, ownView, projectFact } from './serviceResults';

type Record_ = { [key: string]: Json };

function isRecord(value: unknown): value is Record_ {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A plain YAML scalar the core schema reads as a number, boolean or null: a key compose-go refuses. */
const nonStringKey = /^(?:[-+]?(?:\d[\d_]*|0x[\da-fA-F]+|0o[0-7]+)|[-+]?(?:\d+\.\d*|\.\d+)(?:[eE][-+]?\d+)?|true|false|True|False|TRUE|FALSE|null|Null|NULL|~)$/;

/** The empty file, a top level that is not a mapping, and keys that are not strings where compose-go reads names. */
export function shapeChecks(document: ComposeDocument): Finding[] {
  const tree = document.tree;
  if (!tree) return [];
  if (tree.kind === 'scalar' && document.text.slice(tree.start, tree.end).trim() === '') {
    return [{ start: 0, end: 0, code: rules.semantics.id, message: t('The Compose file is empty: Compose refuses it (compose-go: "empty compose file").') }];
  }
  // A list is no Compose file but another tool's of that name (an Ansible role's tasks/docker-compose.yml): not Compose's to judge.
  if (tree.kind === 'seq') return [];
  if (tree.kind !== 'map') return [{ start: tree.start, end: tree.end, code: rules.semantics.id, message: t('The top level of a Compose file must be a mapping (services:, networks:, …).') }];
  const findings: Finding[] = [];
  // Where, in words, only for a finding: a service's `services.<name>.environment` was a new string for each service on each edit (#54).
  const keyCheck = (map: SourceNode | null | undefined, where: () => string) => {
    for (const pair of map?.kind === 'map' ? (map.pairs ?? []) : []) {
      const key = pair.keyNode;
      if (key && nonStringKey.test(document.text.slice(key.start, key.end))) findings.push({ start: key.start, end: key.end, code: rules.semantics.id, message: t('The key {0} in {1} is not a string: Compose refuses it; quote it ("{0}").', document.text.slice(key.start, key.end), where()) });
    }
  };
  keyCheck(tree, () => t('the top level'));
  for (const pair of tree.pairs ?? []) {
    if (!pair.key || !['services', 'networks', 'volumes', 'secrets', 'configs'].includes(pair.key)) continue;
    const section = pair.key;
    const list = document.serviceList;
    if (section === 'services' && pair.value?.kind === 'map' && list && list.pairs === pair.value.pairs) {
      // Each pair where its name is (model.ts servicePairs): by service, kept with its value and
      // moved with its key; after an edit, the changed services only (#68).
      const view = ownView();
      const pairs = list.pairs;
      for (const finding of findingsByService('shapeKeys', document, view, (_name, _service, at) => serviceKeyFindings(document, pairs[at]))) findings.push(finding);
      for (const finding of findingsByService('shapeFields', document, view, (_name, _service, at) => serviceFieldFindings(document, pairs[at]))) findings.push(finding);
      continue;
    }
    keyCheck(pair.value, () => section);
    if (pair.key !== 'services' || pair.value?.kind !== 'map') continue;
    for (const service of pair.value.pairs ?? []) {
      for (const field of service.value?.kind === 'map' ? (service.value.pairs ?? []) : []) {
        if (field.key === 'environment' || field.key === 'labels') keyCheck(field.value, () => `services.${service.key ?? ''}.${field.key}`);
      }
    }
  }
  return findings;
}

/** shapeChecks' finding on a service's key (the keys of `services`), as keyCheck gives it. */
function serviceKeyFindings(document: ComposeDocument, pair: SourcePair | undefined): Finding[] {
  const key = pair?.keyNode;
  if (!key || !nonStringKey.test(document.text.slice(key.start, key.end))) return [];
  return [{ start: key.start, end: key.end, code: rules.semantics.id, message: t('The key {0} in {1} is not a string: Compose refuses it; quote it ("{0}").', document.text.slice(key.start, key.end), 'services') }];
}

/** shapeChecks' findings on the keys of a service's environment and labels. */
function serviceFieldFindings(document: ComposeDocument, service: SourcePair | undefined): Finding[] {
  const findings: Finding[] = [];
  for (const field of service?.value?.kind === 'map' ? (service.value.pairs ?? []) : []) {
    if (field.key !== 'environment' && field.key !== 'labels') continue;
    for (const pair of field.value?.kind === 'map' ? (field.value.pairs ?? []) : []) {
      const key = pair.keyNode;
      if (key && nonStringKey.test(document.text.slice(key.start, key.end))) findings.push({ start: key.start, end: key.end, code: rules.semantics.id, message: t('The key {0} in {1} is not a string: Compose refuses it; quote it ("{0}").', document.text.slice(key.start, key.end), `services.${service!.key ?? ''}.${field.key}`) });
    }
  }
  return findings;
}

/** compose-go's checks of the top-level networks, volumes, secrets and configs: external with what only a created resource has, two names. */
export function resourceDefinitionChecks(document: ComposeDocument): Finding[] {
  const findings: Finding[] = [];
  for (const kind of ['networks', 'volumes', 'secrets', 'configs'] as const) {
    const section = document.value?.[kind];
    if (!isRecord(section)) continue;
    for (const [name, definition] of Object.entries(section)) {
      if (!isRecord(definition)) continue;
      const external = definition.external;
      if (external === true || isRecord(external)) {
        for (const field of ['driver', 'driver_opts', 'labels'] as const) {
          if (definition[field] !== undefined && (kind === 'networks' || kind === 'volumes' || field === 'labels')) {
            findings.push(findingAt(document, [kind, name, field], rules.semantics.id, t('{0}.{1}: "external" and "{2}" conflict: an external resource exists already, Compose does not create it (compose-go refuses the file).', kind, name, field), {}, 'key'));
          }
        }
      }
      if (isRecord(external) && external.name !== undefined && definition.name !== undefined && external.name !== definition.name) {
        findings.push(findingAt(document, [kind, name, 'external', 'name'], rules.semantics.id, t('{0}.{1}: name and external.name conflict; only use name.', kind, name), {}, 'key'));
      }
    }
  }
  return findings;
}

/** compose-go's checks of a service: network_mode with networks, GPU device count, a bind mount without source. */
export function serviceSemanticChecks(document: ComposeDocument, project: readonly ComposeDocument[]): Finding[] {
  return findingsByService('semantics', document, projectViewOf(document, project), (name, service) => {
    if (!isRecord(service)) return [];
    const findings: Finding[] = [];
    const base: Segment[] = ['services', name];
    if (service.network_mode !== undefined && service.networks !== undefined) {
      findings.push(findingAt(document, [...base, 'networks'], rules.semantics.id, t('Service "{0}" declares both `network_mode` and `networks`: they are mutually exclusive.', name), {}, 'key'));
    }
    const deploy = isRecord(service.deploy) ? service.deploy : undefined;
    const resources = isRecord(deploy?.resources) ? deploy.resources : undefined;
    const reservations = isRecord(resources?.reservations) ? resources.reservations : undefined;
    if (Array.isArray(reservations?.devices)) {
      reservations.devices.forEach((device, i) => {
        if (!isRecord(device)) return;
        const at = [...base, 'deploy', 'resources', 'reservations', 'devices', i];
        const count = device.count;
        if (typeof count === 'string' && count !== 'all' && !/^-?\d+$/.test(count) && !count.includes('$')) {
          findings.push(findingAt(document, [...at, 'count'], rules.semantics.id, t('Device count "{0}": the only values allowed are "all" or a number.', count)));
        }
        if (count !== undefined && device.device_ids !== undefined) findings.push(findingAt(document, [...at, 'device_ids'], rules.semantics.id, t('A device reservation takes "count" or "device_ids", not both.'), {}, 'key'));
      });
    }
    if (Array.isArray(service.volumes)) {
      service.volumes.forEach((volume, i) => {
        if (isRecord(volume) && volume.type === 'bind' && (volume.source === undefined || volume.source === '')) {
          findings.push(findingAt(document, [...base, 'volumes', i, volume.source === undefined ? 'type' : 'source'], rules.semantics.id, t('A bind mount needs a source: the folder or file of the host to mount at "{0}".', typeof volume.target === 'string' ? volume.target : '')));
        }
      });
    }
    return findings;
  });
}

/** The services each service depends on, across the project (list or map form). */
function dependencies(project: readonly ComposeDocument[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const document of project) {
    for (const [name, service] of Object.entries(servicesOf(document))) {
      if (!isRecord(service)) continue;
      const names = dependencyNames(service);
      graph.set(name, [...(graph.get(name) ?? []), ...names]);
    }
  }
  return graph;
}

/** The shortest path of dependencies from `from` to `to` (breadth first, each service once), if any. */
function pathBetween(graph: Map<string, string[]>, from: string, to: string): string[] | undefined {
  const parent = new Map<string, string>([[from, from]]);
  const queue = [from];
  while (queue.length > 0) {
    const current = queue.shift()!;
    if (current === to) {
      const path = [current];
      for (let at = current; at !== from; ) path.unshift((at = parent.get(at)!));
      return path;
    }
    for (const next of graph.get(current) ?? []) {
      if (parent.has(next)) continue;
      parent.set(next, current);
      queue.push(next);
    }
  }
  return undefined;
}

/** depends_on cycles (Compose refuses the project: "dependency cycle detected"), on each dependency of this file that closes one. */
export function cycleChecks(document: ComposeDocument, project: readonly ComposeDocument[]): Finding[] {
  const view = projectViewOf(document, project);
  return findingsByService('cycles', document, view, (name, service) => {
    if (!isRecord(service)) return [];
    // The graph and its components, built when a service's findings are computed again.
    const { graph, component } = projectFact(view, 'dependencies', () => {
      const built = dependencies(project);
      const components = new Map<string, number>();
      // A dependency closes a cycle only within its strongly connected component: the shortest path back
      // is looked for there only (a chain of 140 services walked from each link was quadratic, #54).
      stronglyConnected(built.keys(), (each) => built.get(each) ?? []).forEach((names, i) => names.forEach((each) => components.set(each, i)));
      return { graph: built, component: components };
    });
    const dependsOn = service.depends_on;
    const entries: [string, Segment[], 'key' | 'value'][] = Array.isArray(dependsOn)
      ? dependsOn.flatMap((d, i): [string, Segment[], 'key' | 'value'][] => (typeof d === 'string' ? [[d, ['services', name, 'depends_on', i], 'value']] : []))
      : isRecord(dependsOn) ? Object.keys(dependsOn).map((d): [string, Segment[], 'key' | 'value'] => [d, ['services', name, 'depends_on', d], 'key']) : [];
    const findings: Finding[] = [];
    for (const [dependency, segments, on] of entries) {
      const back = dependency === name ? [name] : component.get(dependency) === component.get(name) ? pathBetween(graph, dependency, name) : undefined;
      if (!back) continue;
      const cycle = dependency === name ? [name, name] : [name, ...back];
      findings.push(findingAt(document, segments, rules.cycle.id, t('Dependency cycle: {0}. Compose cannot order these services and refuses the project.', cycle.join(' -> ')), {}, on));
    }
    return findings;
  });
}

/** An `include` that leads back to this file (Compose: "include cycle detected"), on the include entry. */
export function includeCycleChecks(document: ComposeDocument, index: WorkspaceIndex, reader: ComposeReader | undefined): Finding[] {
  const self = document.file;
  if (!self) return [];
  const findings: Finding[] = [];
  includedPaths(document).forEach((first, i) => {
    const seen = new Set<string>();
    const queue = [first];
    while (queue.length > 0 && seen.size < 256) {
      const current = queue.shift()!;
      if (current === self) {
        findings.push(findingAt(document, ['include', i], rules.cycle.id, t('Include cycle: this include leads back to {0}. Compose refuses the project.', self.split(/[\\/]/).pop() ?? self)));
        return;
      }
      if (seen.has(current)) continue;
      seen.add(current);
      const file = index.get(pathToFileURL(current).href);
      if (file && !file.skipped) queue.push(...includedPaths(composeDocumentOf(file, reader)));
    }
  });
  return findings;
}
