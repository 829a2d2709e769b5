import { defineSettingsSection, type SettingsManifest } from '../settings';

/** `archipel.ansible.*`: more file patterns read as Ansible's, and where installed collections are. */
export interface AnsibleSettings {
  /** Globs of more Ansible files (playbooks outside the usual places, inventories with other names). */
  files: string[];
  /**
   * Folders holding installed collections (`~/.ansible/collections`, `/usr/share/ansible/collections`,
   * a virtualenv's site-packages): their modules' documentation is read from there. Only the folders
   * named here are read outside the workspace.
   */
  collectionsPaths: string[];
}

declare module '../settings' {
  interface FamilySettings {
    ansible: AnsibleSettings;
  }
}

const manifest: SettingsManifest = {
  properties: {
    files: { type: 'array', scope: 'resource', default: [], items: { type: 'string' }, markdownDescription: '%config.ansible.files.description%' },
    collectionsPaths: { type: 'array', scope: 'machine', default: [], items: { type: 'string' }, markdownDescription: '%config.ansible.collectionsPaths.description%' },
  },
  strings: {
    'config.ansible.files.description': {
      en: 'More glob patterns of files read as Ansible playbooks, task files or inventories, beside what the layout and the content say (for example `deploy/*.yml`).',
      fr: "Autres motifs glob de fichiers lus comme playbooks, fichiers de tâches ou inventaires Ansible, en plus de ce que disent l'arborescence et le contenu (par exemple `deploy/*.yml`).",
    },
    'config.ansible.collectionsPaths.description': {
      en: 'Folders holding installed Ansible collections (each with an `ansible_collections/` folder, such as `~/.ansible/collections`): the modules documented there are known to completion, hover and the argument checks. Nothing outside the workspace is read unless named here.',
      fr: "Dossiers des collections Ansible installées (chacun avec un dossier `ansible_collections/`, comme `~/.ansible/collections`) : les modules qui y sont documentés sont connus de la complétion, du survol et des contrôles d'arguments. Rien hors de l'espace de travail n'est lu sans être nommé ici.",
    },
  },
};

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item.trim() !== '') : [];
}

export const ansibleSettings = defineSettingsSection(
  'ansible',
  { files: [], collectionsPaths: [] },
  (raw) => {
    const input = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
    return { files: strings(input.files), collectionsPaths: strings(input.collectionsPaths) };
  },
  manifest,
);
