/** Which files are predict's (common/ownFiles.ts): the one decision of `archipel check` and feature.ts targetOf. */
import { ARCHIPEL_CONFIG, type OwnFiles } from '../common/ownFiles';

/** What a file is to predict: archipel.yaml (its `predict` section) or a model card (`*.model.yaml`); undefined: none of its. */
export function predictFileKind(path: string): 'archipel.yaml' | 'model-card' | undefined {
  if (ARCHIPEL_CONFIG.test(path)) return 'archipel.yaml';
  if (/\.model\.ya?ml$/i.test(path)) return 'model-card';
  return undefined;
}

export const predictOwn: OwnFiles = { test: (path) => predictFileKind(path) !== undefined };
