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
      // `archipel exp` runs from dist/server/expCli.js: a warm `exp show` is mostly start-up.
      standalone: { bundle: 'expCli', entry: 'server/src/cli/expCli.ts' },
      async run(_name, args, { out, err, stdout }) {
        const { expCommand } = await import('../cli/experiments.js');
        // The CLI's own streams when it prints (a stage's output comes in chunks, not lines); else the lines the caller collects.
        const line = (print: (text: string) => void) => (text: string) => print(text.replace(/\n$/, ''));
        // The terminal's width for `exp show`'s table when it prints there (as expCli.ts gives it).
        const columns = stdout && process.stdout.isTTY ? { columns: process.stdout.columns } : {};
        return expCommand(args, stdout ? { out: (text) => void stdout.write(text), err: (text) => void process.stderr.write(text), ...columns } : { out: line(out), err: line(err) });
      },
    },
  ],
  client: {
    walkthrough: [
      { id: "sweepExperiments", order: 8, title: { en: "Sweep the training, compare the runs", fr: "Balayer l'entraînement, comparer les exécutions" }, description: { en: "Three learning rates of the tune stage as three experiments (Git commits, as DVC stores them), compared in one table with their plots, beside MLflow runs.\n[Show Experiments](command:archipel.showExperiments)", fr: "Trois taux d'apprentissage de l'étape tune en trois expériences (des commits Git, rangés comme DVC les range), comparées dans un tableau avec leurs graphiques, à côté des exécutions MLflow.\n[Afficher les expériences](command:archipel.showExperiments)" }, media: { markdown: "media/walkthrough/experiments.md" }, completionEvents: ["onContext:archipel.walkthrough.experimentsSwept"] },
    ],
    module: 'experiments',
    commands: [
      { id: 'archipel.showExperiments', title: { en: 'Show Experiments', fr: 'Afficher les expériences' }, icon: '$(dashboard)' },
      { id: 'archipel.retrainAsExperiment', title: { en: 'Retrain as an Experiment', fr: "Réentraîner en tant qu'expérience" } },
    ],
    panels: ['archipel.experiments'],
  },
};
