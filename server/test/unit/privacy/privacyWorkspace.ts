// A workspace in memory for the privacy family's checks: its feature over the files, with the real
// taxonomy and injected readers (scans, committed files, existing paths).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CompletionItem, Hover } from 'vscode-languageserver-types';
import { privacyFeature } from '../../../src/privacy/feature';
import type { PrivacyHost } from '../../../src/privacy/rules';
import { taxonomyOf, type Taxonomy } from '../../../src/privacy/taxonomy';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { cursor, repoRoot, type TextDiagnostic } from '../../helpers';
import { covered } from '../../workspace';

let taxonomy: Taxonomy | undefined;
export function realTaxonomy(): Taxonomy {
  taxonomy ??= taxonomyOf(JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'fideslang', 'taxonomy.json'), 'utf8')));
  return taxonomy;
}

/** Files by path under /ws (`fraud/systems.fides.yml`). */
export class PrivacyWorkspace {
  readonly index = new WorkspaceIndex(indexOptions(defaultSettings));
  readonly host: PrivacyHost;

  constructor(files: Record<string, string>, host: Partial<PrivacyHost> = {}) {
    for (const [name, text] of Object.entries(files)) this.index.update(PrivacyWorkspace.uri(name), text);
    this.host = { taxonomy: realTaxonomy, ...host };
  }

  static uri(name: string): string {
    return `file:///ws/${name}`;
  }

  private get context() {
    return { index: this.index, settings: defaultSettings, isCancelled: () => false };
  }

  diagnose(name: string): TextDiagnostic[] {
    const file = this.index.get(PrivacyWorkspace.uri(name))!;
    return diagnoseFile(file, [privacyFeature(this.host)], this.context) as TextDiagnostic[];
  }

  /** `code: covered text` of each diagnostic. */
  shown(name: string): string[] {
    const text = this.index.get(PrivacyWorkspace.uri(name))!.text;
    return this.diagnose(name).map((d) => `${String(d.code)}: ${covered(text, d)}`);
  }

  messages(name: string, code: string): string[] {
    return this.diagnose(name).filter((d) => d.code === code).map((d) => d.message);
  }

  completion(name: string, marked: string): CompletionItem[] {
    const { text, offset } = cursor(marked);
    this.index.update(PrivacyWorkspace.uri(name), text);
    return privacyFeature(this.host).completion!(this.index.get(PrivacyWorkspace.uri(name))!, offset, this.context);
  }

  hover(name: string, marked: string): Hover | undefined {
    const { text, offset } = cursor(marked);
    this.index.update(PrivacyWorkspace.uri(name), text);
    return privacyFeature(this.host).hover!(this.index.get(PrivacyWorkspace.uri(name))!, offset, this.context);
  }
}
