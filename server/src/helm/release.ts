/**
 * What an Argo CD Application's source gives the chart it deploys: its values files (read from the
 * chart's folder), its values, parameters, release name and namespace. Shared by the cross-stack
 * check (argocd.ts), the system map (system.ts) and the renders other families ask for (api.ts).
 */
import { fromPlain, isMap, toPlain, type GoMap } from '../gotemplate/values';
import type { WorkspaceIndex } from '../workspace/index';
import { jsYaml } from '../yaml/jsYaml';
import type { ChartLayout } from './chart';
import type { HelmReader } from './context';
import { parameterValues } from './setValues';
import { mergeValues, readValues } from './values';

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
  // Merged as Helm merges the user's values (a parameter `ingress.annotations.x` keeps the values' other `ingress` keys), in Maps: a `__proto__` key is data.
  let given: GoMap = new Map();
  const merge = (extra: unknown) => {
    const map = record(extra) ? fromPlain(extra) : undefined;
    if (map !== undefined && isMap(map)) given = mergeValues(given, map);
  };
  if (typeof helm.values === 'string') {
    try {
      merge(jsYaml().load(helm.values, { schema: jsYaml().CORE_SCHEMA }));
    } catch {
      // Not YAML: Argo CD reports it when it syncs; nothing to compare.
    }
  }
  merge(helm.valuesObject);
  given = mergeValues(given, parameterValues(helm.parameters));
  const destination = record(record(app.spec)?.destination);
  const appName = record(app.metadata)?.name;
  return {
    given: { files, values: toPlain(given), releaseName: typeof helm.releaseName === 'string' ? helm.releaseName : typeof appName === 'string' ? appName : undefined, namespace: typeof destination?.namespace === 'string' ? destination.namespace : undefined },
    missingFiles: missing,
  };
}
