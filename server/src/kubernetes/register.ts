/** What Kubernetes adds to the index status: the number of objects found (the status bar shows it). */
import type { RequestFamily } from '../features/requests';
import { allKubernetesObjects } from './model/objects';

export const kubernetesRequests: RequestFamily = (registry) => {
  registry.summarizeIndex((index) => {
    let objects = 0;
    for (const _ of allKubernetesObjects(index)) objects++;
    return { objects };
  });
};
