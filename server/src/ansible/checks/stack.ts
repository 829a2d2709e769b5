/**
 * Across the stack: an inventory host reached through a Docker connection names a container, which a
 * Compose service of the workspace must provide — its service name, its container_name, or the name
 * Compose gives it (`<project>-<service>-<n>`, `_` with Compose v1). Hosts reached over SSH may be
 * anything and are not judged; a workspace without Compose files says nothing.
 */
import { PerGeneration } from '../../workspace/perGeneration';
import { closestName } from '../../common/suggest';
import { t } from '../../l10n/t';
import type { IndexedFile, WorkspaceIndex } from '../../workspace/index';
import { composeDocumentOf, isComposeFile, servicesOf } from '../../compose/api';
import { hostVariable, type Inventory, type InventoryHost } from '../model/inventory';
import { isRecord } from '../model/model';
import { rules } from './rules';
import type { AnsibleFinding } from './structure';

const DOCKER_CONNECTIONS = new Set(['docker', 'community.docker.docker', 'community.docker.docker_api', 'community.general.docker']);

export interface ComposeContainer {
  readonly names: readonly string[];
  readonly service: string;
  readonly uri: string;
}

const cache = new PerGeneration<WorkspaceIndex, ComposeContainer[]>();

/** The containers the workspace's Compose files run, with every name each answers to. */
export function composeContainers(index: WorkspaceIndex): ComposeContainer[] {
  return cache.get(index, index.generation, [], () => containersOf(index));
}

function containersOf(index: WorkspaceIndex): ComposeContainer[] {
  const containers: ComposeContainer[] = [];
  for (const file of index.files()) {
    if (file.skipped || !isComposeFile(file)) continue;
    const document = composeDocumentOf(file, undefined);
    const folder = file.uri.slice(0, file.uri.lastIndexOf('/'));
    const project = typeof document.value?.name === 'string' ? document.value.name : decodeURIComponent(folder.slice(folder.lastIndexOf('/') + 1)).toLowerCase().replace(/[^a-z0-9_-]/g, '');
    for (const [service, body] of Object.entries(servicesOf(document))) {
      const names = [service, `${project}-${service}-1`, `${project}_${service}_1`];
      if (isRecord(body) && typeof body.container_name === 'string') names.push(body.container_name);
      containers.push({ names, service, uri: file.uri });
    }
  }
  return containers;
}

/** The container a host names through a Docker connection (ansible_host, else its inventory name), or undefined for other connections. */
export function dockerContainerOf(inventory: Inventory, host: InventoryHost): string | undefined {
  const connection = hostVariable(inventory, host, 'ansible_connection');
  if (typeof connection !== 'string' || !DOCKER_CONNECTIONS.has(connection)) return undefined;
  const address = hostVariable(inventory, host, 'ansible_host') ?? hostVariable(inventory, host, 'ansible_docker_host');
  return typeof address === 'string' ? address : host.name;
}

/** The Compose service answering a container name, with any replica number. */
export function containerService(containers: readonly ComposeContainer[], name: string): ComposeContainer | undefined {
  const replica = name.replace(/([-_])\d+$/, '$11');
  return containers.find((container) => container.names.includes(name) || container.names.includes(replica));
}

/** ansible-inventory-compose on an inventory's hosts. */
export function composeHostFindings(file: IndexedFile, inventory: Inventory, index: WorkspaceIndex): AnsibleFinding[] {
  void file;
  const containers = composeContainers(index);
  if (containers.length === 0) return [];
  const findings: AnsibleFinding[] = [];
  for (const host of inventory.hosts) {
    const container = dockerContainerOf(inventory, host);
    if (container === undefined || /\{\{|\[/.test(container) || containerService(containers, container)) continue;
    const all = containers.flatMap((c) => c.names);
    const suggestion = closestName(container, all);
    // The quick fix renames the host when its name is the container (no ansible_host) written plain, the span being that name alone.
    const renames = suggestion !== undefined && container === host.name && host.end - host.start === host.name.length;
    findings.push({
      start: host.start,
      end: host.end,
      code: rules.inventoryCompose.id,
      message: suggestion ? t('no Compose service of the workspace runs a container named "{0}"; did you mean {1}?', container, suggestion) : t('no Compose service of the workspace runs a container named "{0}" (services: {1})', container, containers.map((c) => c.service).join(', ')),
      ...(renames ? { data: { replacement: suggestion } } : {}),
    });
  }
  return findings;
}
