import { defineRule } from '../rules/registry';

/** The system map's rules: checks of the model across families, and drift of hand-drawn diagrams (docs/system-map.md). */
export const systemRules = {
  imageUnbuilt: defineRule({ id: 'system-image-unbuilt', defaultSeverity: 'warning', description: 'A deployed image that nothing in the repository builds and that names no registry: a name or tag mistyped between CI (or skaffold, or Compose build) and the deployment.' }),
  addressUnknown: defineRule({ id: 'system-address-unknown', defaultSeverity: 'warning', description: 'An address in a component\'s environment or configuration (host:port, a URL) names a host no component of its Compose project or namespace answers.' }),
  addressPort: defineRule({ id: 'system-address-port', defaultSeverity: 'warning', description: 'An address names a component on a port it does not serve (its container ports, its Service\'s ports).' }),
  unmonitored: defineRule({ id: 'system-unmonitored', defaultSeverity: 'hint', description: 'A component nothing monitors (no scrape target, ServiceMonitor or prometheus.io/scrape annotation) while the repository has monitoring.' }),
  unowned: defineRule({ id: 'system-unowned', defaultSeverity: 'hint', description: 'A component no RACI activity names with an accountable role, while the repository has a RACI matrix.' }),
  undecidedStore: defineRule({ id: 'system-undecided-store', defaultSeverity: 'hint', description: 'A data store or broker that no decision record names (by itself or its technology), while the repository keeps ADRs.' }),
  exposedStore: defineRule({ id: 'system-exposed-store', defaultSeverity: 'warning', description: 'A data store, cache, search engine or broker publishes a port on the host\'s network (Compose `ports:`, a `hostPort`): its clients reach it on the project\'s network; publishing it exposes it to anything that reaches the host.' }),
  drawingArrow: defineRule({ id: 'system-drawing-arrow', defaultSeverity: 'warning', description: 'An arrow of a hand-drawn diagram between two components the repository deploys that the system map has no call, route or dependency for.' }),
  drawingUnknown: defineRule({ id: 'system-drawing-unknown', defaultSeverity: 'warning', description: 'An element of a hand-drawn diagram (Mermaid flowchart or C4, Structurizr DSL) that the repository does not deploy; "did you mean" the nearest component.' }),
  drawingLimit: defineRule({ id: 'system-drawing-limit', defaultSeverity: 'warning', description: 'A hand-drawn diagram past Archipel\'s bounds (512 KB, 2,000 elements, 5,000 edges): it is read no further and not compared with the system map.' }),
  drawingMissing: defineRule({ id: 'system-drawing-missing', defaultSeverity: 'information', description: 'Components the repository deploys that a hand-drawn diagram of the system lacks (a quick fix adds them).' }),
};
