import { defineSettingsSection } from '../settings';

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
  const directories = (strings(input.directories) ?? []).map((d) => d.replace(/\\/g, '/').replace(/^\.?\/+|\/+$/g, '')).filter(Boolean);
  const statuses = strings(input.statuses)?.map((s) => s.toLowerCase());
  return { directories, statuses: statuses && statuses.length > 0 ? statuses : defaultAdrSettings.statuses };
}

declare module '../settings' {
  interface FamilySettings {
    adr: AdrSettings;
  }
}

export const adrSettings = defineSettingsSection('adr', defaultAdrSettings, normalizeAdrSettings);
