/** Pipelines (dvc.yaml): checked as you type, run by the engine with statuses in hovers and code lenses, status/run/dag/export. */
import { existsSync } from 'node:fs';
import { pipelineUsage } from '../cli/pipelineUsage';
import { registerPipelineRequests, type PipelineStatusProvider } from '../engines/pipeline/register';
import { frPipeline } from '../pipeline/fr';
import { yamlDocuments, type Family, type FamilyHost } from './descriptor';
import { readSideTextQuietly } from '../disk/readText';
import { loadPipelineSchema } from '../platform/resources';
import { pipelineFeature } from '../pipeline/feature';
import { pipelineSystem } from '../pipeline/system';

/** The runner's statuses of one run (a server): what the feature's hovers and code lenses show. */
const providers = new WeakMap<FamilyHost, PipelineStatusProvider>();

export const pipelineFamily: Family = {
  id: 'pipeline',
  title: 'Pipelines (DVC)',
  system: pipelineSystem,
  french: frPipeline,
  ...yamlDocuments,
  features: (host) => [pipelineFeature({ schema: loadPipelineSchema(host.root), exists: existsSync, readText: readSideTextQuietly, status: (file, stage) => providers.get(host)?.stageStatus(file, stage) })],
  requests(registry, host) {
    providers.set(host, registerPipelineRequests(registry));
  },
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
