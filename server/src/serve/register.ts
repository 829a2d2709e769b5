/** The serve family's request: `archipel/serveTargets`, the models `Archipel: Serve Model` offers. */
import path from 'node:path';
import { onWorkspaceRequest, type RequestRegistry } from '../features/requests';
import { modelConfiguration } from '../predict/api';
import { ServeTargetsRequest, type ServeTargetsParams } from '../protocol/serve';
import type { SchemaEngine } from '../schema/engine';
import { serveTargets } from './targets';

/** `archipel`: archipel.yaml's schema, loaded on the first request. */
export function serveRequests(registry: RequestRegistry, archipel: () => SchemaEngine): void {
  onWorkspaceRequest(registry, ServeTargetsRequest, () => undefined, (params, _settings, context) => {
    // Params are optional on the wire (older clients send none).
    const model = (params as ServeTargetsParams | null | undefined)?.model;
    if (typeof model !== 'string') return serveTargets(context.index.files(), archipel());
    // One model (Serve Model on an .onnx of the explorer): served as its archipel.yaml configures it.
    try {
      const own = modelConfiguration(model, { index: context.index, engine: archipel() });
      return { targets: [{ model: path.resolve(model), config: '', ...own }], problems: [] };
    } catch (error) {
      return { targets: [{ model: path.resolve(model), config: '' }], problems: [error instanceof Error ? error.message : String(error)] };
    }
  });
}
