// Archipel's Prometheus rule-file checks as a library, bundled by the prometheus-rules benchmark,
// with the language server's V8 tuning (its entry point applies it first, as server.js does).
import '../../../server/src/startup/tuneV8';
import { prometheusFeature } from '../../../server/src/prometheus/feature';
// Declares the settings section the feature reads (settings.prometheus.files): the families' list
// does it in the CLI and the server; this library takes the feature alone.
import '../../../server/src/prometheus/settings';
import { diagnoseFile, indexOptions } from '../../../server/src/service';
import { defaultSettings } from '../../../server/src/settings';
import { WorkspaceIndex } from '../../../server/src/workspace/index';

const index = new WorkspaceIndex(indexOptions(defaultSettings));
const context = { index, settings: defaultSettings, isCancelled: () => false };
// No other family's face (Family.faces): a rule file reads no Compose project, as `archipel check` of rule files alone.
const feature = prometheusFeature();

export function diagnose(uri, text) {
  return diagnoseFile(index.update(uri, text), [feature], context);
}
