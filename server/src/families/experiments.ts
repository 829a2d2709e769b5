/** Experiments: DVC experiments (refs/exps/) and MLflow runs in one table; run, queue, apply, branch, remove (`archipel exp`). */
import { expUsage } from '../cli/experimentsUsage';
import { registerExperimentsRequests } from '../engines/experiments/register';
import { frExperiments } from '../experiments/fr';
import type { Family } from './descriptor';

export const experimentsFamily: Family = {
  id: 'experiments',
  title: 'Experiments (DVC experiments, MLflow runs)',
  requests(registry) {
    registerExperimentsRequests(registry);
  },
  french: frExperiments,
  commands: [
    {
      names: ['exp'],
      usage: expUsage,
      async run(_name, args, { out, err, stdout }) {
        const { expCommand } = await import('../cli/experiments.js');
        // The CLI's own streams when it prints (a stage's output comes in chunks, not lines); else the lines the caller collects.
        const line = (print: (text: string) => void) => (text: string) => print(text.replace(/\n$/, ''));
        return expCommand(args, stdout ? { out: (text) => void stdout.write(text), err: (text) => void process.stderr.write(text) } : { out: line(out), err: line(err) });
      },
    },
  ],
  client: {
    module: 'experiments',
    commands: [
      { id: 'archipel.showExperiments', title: { en: 'Show Experiments', fr: 'Afficher les expériences' }, icon: '$(dashboard)' },
      { id: 'archipel.retrainAsExperiment', title: { en: 'Retrain as an Experiment', fr: "Réentraîner en tant qu'expérience" } },
    ],
    panels: ['archipel.experiments'],
  },
};
