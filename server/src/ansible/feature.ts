/**
 * The Ansible family's feature: every file of the family's selector whose place or content makes it
 * Ansible's (kind.ts), checked as Ansible loads it and as ansible-lint lints it, with quick fixes,
 * completion and hover of modules and their arguments, and navigation between variables, roles and
 * handlers.
 */
import type { CodeAction, CompletionItem, DocumentSymbol, Hover, Location } from 'vscode-languageserver-types';
import type { Feature, FeatureContext, PlacedFinding } from '../features/feature';
import type { IndexedFile } from '../workspace/index';
import { ansibleCompletion, ansibleHover } from './editor/assist';
import { ansibleFindings, type AnsibleServices } from './checks/checks';
import { ansibleQuickFixes } from './editor/fixes';
import type { AnsibleKind } from './model/kind';
import { ansibleDefinition, ansibleSymbols } from './editor/navigation';
import { ansibleWorkspace, kindDecided } from './model/workspace';
// The section's defaults must exist wherever the feature runs (the CLI, the tests).
import './settings';

/** The file's Ansible kind, or undefined when it is not Ansible's. */
export function kindIn(file: IndexedFile, context: FeatureContext): AnsibleKind | undefined {
  if (file.skipped) return undefined;
  return kindDecided(file, () => ansibleWorkspace(context.index));
}

export function ansibleFeature(services: AnsibleServices): Feature {
  return {
    id: 'ansible',
    // Every YAML file is indexed (the YAML family takes them): the place in a role's layout and the content decide, not the
    // first bytes the selector's sniff reads (a role repository's tasks/other.yml names no Ansible-only key in its head).
    takes: (file, context) => kindIn(file, context) !== undefined,
    findings(file, context): PlacedFinding[] {
      const kind = kindIn(file, context);
      return kind ? ansibleFindings(file, kind, services, context.index, context.settings.ansible.collectionsPaths) : [];
    },
    codeActions(file, _range, diagnostics, context): CodeAction[] {
      return kindIn(file, context) ? ansibleQuickFixes(file.uri, file.text, file.lines, diagnostics) : [];
    },
    completion(file, offset, context): CompletionItem[] {
      const kind = kindIn(file, context);
      return kind ? ansibleCompletion(file, offset, kind, services, context) : [];
    },
    hover(file, offset, context): Hover | undefined {
      const kind = kindIn(file, context);
      return kind ? ansibleHover(file, offset, kind, services, context) : undefined;
    },
    definition(file, offset, context): Location[] {
      const kind = kindIn(file, context);
      return kind ? ansibleDefinition(file, offset, kind, services, context) : [];
    },
    documentSymbols(file, context): DocumentSymbol[] {
      const kind = kindIn(file, context);
      return kind ? ansibleSymbols(file, kind, services) : [];
    },
  };
}
