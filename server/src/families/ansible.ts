/**
 * Ansible: playbooks, task and handler files, roles (tasks/ handlers/ defaults/ vars/ meta/),
 * inventories (YAML and INI), requirements.yml, ansible.cfg and .ansible-lint, checked as Ansible
 * loads them and as ansible-lint lints them, offline: ansible-core's keywords and modules come from
 * schemas/ansible/ (scripts/gen-ansible-data.mjs), collections' modules from their sources in the
 * workspace.
 */
import { ansibleOwn } from '../ansible/files';
import { ansibleFeature } from '../ansible/feature';
import { frAnsible } from '../ansible/fr';
import { lazyAnsibleServices } from '../ansible/host';
import { ansibleFiles } from '../ansible/model/kind';
import { ansibleSettings } from '../ansible/settings';
import type { Family } from './descriptor';

export const ansibleFamily: Family = {
  id: 'ansible',
  own: ansibleOwn,
  title: 'Ansible playbooks, roles and inventories',
  files: {
    ...ansibleFiles,
    // Modules' sources: a collection's or a role's library documents the modules tasks call.
    globs: [...(ansibleFiles.globs ?? []), 'library/*.py', 'action_plugins/*.py', 'plugins/modules/**/*.py', 'plugins/action/*.py', 'galaxy.yml'],
    userGlobs: 'files',
  },
  languages: ['yaml', 'ansible', 'ini', 'properties'],
  features: (host) => [ansibleFeature(lazyAnsibleServices(host.root))],
  settings: ansibleSettings,
  french: frAnsible,
  rules: { prefixes: ['ansible-'] },
};
