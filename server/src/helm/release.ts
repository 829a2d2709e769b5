/**
 * What an Argo CD Application's source gives the chart it deploys: its values files (read from the
 * chart's folder), its values, parameters, release name and namespace. Shared by the cross-stack
 * check (argocd.ts), the system map (system.ts) and the renders other families ask for (api.ts).
 */
import { fromPlain, isMap, type GoMap } from '../gotemplate/values';
import type { WorkspaceIndex } from '../workspace/index';
import { jsYaml } from '../yaml/jsYaml';
import type { ChartLayout } from './chart';
import type { HelmReader } from './context';
import { readValues } from './values';

type Json = Record<string, unknown>;
const record = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);

export interface GivenValues {
  /** Values files of the chart's folder, in order (relative to the chart). */
  files?: readonly GoMap[];
  /** The values themselves (plain data, as YAML reads them). */
  values?: unknown;
  releaseName?: string;
  namespace?: string;
}

/** Helm's --set path `a.b.c=v` as values (index syntax and escapes are left alone). */
function parameterValues(parameters: unknown): Json {
  const values: Json = {};
  if (!Array.isArray(parameters)) return values;
  for (const item of parameters) {
    const p = record(item);
    if (typeof p?.name !== 'string' || /[[\]\\]/.test(p.name)) continue;
    const keys = p.name.split('.');
    let current = values;
    keys.forEach((key, i) => {
      if (i === keys.length - 1) Object.defineProperty(current, key, { value: p.value ?? null, enumerable: true, writable: true, configurable: true });
      else {
        const next = record(current[key]) ?? {};
        Object.defineProperty(current, key, { value: next, enumerable: true, writable: true, configurable: true });
        current = next;
      }
    });
  }
  return values;
}

/** The values files an Application names, read, and the indexes of those missing from the chart's folder. */
function valueFiles(helm: Json, layout: ChartLayout, index: WorkspaceIndex, reader: HelmReader): { files: GoMap[]; missing: number[] } {
  const files: GoMap[] = [];
  const missing: number[] = [];
  const list = helm.valueFiles;
  if (!Array.isArray(list)) return { files, missing };
  list.forEach((name, i) => {
    if (typeof name !== 'string' || name.startsWith('$') || name.includes('://')) return;
    let uri: string;
    try {
      uri = new URL(name, layout.root).href;
    } catch {
      return;
    }
    if (!uri.startsWith(layout.root.replace(/(?<![^/])[^/]*\/$/, ''))) return;
    const indexed = index.get(uri);
    const doc = indexed ? readValues(indexed) : undefined;
    if (doc) {
      files.push(doc.values);
      return;
    }
    const text = reader.readText(uri);
    if (text !== undefined) {
      try {
        const value = fromPlain(jsYaml().load(text, { schema: jsYaml().CORE_SCHEMA }));
        if (isMap(value)) files.push(value);
      } catch {
        // A values file that is not YAML is reported where it is checked.
      }
      return;
    }
    if (helm.ignoreMissingValueFiles !== true) missing.push(i);
  });
  return { files, missing };
}

/** What an Application's source gives the chart it deploys (values files, values, release name and namespace), and the values files it names that are missing. */
export function sourceRelease(source: Json, app: Json, layout: ChartLayout, index: WorkspaceIndex, reader: HelmReader): { given: GivenValues; missingFiles: number[] } {
  const helm = record(source.helm) ?? {};
  const { files, missing } = valueFiles(helm, layout, index, reader);
  const given: Json = {};
  const merge = (extra: unknown) => {
    const map = record(extra);
    if (map) Object.assign(given, map);
  };
  if (typeof helm.values === 'string') {
    try {
      merge(jsYaml().load(helm.values, { schema: jsYaml().CORE_SCHEMA }));
    } catch {
      // Not YAML: Argo CD reports it when it syncs; nothing to compare.
    }
  }
  merge(helm.valuesObject);
  merge(parameterValues(helm.parameters));
  const destination = record(record(app.spec)?.destination);
  const appName = record(app.metadata)?.name;
  return {
    given: { files, values: given, releaseName: typeof helm.releaseName === 'string' ? helm.releaseName : typeof appName === 'string' ? appName : undefined, namespace: typeof destination?.namespace === 'string' ? destination.namespace : undefined },
    missingFiles: missing,
  };
}
