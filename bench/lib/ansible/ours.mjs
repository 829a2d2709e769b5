// Archipel's Ansible checks as a library, bundled by the ansible benchmark: the files checked as
// `archipel check` checks them (platform/project.ts's checkFiles: the index loaded, each file
// prepared and diagnosed), with the Ansible family's feature only, under the V8 flags of the
// configuration measured (`tune`, called before anything runs, as the entry points do).
import { ansibleFeature } from '../../../server/src/ansible/feature';
import { loadAnsibleServices } from '../../../server/src/ansible/host';
import { checkFiles } from '../../../server/src/platform/project';
import { defaultSettings } from '../../../server/src/settings';
import { applyV8Tuning, SERVER_V8_FLAGS } from '../../../server/src/startup/v8Tuning';
import { wholeFiles } from '../../../server/src/workspace/summaries';

let feature;

/**
 * The V8 flags of `configuration`: 'cli' — `archipel check`'s (V8's own, startup/tuneV8.ts),
 * 'server' — the language server's (SERVER_V8_FLAGS, startup/tuneV8Server.ts). ARCHIPEL_V8_FLAGS
 * is ignored: the row says which configuration it measured. Returns the flags applied.
 */
export function tune(configuration) {
  if (configuration !== 'cli' && configuration !== 'server') throw new Error(`unknown configuration ${configuration}`);
  const flags = configuration === 'server' ? SERVER_V8_FLAGS : '';
  applyV8Tuning({}, flags);
  return flags;
}

/** Loads ansible-core's data (schemas/ansible/) from the package root. */
export function load(root) {
  feature = ansibleFeature(loadAnsibleServices(root));
}

/** Checks the files (path → text, already read): the diagnostics' codes, file by file. */
export async function check(files) {
  const texts = new Map(files);
  const results = await checkFiles([...texts.keys()], [feature], defaultSettings, [], wholeFiles, { read: (file) => ({ text: texts.get(file) }) });
  return results.flatMap((result) => result.diagnostics.map((d) => String(d.code)));
}
