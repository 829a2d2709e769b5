import type { CompletionItem, Diagnostic, Hover } from 'vscode-languageserver-types';
import { composeFace } from '../src/compose/api';
import { prometheusFeature } from '../src/prometheus/feature';
import { diagnoseFile, indexOptions } from '../src/service';
import { defaultSettings } from '../src/settings';
import { WorkspaceIndex } from '../src/workspace/index';
import { cursor } from './helpers';
import { covered } from './workspace';

/** The Prometheus feature, with the Compose family's face a run with Compose files gives it (Family.faces). */
const prometheus = prometheusFeature({ compose: composeFace });

/** A workspace of Prometheus files, diagnosed with the Prometheus feature alone. */
export class MonitoringWorkspace {
  readonly index = new WorkspaceIndex(indexOptions(defaultSettings));
  constructor(files: Record<string, string>) {
    for (const [name, text] of Object.entries(files)) this.index.update(`file:///work/${name}`, text);
  }
  get context() {
    return { index: this.index, settings: defaultSettings, isCancelled: () => false };
  }
  diagnose(name: string): Diagnostic[] {
    return diagnoseFile(this.index.get(`file:///work/${name}`)!, [prometheus], this.context);
  }
  /** `line: code: covered text: message` (1-based lines, as promtool prints them). */
  shown(name: string): string[] {
    const text = this.index.get(`file:///work/${name}`)!.text;
    return this.diagnose(name).map((d) => `${d.range.start.line + 1}: ${String(d.code)}: ${covered(text, d)}: ${d.message as string}`);
  }
  hover(name: string, marked: string): Hover | undefined {
    const { text, offset } = cursor(marked);
    this.index.update(`file:///work/${name}`, text);
    return prometheus.hover!(this.index.get(`file:///work/${name}`)!, offset, this.context);
  }
  completion(name: string, marked: string): CompletionItem[] {
    const { text, offset } = cursor(marked);
    this.index.update(`file:///work/${name}`, text);
    return prometheus.completion!(this.index.get(`file:///work/${name}`)!, offset, this.context);
  }
}

