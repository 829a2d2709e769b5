import { defineSettingsSection, record } from '../settings';

/** `archipel.compose.*`: more file patterns read as Compose files (besides compose*.yaml and docker-compose*.yml). */
export interface ComposeSettings {
  files: string[];
}

declare module '../settings' {
  interface FamilySettings {
    compose: ComposeSettings;
  }
}

export const composeSettings = defineSettingsSection('compose', { files: [] }, (raw) => {
  const input = record(raw);
  return { files: Array.isArray(input.files) ? input.files.filter((glob): glob is string => typeof glob === 'string') : [] };
});
