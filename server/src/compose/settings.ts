import { defineFilesSection, type FilesSettings } from '../settings';

/** `archipel.compose.*`: more file patterns read as Compose files (besides compose*.yaml and docker-compose*.yml). */
export type ComposeSettings = FilesSettings;

declare module '../settings' {
  interface FamilySettings {
    compose: ComposeSettings;
  }
}

export const composeSettings = defineFilesSection('compose', {
  en: "More glob patterns of files read as Docker Compose files, beside `compose.yaml`, `compose.*.yaml`, `docker-compose.yml` and their variants (for example `deploy/stack-*.yml`).",
  fr: "Autres motifs glob de fichiers lus comme fichiers Docker Compose, en plus de `compose.yaml`, `compose.*.yaml`, `docker-compose.yml` et leurs variantes (par exemple `deploy/stack-*.yml`).",
});
