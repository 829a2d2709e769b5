import { defineSettingsSection, type SettingsManifest } from '../settings';

/** `archipel.adr.*`: where ADRs live beyond the conventional folders, and which statuses are allowed. */
export interface AdrSettings {
  /**
   * Extra ADR folders, as paths relative to a workspace folder (`architecture/decisions`). A folder
   * matches when its path ends with these segments, so the CLI and the server agree without knowing
   * the workspace root.
   */
  directories: string[];
  /** Allowed statuses, compared case-insensitively; `superseded` stands for "superseded by <ADR>". */
  statuses: string[];
}

export const defaultAdrSettings: AdrSettings = {
  directories: [],
  statuses: ['proposed', 'accepted', 'rejected', 'deprecated', 'superseded', 'on hold'],
};

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim()) : undefined;
}

export function normalizeAdrSettings(raw: unknown): AdrSettings {
  const input = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const directories = (strings(input.directories) ?? []).map((d) => d.replace(/\\/g, '/').replace(/^\.?\/+|(?<!\/)\/+$/g, '')).filter(Boolean);
  const statuses = strings(input.statuses)?.map((s) => s.toLowerCase());
  return { directories, statuses: statuses && statuses.length > 0 ? statuses : defaultAdrSettings.statuses };
}

declare module '../settings' {
  interface FamilySettings {
    adr: AdrSettings;
  }
}

/** How the editor declares the section (package.json's `archipel.adr.<key>` and their strings; scripts/gen-families.mjs writes them there). */
const manifest: SettingsManifest = {
  "properties": {
    "directories": {
      "type": "array",
      "scope": "resource",
      "default": [],
      "items": {
        "type": "string"
      },
      "markdownDescription": "%config.adr.directories.description%"
    },
    "statuses": {
      "type": "array",
      "scope": "resource",
      "default": [
        "proposed",
        "accepted",
        "rejected",
        "deprecated",
        "superseded",
        "on hold"
      ],
      "items": {
        "type": "string"
      },
      "markdownDescription": "%config.adr.statuses.description%"
    }
  },
  "strings": {
    "config.adr.directories.description": {
      "en": "More ADR folders (`architecture/decisions`: any folder whose path ends with these segments), on top of the folder an adr-tools `.adr-dir` file names and the conventional `docs/adr`, `doc/adr` and `docs/decisions`.",
      "fr": "D'autres dossiers d'ADR (`architecture/decisions` : tout dossier dont le chemin se termine par ces segments), en plus du dossier que nomme un fichier `.adr-dir` d'adr-tools et des dossiers usuels `docs/adr`, `doc/adr` et `docs/decisions`."
    },
    "config.adr.statuses.description": {
      "en": "The statuses an ADR may have (compared case-insensitively). `superseded` stands for \"Superseded by <ADR>\", which must name the successor.",
      "fr": "Les statuts qu'un ADR peut avoir (comparés sans tenir compte de la casse). `superseded` vaut « Superseded by <ADR> », qui doit nommer le successeur."
    }
  }
};

export const adrSettings = defineSettingsSection('adr', defaultAdrSettings, normalizeAdrSettings, manifest);
