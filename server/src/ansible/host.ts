/**
 * What the Ansible family reads from the host (its descriptor, families/ansible.ts, hands it to the
 * feature): ansible-core's data and the playbook schema from the package root, read on first use, and
 * installed collections' module sources from the folders the user names.
 */
import os from 'node:os';
import path from 'node:path';
import { READ_BOUNDS, readRegularFileSync, readTextBoundedSync } from '../disk/readText';
import { precompiledValidatorModule } from '../platform/precompiledValidators';
import { SchemaEngine, type SchemaBundle } from '../schema/engine';
import type { AnsibleServices } from './checks/checks';
import { keywordsOf } from './model/model';
import { ModuleCatalog, type AnsibleCoreData } from './model/modules';

/**
 * A file of an installed collection, from a folder the user named in archipel.ansible.collectionsPaths
 * (`~` is the home folder): `<folder>/ansible_collections/<ns>/<coll>/plugins/<kind>/<name>.py`, read bounded.
 */
export function readInstalledFile(folder: string, fqcn: string, kind: 'modules' | 'doc_fragments'): string | undefined {
  const [namespace, collection, name] = fqcn.split('.');
  if (!/^\w+$/.test(namespace) || !/^\w+$/.test(collection) || !/^\w+$/.test(name)) return undefined;
  const base = folder === '~' || folder.startsWith('~/') ? path.join(os.homedir(), folder.slice(1)) : folder;
  if (!path.isAbsolute(base)) return undefined;
  // The folder is the user's (a setting naming installed collections): read where it says, bounded.
  const bytes = readRegularFileSync(path.join(base, 'ansible_collections', namespace, collection, 'plugins', kind, `${name}.py`), 2 << 20);
  return typeof bytes === 'string' ? undefined : bytes.toString('utf8');
}

/** ansible-core's data and the playbook schema, from the package root. */
export function loadAnsibleServices(root: string): AnsibleServices {
  const folder = path.join(root, 'schemas', 'ansible');
  const core = JSON.parse(readTextBoundedSync(path.join(folder, 'ansible-core.json'), READ_BOUNDS.config)) as AnsibleCoreData;
  const schema = JSON.parse(readTextBoundedSync(path.join(folder, 'playbook.schema.json'), READ_BOUNDS.config)) as SchemaBundle;
  // The playbook schema's validators, precompiled at build time (compiled here they were 165 ms of CPU of the first diagnostics).
  const precompiled = precompiledValidatorModule(root, 'ansible-validators.js', Object.keys(schema['x-archipel-kinds'] ?? {}), null);
  return { engine: new SchemaEngine([schema], precompiled), catalog: new ModuleCatalog(core), keywords: keywordsOf(core), installedFile: readInstalledFile };
}

/**
 * loadAnsibleServices, read on the first use of one of its parts: the feature asks for them only for
 * a file it knows as Ansible's, so a check that meets none (a rule file's) never reads ansible-core's data.
 */
export function lazyAnsibleServices(root: string): AnsibleServices {
  let loaded: AnsibleServices | undefined;
  const services = () => (loaded ??= loadAnsibleServices(root));
  return {
    get engine() {
      return services().engine;
    },
    get catalog() {
      return services().catalog;
    },
    get keywords() {
      return services().keywords;
    },
    get installedFile() {
      return services().installedFile;
    },
  };
}
