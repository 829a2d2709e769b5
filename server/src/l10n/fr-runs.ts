/**
 * French for the runner's safety messages (issue #26: the run lock, the kept outputs and their
 * recovery, the bounded output). Merged into the French catalogue by t.ts.
 */
export const frRuns: Readonly<Record<string, string>> = {
  'pid {0} on {1}: {2}, since {3}': 'pid {0} sur {1} : {2}, depuis {3}',
  'a process that has not said who it is yet': "un processus qui n'a pas encore dit qui il est",
  'another run of this pipeline folder is under way ({0}); waited {1} s. Try again when it ends; a run ended by a crash is taken over by itself, and its lock is {2}.':
    "une autre exécution de ce dossier de pipeline est en cours ({0}) ; attendu {1} s. Réessayez quand elle se termine ; une exécution interrompue par un plantage est reprise d'elle-même, et son verrou est {2}.",
  'it is a file, or under a file, not a folder': "c'est un fichier, ou sous un fichier, pas un dossier",
  'cannot run: {0} is not a usable folder for the kept outputs ({1}); nothing was moved. Remove or fix it, then run again.':
    "exécution impossible : {0} n'est pas un dossier utilisable pour les sorties conservées ({1}) ; rien n'a été déplacé. Supprimez-le ou corrigez-le, puis relancez.",
  '`{0}` changed while it was being kept: not run': "`{0}` a changé pendant qu'il était conservé : non exécutée",
  '`{0}` could not be put back ({1}); the next run puts it back': "`{0}` n'a pas pu être remis ({1}) ; la prochaine exécution le remet",
  'the copy of {0} is not what was kept': "la copie de {0} n'est pas ce qui avait été conservé",
  'its kept copy {0} is missing or damaged': 'sa copie conservée {0} manque ou est abîmée',
  'its kept listing {0} is missing or damaged': 'sa liste conservée {0} manque ou est abîmée',
  '`{0}` of the stage `{1}`, left by a run that was interrupted (pid {2}), is back to its content before that run':
    "`{0}` de l'étape `{1}`, laissé par une exécution interrompue (pid {2}), a retrouvé son contenu d'avant cette exécution",
  '[… {0} characters of output not shown here; the whole log: {1}]': '[… {0} caractères de sortie non affichés ici ; le journal complet : {1}]',
  '--wait expects a number of seconds, got "{0}"': '--wait attend un nombre de secondes, reçu "{0}"',
  '{0} exists: not overwritten (--force replaces it)': '{0} existe : non écrasé (--force le remplace)',
  "'{0}' is an absolute path: an output is written relative to the stage's folder, inside the repository; this stage would not run.":
    "'{0}' est un chemin absolu : une sortie s'écrit relativement au dossier de l'étape, dans le dépôt ; cette étape ne s'exécuterait pas.",
  "An output of a pipeline stage is an absolute path: outputs are written relative to the stage's folder, inside the repository (the runner refuses the stage).":
    "Une sortie d'une étape de pipeline est un chemin absolu : les sorties s'écrivent relativement au dossier de l'étape, dans le dépôt (l'exécuteur refuse l'étape).",
  "'{0}' is not closed: DVC keeps it as written. Add the closing '}', or write '\\${' for a literal '${'.":
    "'{0}' n'est pas fermé : DVC le garde tel quel. Ajoutez la '}' fermante, ou écrivez '\\${' pour un '${' littéral.",
};
