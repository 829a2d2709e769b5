import type { Feature, PlacedFinding } from '../features/feature';
import { kubernetesCompletion } from './completion';
import type { KubernetesValidator } from './validate';

/** Kubernetes manifests, recognised by content (`apiVersion` + `kind`), never by folder. */
export function kubernetesFeature(validator: KubernetesValidator): Feature {
  return {
    id: 'kubernetes',
    extensions: ['.yaml', '.yml'],
    findings(file, context) {
      const yaml = file.yaml;
      if (!yaml) return [];
      const placed: PlacedFinding[] = [];
      for (const { offset, chunk } of yaml.chunks) {
        if (context.isCancelled()) break;
        for (const finding of validator.findings(chunk)) placed.push({ offset, finding });
      }
      return placed;
    },
    completion(file, offset) {
      const yaml = file.yaml;
      return yaml ? kubernetesCompletion(yaml, offset, validator.engine) : [];
    },
  };
}
