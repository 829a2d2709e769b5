/**
 * The pipeline family's part of the system map: each stage of a DVC pipeline, the data and models it
 * reads and writes (code, params files and metrics aside), so that the delivery view runs from the
 * data to the model, and on to the image that packages it.
 */
import type { SystemContributor } from '../features/system/contributor';
import { fileLabel, sourceAt } from '../features/system/source';
import { isPipelineFile, pipelineOf } from './document';

/** Files a stage depends on that are its code, not its data. */
const code = /\.(py|ipynb|mjs|cjs|js|ts|sh|r|jl|scala|java|go|rs|sql|toml|cfg|ini|lock)$/i;
/** Trained models, by their extension. */
const modelFile = /\.(onnx|pkl|pickle|joblib|pt|pth|h5|keras|safetensors|tflite|pb|gguf|ckpt)$/i;

export const pipelineSystem: SystemContributor = {
  contribute(builder) {
    for (const file of builder.index.files()) {
      if (file.skipped || !isPipelineFile(file.uri)) continue;
      const pipeline = pipelineOf(file, builder.index, {});
      if (!pipeline) continue;
      const folder = file.uri.slice(0, file.uri.lastIndexOf('/'));
      const artifact = (resolved: string, source: ReturnType<typeof sourceAt>) => {
        const uri = `${folder}/${resolved.split('/').map(encodeURIComponent).join('/')}`;
        return builder.artifact(uri, modelFile.test(resolved) ? 'model' : 'data', fileLabel(uri), source);
      };
      for (const stage of pipeline.stages) {
        const id = `stage:${file.uri}#${stage.name}`;
        builder.node({ id, kind: 'stage', name: stage.name, technology: 'DVC stage', sources: [sourceAt(file, stage.span.start, stage.span.end)] });
        for (const dep of stage.deps) {
          if (dep.url || code.test(dep.resolved)) continue;
          const source = sourceAt(file, dep.span.start, dep.span.end);
          builder.edge({ from: id, to: artifact(dep.resolved, source), kind: 'reads', label: 'reads', sources: [source] });
        }
        for (const out of stage.outs) {
          if (out.url || out.kind !== 'outs') continue;
          const source = sourceAt(file, out.span.start, out.span.end);
          builder.edge({ from: id, to: artifact(out.resolved, source), kind: 'writes', label: 'writes', sources: [source] });
        }
      }
    }
  },
};
