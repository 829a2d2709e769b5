/**
 * The Kubernetes topology's drawer as its family declares it (families/kubernetes.ts): its kind and summary without
 * the topology's code. `prepare`, which `archipel diagram` and the diagram request await before drawing, loads
 * diagram.ts (the topology, the flowchart writer and the scopes), so a check of a manifest never evaluates them
 * (issue #68: a chunk of the CLI's bundle of their own).
 */
import type { DiagramDrawer } from '../features/diagram/drawer';

let topology: typeof import('./diagram.js').kubernetesDiagram | undefined;

export const kubernetesDrawer: DiagramDrawer = {
  kind: 'k8s',
  summary: 'the Kubernetes manifests',
  prepare: async () => {
    const { kubernetesDiagram } = await import('./diagram.js');
    topology ??= kubernetesDiagram;
  },
  draw: (index, settings, scopes) => {
    if (topology === undefined) throw new Error("the Kubernetes topology's drawer draws once prepared (await its prepare())");
    return topology(index, settings, scopes);
  },
};
