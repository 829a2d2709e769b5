// Archipel's Ansible checks as a library, bundled by the ansible benchmark, with the language
// server's V8 tuning (its entry point applies it first, as server.js does).
import '../../../server/src/startup/tuneV8';
import { ansibleFeature } from '../../../server/src/ansible/feature';
import { loadAnsibleServices } from '../../../server/src/families/ansible';
import { diagnoseFile, indexOptions } from '../../../server/src/service';
import { defaultSettings } from '../../../server/src/settings';
import { WorkspaceIndex } from '../../../server/src/workspace/index';

let feature;
const index = new WorkspaceIndex(indexOptions(defaultSettings));
const context = { index, settings: defaultSettings, isCancelled: () => false };

/** Loads ansible-core's data (schemas/ansible/) from the package root. */
export function load(root) {
  feature = ansibleFeature(loadAnsibleServices(root));
}

/** Indexes the files (uri → text), then diagnoses each: the diagnostics' codes. */
export function check(files) {
  for (const [uri, text] of files) index.update(uri, text);
  return files.flatMap(([uri]) => diagnoseFile(index.get(uri), [feature], context).map((d) => String(d.code)));
}
