// Archipel's workflow checks and completion as a library, bundled by the workflow benchmark,
// with the language server's V8 tuning (its entry point applies it first, as server.js does).
import '../../../server/src/startup/tuneV8';
import { createFeatures, familyHost } from '../../../server/src/families/index';
import { diagnoseFile, indexOptions } from '../../../server/src/service';
import { defaultSettings } from '../../../server/src/settings';
import { WorkspaceIndex } from '../../../server/src/workspace/index';

let features;
const index = new WorkspaceIndex(indexOptions(defaultSettings));
const context = { index, settings: defaultSettings, isCancelled: () => false };

function file(uri, text) {
  features ??= createFeatures(familyHost());
  return index.update(uri, text);
}

export async function diagnose(uri, text) {
  return diagnoseFile(file(uri, text), features, context);
}

export async function complete(uri, text, offset) {
  const entry = file(uri, text);
  return features.flatMap((f) => f.completion?.(entry, offset, context) ?? []);
}
