import path from 'node:path';
import { parseYamlFile } from '../yaml/model';
import { isRecord } from './yamlValues';

/**
 * Loki's ruler with local storage (pkg/ruler/rulestore/local) reads `<directory>/<tenant>/<file>`: every folder of the
 * directory is a tenant, every file in it a rule file in Loki's rulefmt, whose expressions are LogQL. A configuration
 * names the directory as the container sees it (`/loki/rules`, `/etc/loki/rules`); the repository holds the folder
 * mounted or copied there. `rule_path` is not read: it is the ruler's scratch folder, where Loki writes the rule files
 * it hands to Prometheus's rule manager, never a source.
 */

/**
 * Sections of a Loki configuration that neither Prometheus's, Cortex's nor Mimir's has (they name them `limits`,
 * `storage`, `schema`): with a `ruler` section they say the file is Loki's (Cortex's ruler has the same local storage).
 */
const lokiSections = ['limits_config', 'storage_config', 'schema_config', 'chunk_store_config', 'pattern_ingester', 'bloom_gateway', 'bloom_build'];

function localDirectory(ruler: unknown): string | undefined {
  if (!isRecord(ruler) || !isRecord(ruler.storage)) return undefined;
  const storage = ruler.storage;
  if (storage.type !== undefined && storage.type !== 'local') return undefined;
  const local = storage.local;
  return isRecord(local) && typeof local.directory === 'string' && local.directory.trim() !== '' ? local.directory.trim() : undefined;
}

/**
 * The local rule directory of a Loki configuration (`ruler.storage.local.directory` beside a section only Loki has) or of
 * the grafana/loki chart's values (`loki.rulerConfig.storage.local.directory`, the chart's ruler configuration).
 */
export function lokiRuleDirectory(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  if ('ruler' in value && lokiSections.some((key) => key in value)) return localDirectory(value.ruler);
  return isRecord(value.loki) ? localDirectory(value.loki.rulerConfig) : undefined;
}

/** What stands for an action's text: a private-use character, printable for YAML, in no folder's name a configuration gives. */
const ACTION = '\uE000';

/**
 * The local rule directory of a Loki configuration that is itself a template (Nomad's and consul-template's
 * `directory: {{ env "NOMAD_TASK_DIR" }}/rules`, grafana/loki's examples/nomad): each action read as an opaque word of its
 * length, the rest as YAML. The directory counts only when its last name is the template's own text, not an action's
 * (`/loki/{{ .Tenant }}` names no folder of the repository); a template whose actions make the rest no YAML (an
 * `{{ if }}` line) tells nothing. One pass of indexOf: a run of `{{` without `}}` ends it.
 */
export function lokiRuleDirectoryOfTemplate(text: string): string | undefined {
  let blanked = '';
  let from = 0;
  for (let open = text.indexOf('{{'); open >= 0; open = text.indexOf('{{', from)) {
    const close = text.indexOf('}}', open + 2);
    if (close < 0) break;
    blanked += text.slice(from, open) + ACTION.repeat(close + 2 - open);
    from = close + 2;
  }
  blanked += text.slice(from);
  for (const { chunk } of parseYamlFile(blanked, undefined, false).chunks) {
    if (!chunk.wellFormed) continue;
    const directory = lokiRuleDirectory(chunk.value);
    if (directory !== undefined) return path.posix.basename(directory).includes(ACTION) ? undefined : directory;
  }
  return undefined;
}

/** Whether a text may hold a Loki ruler's local directory: both keys (a conservative test before a parse). */
export function mayNameLokiRules(text: string): boolean {
  return /\bruler(?:Config)?["']?[ \t]*:/.test(text) && /\bdirectory["']?[ \t]*:/.test(text);
}

/**
 * The configuration whose Loki ruler reads the rule file `uri`, if one does: the file is `<folder>/<tenant>/<name>`
 * where `<folder>` has the directory's last name (`rules` for `/loki/rules`), in the project of the configuration (under
 * the folder holding the configuration's folder: Loki's `production/docker/config/loki.yaml` and `rules/docker/rules.yml`).
 */
export function lokiRulerOf(uri: string, rulers: readonly { directory: string; configUri: string }[]): string | undefined {
  const parts = uri.split('/');
  if (parts.length < 4) return undefined;
  const folder = parts[parts.length - 3];
  let found: string | undefined;
  for (const { directory, configUri } of rulers) {
    // basename ignores trailing slashes (`/loki/rules/` names `rules`).
    if (path.posix.basename(directory) !== folder) continue;
    // The configuration beside the rules' folder rather than a sibling project's (examples/nomad/<each>/config.yml).
    if (uri.startsWith(`${path.posix.dirname(configUri)}/`)) return configUri;
    const project = path.posix.dirname(path.posix.dirname(configUri));
    if (found === undefined && uri.startsWith(`${project}/`)) found = configUri;
  }
  return found;
}
