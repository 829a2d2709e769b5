/**
 * Completion and hover from the modules' data (the same ansible-core.json and collections'
 * documentation the argument checks read): module names and task keywords at a task's keys, a
 * module's arguments, an argument's choices; a module's or an argument's interface on hover, and
 * where a variable is defined.
 */
import { CompletionItemKind, CompletionItemTag, MarkupKind, type CompletionItem, type Hover } from 'vscode-languageserver-types';
import type { FeatureContext } from '../../features/feature';
import { t } from '../../l10n/t';
import type { IndexedFile } from '../../workspace/index';
import { cursorContext } from '../../yaml/cursor';
import { workspaceCatalog, type AnsibleServices } from '../checks/checks';
import { locate, placeOf, scalarAt, taskAt, variableAt } from '../syntax/cursor';
import type { AnsibleKind } from '../model/kind';
import { isBuiltinVariable } from '../model/magic';
import { moduleDocUrl, optionNamed, type ModuleDoc, type ModuleOption, type ResolvedModule } from '../model/modules';
import { workspaceDefinitions } from '../model/variables';
import { ansibleWorkspace } from '../model/workspace';

const PSEUDO = new Set(['free_form', 'free-form', 'key_value', '_raw_params']);

function optionDetail(option: ModuleOption): string {
  const parts = [option.elements ? `${option.type}[${option.elements}]` : option.type];
  if (option.required) parts.push(t('required'));
  if (option.default !== undefined) parts.push(t('default: {0}', JSON.stringify(option.default)));
  return parts.join(', ');
}

function optionMarkdown(name: string, option: ModuleOption, module: string): string {
  const lines = [`**${name}** (${module}): ${optionDetail(option)}`];
  if (option.choices?.length) lines.push(`${t('Choices')}: ${option.choices.map((choice) => `\`${String(choice)}\``).join(', ')}`);
  if (option.aliases?.length) lines.push(`${t('Aliases')}: ${option.aliases.map((alias) => `\`${alias}\``).join(', ')}`);
  return lines.join('\n\n');
}

function moduleMarkdown(resolved: ResolvedModule, doc: ModuleDoc | undefined): string {
  const fqcn = resolved.fqcn ?? resolved.written;
  const lines = [`**${fqcn}**`];
  if (resolved.source === 'redirect') lines.push(t('Routed by ansible-core to {0}.', fqcn));
  if (doc) {
    const options = Object.entries(doc.options).filter(([name]) => !PSEUDO.has(name));
    const required = options.filter(([, option]) => option.required).map(([name]) => `\`${name}\``);
    if (required.length) lines.push(`${t('Required')}: ${required.join(', ')}`);
    if (options.length) lines.push(`${t('Arguments')}: ${options.map(([name]) => `\`${name}\``).join(', ')}`);
    if (doc.rawParams) lines.push(t('Takes free-form arguments.'));
    const deprecated = doc.deprecated;
    if (deprecated?.removed_in) lines.push(deprecated.alternative ? t('Deprecated: removed in ansible-core {0}; use {1}.', deprecated.removed_in, deprecated.alternative) : t('Deprecated: removed in ansible-core {0}.', deprecated.removed_in));
  }
  if (fqcn.split('.').length >= 3) lines.push(`[${t('Documentation')}](${moduleDocUrl(fqcn)})`);
  return lines.join('\n\n');
}

/** Completion in a playbook or task file. */
export function ansibleCompletion(file: IndexedFile, offset: number, kind: AnsibleKind, services: AnsibleServices, context: FeatureContext): CompletionItem[] {
  if (kind !== 'playbook' && kind !== 'tasks' && kind !== 'handlers') return [];
  const yaml = file.yaml;
  if (!yaml) return [];
  const cursor = cursorContext(yaml, offset);
  if (!cursor) return [];
  const catalog = workspaceCatalog(services, ansibleWorkspace(context.index), context.settings.ansible.collectionsPaths);
  const place = placeOf(cursor.path, cursor.ref.chunk.value, kind, services.keywords, cursor.kind);
  if (!place) return [];
  if (place.type === 'task') {
    const items: CompletionItem[] = [];
    // A deprecated module (2.14's include) is offered struck through, after the others.
    for (const name of catalog.builtinNames()) {
      const deprecated = catalog.core.modules[name].deprecated !== undefined;
      items.push({ label: `ansible.builtin.${name}`, kind: CompletionItemKind.Module, detail: t('module'), filterText: `${name} ansible.builtin.${name}`, sortText: `${deprecated ? 3 : 1}${name}`, ...(deprecated ? { tags: [CompletionItemTag.Deprecated] } : {}) });
    }
    for (const name of catalog.collectionNames()) items.push({ label: name, kind: CompletionItemKind.Module, detail: t('module'), sortText: `2${name}` });
    for (const keyword of services.keywords.task) if (!(keyword in place.value)) items.push({ label: keyword, kind: CompletionItemKind.Keyword, detail: t('task keyword'), sortText: `0${keyword}` });
    return items;
  }
  if (place.type === 'play') return [...services.keywords.play].map((keyword) => ({ label: keyword, kind: CompletionItemKind.Keyword, detail: t('play keyword') }));
  const doc = catalog.resolve(place.module).doc;
  if (!doc) return [];
  if (place.type === 'args') {
    return Object.entries(doc.options)
      .filter(([name]) => !PSEUDO.has(name))
      .map(([name, option]) => ({ label: name, kind: CompletionItemKind.Property, detail: optionDetail(option), sortText: `${option.required ? 0 : 1}${name}` }));
  }
  const option = optionNamed(doc, place.option)?.option;
  if (option?.choices) return option.choices.map((choice) => ({ label: String(choice), kind: CompletionItemKind.EnumMember, detail: place.option }));
  if (option?.type === 'bool') return ['true', 'false'].map((label) => ({ label, kind: CompletionItemKind.Value }));
  return [];
}

/** Hover in a playbook or task file: a module, an argument, a variable. */
export function ansibleHover(file: IndexedFile, offset: number, kind: AnsibleKind, services: AnsibleServices, context: FeatureContext): Hover | undefined {
  const located = locate(file, offset, kind, services.keywords);
  if (!located?.document) return undefined;
  const catalog = workspaceCatalog(services, ansibleWorkspace(context.index), context.settings.ansible.collectionsPaths);
  const task = taskAt(located.document, located.at);
  const action = task?.action;
  const markdown = (value: string): Hover => ({ contents: { kind: MarkupKind.Markdown, value } });
  if (task && action) {
    if (located.at >= action.moduleStart && located.at <= action.moduleEnd) {
      const resolved = catalog.resolve(action.module);
      return resolved.source === 'unknown' ? undefined : markdown(moduleMarkdown(resolved, resolved.doc));
    }
    const doc = catalog.resolve(action.module).doc;
    for (const arg of action.args) {
      const key = arg.keyNode ?? (arg.inline ? { start: arg.inline.start, end: arg.inline.end } : undefined);
      if (!doc || !key || located.at < key.start || located.at > key.end) continue;
      const option = optionNamed(doc, arg.name);
      if (option) return markdown(optionMarkdown(option.name, option.option, action.module));
    }
  }
  const scalar = scalarAt(located.chunk.tree, located.chunk.value, located.at);
  if (!scalar || typeof scalar.value !== 'string' || scalar.key !== undefined) return undefined;
  const implicit = ['when', 'changed_when', 'failed_when', 'until'].includes(scalar.parentKey ?? '');
  const name = variableAt(located.chunk.text, scalar.node, scalar.value, located.at, implicit);
  if (!name) return undefined;
  if (isBuiltinVariable(name)) return markdown(t('`{0}`: set by Ansible (a special variable, a fact or a connection variable).', name));
  const definitions = workspaceDefinitions(context.index, services.keywords).names.get(name) ?? [];
  if (definitions.length === 0) return undefined;
  const where = definitions.slice(0, 8).map((definition) => `- ${definition.uri.slice(definition.uri.lastIndexOf('/', definition.uri.lastIndexOf('/') - 1) + 1)}`);
  return markdown([t('`{0}` is defined in:', name), ...where, ...(definitions.length > 8 ? [t('… and {0} more', definitions.length - 8)] : [])].join('\n'));
}

