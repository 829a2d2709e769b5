/** The kernel's family: YAML well-formedness and limits, file encoding, and the rules every file shares. */
import { yamlDocuments, type Family } from './descriptor';
import { frYaml } from '../yaml/fr';
import { yamlFeature } from '../yaml/feature';

export const yamlFamily: Family = {
  id: 'yaml',
  title: 'YAML files and the rules every file shares',
  ...yamlDocuments,
  features: () => [yamlFeature],
  french: frYaml,
  rules: { prefixes: ['yaml-'], ids: ['markdown-limit', 'file-encoding', 'file-too-large', 'archipel-limit', 'file-unreadable', 'internal-error', 'path-outside-workspace', 'side-file-limit', 'too-many-problems'] },
};
