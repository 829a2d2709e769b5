import { defineSettingsSection, record, type SettingsManifest } from '../settings';

/** `archipel.workflows.*`. */
export interface WorkflowSettings {
  /** GitHub or Gitea semantics; `auto`: Gitea for `.gitea/` and `.forgejo/` workflows. */
  flavor: 'auto' | 'github' | 'gitea';
  /** Self-hosted runner labels accepted in runs-on, on top of GitHub-hosted ones. */
  runnerLabels: string[];
}

declare module '../settings' {
  interface FamilySettings {
    workflows: WorkflowSettings;
  }
}

/** How the editor declares the section (package.json's `archipel.workflows.<key>` and their strings; scripts/gen-families.mjs writes them there). */
const manifest: SettingsManifest = {
  "properties": {
    "flavor": {
      "type": "string",
      "scope": "resource",
      "enum": [
        "auto",
        "github",
        "gitea"
      ],
      "enumDescriptions": [
        "%config.workflows.flavor.enum.0%",
        "%config.workflows.flavor.enum.1%",
        "%config.workflows.flavor.enum.2%"
      ],
      "default": "auto",
      "markdownDescription": "%config.workflows.flavor.description%"
    },
    "runnerLabels": {
      "type": "array",
      "scope": "resource",
      "items": {
        "type": "string"
      },
      "default": [],
      "markdownDescription": "%config.workflows.runnerLabels.description%"
    }
  },
  "strings": {
    "config.workflows.flavor.description": {
      "en": "Which Actions implementation workflows are checked against. `auto`: Gitea for `.gitea/workflows/` and `.forgejo/workflows/`, GitHub otherwise.",
      "fr": "L'implémentation d'Actions contre laquelle les workflows sont vérifiés. `auto` : Gitea pour `.gitea/workflows/` et `.forgejo/workflows/`, GitHub sinon."
    },
    "config.workflows.flavor.enum.0": {
      "en": "GitHub for .github/workflows, Gitea for .gitea/workflows and .forgejo/workflows",
      "fr": "GitHub pour .github/workflows, Gitea pour .gitea/workflows et .forgejo/workflows"
    },
    "config.workflows.flavor.enum.1": {
      "en": "Check every workflow as GitHub Actions runs it",
      "fr": "Vérifier chaque workflow comme GitHub Actions l'exécute"
    },
    "config.workflows.flavor.enum.2": {
      "en": "Check every workflow as Gitea (and Forgejo) Actions runs it: @daily schedules, absolute action URLs, the gitea context and any runner label are accepted; keys Gitea ignores are reported as information",
      "fr": "Vérifier chaque workflow comme Gitea (et Forgejo) Actions l'exécute : planifications @daily, URL d'actions absolues, contexte gitea et toute étiquette de runner acceptés ; les clés que Gitea ignore sont signalées en information"
    },
    "config.workflows.runnerLabels.description": {
      "en": "Labels of your self-hosted runners, accepted in `runs-on:` on top of GitHub-hosted labels (in Gitea mode they are also offered by completion).",
      "fr": "Les étiquettes de vos runners auto-hébergés, acceptées dans `runs-on:` en plus de celles de GitHub (en mode Gitea, la complétion les propose aussi)."
    }
  }
};

export const workflowSettings = defineSettingsSection('workflows', { flavor: 'auto', runnerLabels: [] }, (raw) => {
  const workflows = record(raw);
  const flavor = workflows.flavor === 'github' || workflows.flavor === 'gitea' ? workflows.flavor : 'auto';
  const runnerLabels = Array.isArray(workflows.runnerLabels) ? workflows.runnerLabels.filter((l): l is string => typeof l === 'string' && l.trim() !== '') : [];
  return { flavor, runnerLabels };
}, manifest);
