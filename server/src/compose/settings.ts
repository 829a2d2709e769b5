import { defineSettingsSection, record, type SettingsManifest } from '../settings';

/** `archipel.compose.*`: more file patterns read as Compose files (besides compose*.yaml and docker-compose*.yml). */
export interface ComposeSettings {
  files: string[];
}

declare module '../settings' {
  interface FamilySettings {
    compose: ComposeSettings;
  }
}

/** How the editor declares the section (package.json's `archipel.compose.<key>` and their strings; scripts/gen-families.mjs writes them there). */
const manifest: SettingsManifest = {
  "properties": {
    "files": {
      "type": "array",
      "scope": "resource",
      "default": [],
      "items": {
        "type": "string"
      },
      "markdownDescription": "%config.compose.files.description%"
    }
  },
  "strings": {
    "config.compose.files.description": {
      "en": "More glob patterns of files read as Docker Compose files, beside `compose.yaml`, `compose.*.yaml`, `docker-compose.yml` and their variants (for example `deploy/stack-*.yml`).",
      "fr": "Autres motifs glob de fichiers lus comme fichiers Docker Compose, en plus de `compose.yaml`, `compose.*.yaml`, `docker-compose.yml` et leurs variantes (par exemple `deploy/stack-*.yml`)."
    }
  }
};

export const composeSettings = defineSettingsSection('compose', { files: [] }, (raw) => {
  const input = record(raw);
  return { files: Array.isArray(input.files) ? input.files.filter((glob): glob is string => typeof glob === 'string') : [] };
}, manifest);
