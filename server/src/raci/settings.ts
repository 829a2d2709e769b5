import { defineSettingsSection, record, type SettingsManifest } from '../settings';

/** `archipel.raci.*`. */
export interface RaciSettings {
  /** An activity whose only assignment is its Accountable counts as having a Responsible. */
  loneAccountableIsResponsible: boolean;
  /** The largest share of activities (0–1) a role may be Accountable or Responsible for. */
  maxLoad: number;
}

declare module '../settings' {
  interface FamilySettings {
    raci: RaciSettings;
  }
}

const defaults: RaciSettings = { loneAccountableIsResponsible: false, maxLoad: 0.5 };

/** How the editor declares the section (package.json's `archipel.raci.<key>` and their strings; scripts/gen-families.mjs writes them there). */
const manifest: SettingsManifest = {
  "properties": {
    "loneAccountableIsResponsible": {
      "type": "boolean",
      "scope": "resource",
      "default": false,
      "markdownDescription": "%config.raci.loneAccountableIsResponsible.description%"
    },
    "maxLoad": {
      "type": "number",
      "scope": "resource",
      "default": 0.5,
      "minimum": 0.05,
      "maximum": 1,
      "markdownDescription": "%config.raci.maxLoad.description%"
    }
  },
  "strings": {
    "config.raci.loneAccountableIsResponsible.description": {
      "en": "In RACI files, an activity whose Accountable (A) is its only doer counts as having a Responsible (R): `raci-no-responsible` is not reported when the A is alone.",
      "fr": "Dans les fichiers RACI, une activité dont l'Approbateur (A) est le seul acteur compte comme ayant un Réalisateur (R) : `raci-no-responsible` n'est pas signalé quand le A est seul."
    },
    "config.raci.maxLoad.description": {
      "en": "In RACI files, the largest share of activities (0–1) a role may be Accountable or Responsible for before `raci-overloaded-role` reports it (matrices of 4 activities or more).",
      "fr": "Dans les fichiers RACI, la plus grande part des activités (0–1) dont un rôle peut être A ou R avant que `raci-overloaded-role` le signale (matrices de 4 activités ou plus)."
    }
  }
};

export const raciSettings = defineSettingsSection('raci', defaults, (raw) => {
  const raci = record(raw);
  const maxLoad = typeof raci.maxLoad === 'number' && raci.maxLoad > 0 && raci.maxLoad <= 1 ? raci.maxLoad : defaults.maxLoad;
  return { loneAccountableIsResponsible: raci.loneAccountableIsResponsible === true, maxLoad };
}, manifest);
