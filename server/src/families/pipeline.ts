/** Pipelines (dvc.yaml): checked as you type, run by the engine with statuses in hovers and code lenses, status/run/dag/export. */
import { pipelineOwn } from '../pipeline/files';
import { pipelineUsage } from '../cli/pipelineUsage';
import { frPipeline } from '../pipeline/fr';
import { yamlDocuments, type Family } from './descriptor';
import { loadPipelineSchema } from '../platform/sharedData';
import { pipelineFeature } from '../pipeline/feature';
import { keepStatuses, pipelineDependencies } from '../pipeline/host';
import { registerPipelineRequests } from '../engines/pipeline/register';
import { pipelineSystem } from '../pipeline/system';

export const pipelineFamily: Family = {
  id: 'pipeline',
  own: pipelineOwn,
  title: 'Pipelines (DVC)',
  system: pipelineSystem,
  french: frPipeline,
  ...yamlDocuments,
  features: (host) => [pipelineFeature(pipelineDependencies(host, loadPipelineSchema(host.root)))],
  requests: (registry, host) => keepStatuses(host, registerPipelineRequests(registry)),
  rules: { prefixes: ['pipeline-'] },
  commands: [
    {
      names: ['status', 'run', 'dag', 'export'],
      usage: pipelineUsage,
      async run(name, args, { out, err, stdout }) {
        const { pipelineCommand } = await import('../cli/pipeline.js');
        return pipelineCommand(name, args, out, err, stdout);
      },
    },
  ],
  client: {
    walkthrough: [
      { id: "runPipeline", order: 7, title: { en: "Run the pipeline", fr: "Exécuter le pipeline" }, description: { en: "dvc.yaml runs in the editor, without Python: only what is stale, each run's log in its own terminal, the DAG live in the pipeline panel.\n[Show the pipeline](command:archipel.openExampleFile?%5B%22dvc.yaml%22%2C%22archipel.showPipeline%22%5D)", fr: "dvc.yaml s'exécute dans l'éditeur, sans Python : seulement ce qui est périmé, le journal de chaque exécution dans son propre terminal, le DAG en direct dans le panneau du pipeline.\n[Afficher le pipeline](command:archipel.openExampleFile?%5B%22dvc.yaml%22%2C%22archipel.showPipeline%22%5D)" }, media: { markdown: "media/walkthrough/pipeline.md" }, completionEvents: ["onContext:archipel.walkthrough.pipelineRan"] },
    ],
    module: 'pipeline',
    commands: [
      { id: 'archipel.runPipeline', title: { en: 'Run Pipeline', fr: 'Exécuter le pipeline' }, icon: '$(run-all)', menus: { 'explorer/context': [{ when: 'isWorkspaceTrusted && resourceFilename =~ /^dvc\\.yaml$|\\.pipeline\\.yaml$/', group: '7_archipel@7' }], 'editor/title': [{ when: 'isWorkspaceTrusted && resourceFilename =~ /^dvc\\.yaml$|\\.pipeline\\.yaml$/', group: 'navigation@2' }] } },
      { id: 'archipel.runStage', title: { en: 'Run Stage', fr: 'Exécuter une étape' }, icon: '$(run)' },
      { id: 'archipel.showPipeline', title: { en: 'Show Pipeline', fr: 'Afficher le pipeline' }, icon: '$(type-hierarchy)', menus: { 'explorer/context': [{ when: 'resourceFilename =~ /^dvc\\.yaml$|\\.pipeline\\.yaml$/', group: '7_archipel@8' }], 'editor/title': [{ when: 'resourceFilename =~ /^dvc\\.yaml$|\\.pipeline\\.yaml$/', group: 'navigation@1' }] } },
    ],
    panels: ['archipel.pipeline'],
  },
};
