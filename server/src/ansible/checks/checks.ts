/**
 * Every finding of one Ansible file, by its kind: Ansible's own refusals (structure, actions,
 * arguments, inventories), ansible-lint's rules, yamllint's through `yaml[…]`, variables, the
 * stack's hosts; then ansible-lint's skips (`# noqa`, `.ansible-lint`) applied.
 */
import type { PlacedFinding } from '../../features/feature';
import { t } from '../../l10n/t';
import type { SchemaEngine } from '../../schema/engine';
import type { IndexedFile, WorkspaceIndex } from '../../workspace/index';
import type { YamlChunk } from '../../yaml/model';
import type { AnsibleKind } from '../model/kind';
import { lintPlays, lintTaskTemplates, lintVariableNames, lintVarsFile, lintVarsTemplates } from './lintPlays';
import { lintTask } from './lintTasks';
import { documentOf } from '../model/documents';
import { isRecord, type Keywords } from '../model/model';
import type { ModuleCatalog, ModuleDoc, ModuleOption } from '../model/modules';
import { fragmentFromPython, moduleDocFromPython } from '../syntax/collections';
import { configDecision, ENABLED_SEVERITY, skippedByNoqa } from './noqa';
import { rules } from './rules';
import { structureFindings, taskFindings, type AnsibleFinding } from './structure';
import { composeHostFindings } from './stack';
import { variableFindings } from './undefinedVariables';
import { configFindings } from './config';
import { missingIncludeFindings } from './includes';
import { handlerFindings, metaFindings, requirementsFindings, roleFindings } from './references';
import { yamlStyleFindings } from './yamlStyle';
import { ansibleWorkspace, inventoryOf, lintConfigFor, yamllintFor, type AnsibleWorkspace } from '../model/workspace';
import { roleOf } from '../model/kind';
import { ruleInfo } from '../../rules/registry';

export interface AnsibleServices {
  readonly engine: SchemaEngine;
  readonly catalog: ModuleCatalog;
  readonly keywords: Keywords;
  /**
   * A file of an installed collection (`<folder>/ansible_collections/<ns>/<coll>/plugins/<kind>/<name>.py`, kind
   * `modules` or `doc_fragments`), from one of the folders `archipel.ansible.collectionsPaths` names (the descriptor reads it, bounded).
   */
  readonly installedFile?: (folder: string, fqcn: string, kind: 'modules' | 'doc_fragments') => string | undefined;
}

const catalogs = new WeakMap<AnsibleWorkspace, Map<string, ModuleCatalog>>();
const installedDocs = new Map<string, ModuleDoc | undefined>();

/** A doc fragment's options: ansible-core's (`files`, `ansible.builtin.files`), or an installed collection's (`ns.coll.name[.attribute]`). */
function fragmentOptions(services: AnsibleServices, read: NonNullable<AnsibleServices['installedFile']>, folder: string, name: string): Record<string, ModuleOption> | undefined {
  const builtin = services.catalog.core.fragments[name.replace(/^ansible\.builtin\./, '')];
  if (builtin) return builtin;
  const parts = name.split('.');
  if (parts.length < 3 || parts[0] === 'ansible' && parts[1] === 'builtin') return undefined;
  const source = read(folder, parts.slice(0, 3).join('.'), 'doc_fragments');
  return source === undefined ? undefined : fragmentFromPython(source, parts.length > 3 ? parts[3].toUpperCase() : 'DOCUMENTATION');
}

/** The catalogue with the workspace's modules, and those of the installed collections in `folders`. */
export function workspaceCatalog(services: AnsibleServices, workspace: AnsibleWorkspace, folders: readonly string[] = []): ModuleCatalog {
  let byFolders = catalogs.get(workspace);
  if (!byFolders) catalogs.set(workspace, (byFolders = new Map<string, ModuleCatalog>()));
  const key = folders.join('\n');
  let catalog = byFolders.get(key);
  if (!catalog) {
    const read = services.installedFile;
    // Each installed module is read once per process: the folders hold released collections.
    const lookup = read && folders.length > 0 ? (fqcn: string) => {
      const cacheKey = `${key}\n${fqcn}`;
      if (!installedDocs.has(cacheKey)) {
        let doc: ModuleDoc | undefined;
        for (const folder of folders) {
          const source = read(folder, fqcn, 'modules');
          doc = source === undefined ? undefined : moduleDocFromPython(source, (name) => fragmentOptions(services, read, folder, name));
          if (doc) break;
        }
        installedDocs.set(cacheKey, doc);
      }
      return installedDocs.get(cacheKey);
    } : undefined;
    byFolders.set(key, (catalog = services.catalog.withWorkspace(workspace.collectionModules, workspace.libraryModules).withInstalled(lookup)));
  }
  return catalog;
}

function documentFindings(kind: 'playbook' | 'tasks' | 'handlers', chunk: YamlChunk, services: AnsibleServices, catalog: ModuleCatalog, uri: string): AnsibleFinding[] {
  const document = documentOf(chunk, kind, services.keywords);
  const findings: AnsibleFinding[] = [...structureFindings(services.engine, kind, chunk.value, chunk.tree, document), ...taskFindings(document, catalog, chunk.text)];
  const stem = uri.slice(uri.lastIndexOf('/') + 1).replace(/\.ya?ml$/i, '');
  const context = { catalog, text: chunk.text, kind, stem };
  for (const task of document.tasks) {
    findings.push(...lintTask(task, context));
    if (task.kind !== 'block') findings.push(...lintTaskTemplates(task, chunk.text, kind === 'playbook'));
  }
  if (kind === 'playbook') findings.push(...lintPlays(document));
  const role = roleOf(uri);
  findings.push(...lintVariableNames(document, role && kind !== 'playbook' ? role.name : undefined));
  return findings;
}

function varsFindings(chunk: YamlChunk, uri: string): AnsibleFinding[] {
  const value = chunk.value;
  if (value !== null && value !== undefined && !isRecord(value)) {
    return [{ start: chunk.tree?.start ?? 0, end: chunk.tree?.end ?? 0, code: rules.schemaVars.id, message: t('A vars file must be a mapping of variable names to values, found {0}.', Array.isArray(value) ? t('a sequence') : typeof value) }];
  }
  const role = roleOf(uri);
  const ofRole = role && (role.folder === 'defaults' || role.folder === 'vars') ? role.name : undefined;
  return [...lintVarsFile(chunk.tree, ofRole), ...lintVarsTemplates(value, chunk.tree, chunk.text)];
}

/** The findings of a YAML file of the given kind, by document. */
function yamlFindings(file: IndexedFile, kind: AnsibleKind, services: AnsibleServices, workspace: AnsibleWorkspace, index: WorkspaceIndex, folders: readonly string[]): { offset: number; findings: AnsibleFinding[] }[] {
  const chunks = file.yaml?.chunks ?? [];
  const catalog = workspaceCatalog(services, workspace, folders);
  return chunks.map(({ offset, chunk }, i) => {
    if (!chunk.wellFormed) return { offset, findings: [] };
    const findings: AnsibleFinding[] = yamlStyleFindings(chunk.text, chunk.tree, i === 0, i === chunks.length - 1, yamllintFor(file.uri, workspace));
    if (kind === 'playbook' || kind === 'tasks' || kind === 'handlers') {
      const document = documentOf(chunk, kind, services.keywords);
      findings.push(...documentFindings(kind, chunk, services, catalog, file.uri));
      findings.push(...variableFindings(chunk, kind, index, services.keywords, file.uri));
      findings.push(...roleFindings(document, workspace), ...handlerFindings(document, index, workspace, services.keywords), ...missingIncludeFindings(document, file.uri, index, workspace));
    } else if (kind === 'vars') findings.push(...varsFindings(chunk, file.uri));
    else if (kind === 'meta') findings.push(...metaFindings(chunk, workspace));
    else if (kind === 'requirements') findings.push(...requirementsFindings(chunk));
    else if (kind === 'inventory') {
      const inventory = inventoryOf(file, kind);
      if (inventory) findings.push(...inventory.findings, ...composeHostFindings(file, inventory, index));
    }
    return { offset, findings };
  });
}

/** Every finding of an Ansible file, ansible-lint's skips applied. */
/** A finding's fix data with its offsets in the file: the task's span (for fixes of the whole task), an insertion point. */
function placedData(data: unknown, offset: number, span: { start: number; end: number } | undefined): unknown {
  if (typeof data !== 'object' || data === null) return data;
  const out: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  if ('fix' in out && span) out.task = { start: offset + span.start, end: offset + span.end };
  if (typeof out.at === 'number') out.at = offset + out.at;
  return out;
}

/** Every finding of an Ansible file (`folders`: archipel.ansible.collectionsPaths). */
export function ansibleFindings(file: IndexedFile, kind: AnsibleKind, services: AnsibleServices, index: WorkspaceIndex, folders: readonly string[] = []): PlacedFinding[] {
  const workspace = ansibleWorkspace(index);
  let groups: { offset: number; findings: AnsibleFinding[] }[];
  if (kind === 'ini-inventory') {
    const inventory = inventoryOf(file, kind);
    groups = inventory ? [{ offset: 0, findings: [...inventory.findings, ...composeHostFindings(file, inventory, index)] }] : [];
  } else if (kind === 'config') {
    groups = [{ offset: 0, findings: configFindings(file.text, services.catalog.core) }];
  } else if (file.isYaml) {
    groups = yamlFindings(file, kind, services, workspace, index, folders);
  } else {
    groups = [];
  }
  const config = lintConfigFor(file.uri, workspace);
  const lines = file.lines;
  const placed: PlacedFinding[] = [];
  for (const { offset, findings } of groups) {
    for (const finding of findings) {
      const decision = configDecision(config, file.uri, finding.code);
      if (decision === 'skip') continue;
      const start = lines.positionAt(offset + finding.start).line;
      const scope = finding.scope ? { startLine: lines.positionAt(offset + finding.scope.start).line, endLine: lines.positionAt(offset + finding.scope.end).line } : undefined;
      if (skippedByNoqa(lines, finding.code, start, scope)) continue;
      const { scope: span, ...plain } = finding;
      const data = placedData(plain.data, offset, span);
      const enabled = decision === 'enable' && ruleInfo(finding.code)?.defaultSeverity === 'off' ? { severity: ENABLED_SEVERITY } : {};
      placed.push({ offset, finding: { ...plain, ...(data !== undefined ? { data } : {}), ...enabled } });
    }
  }
  return placed;
}
