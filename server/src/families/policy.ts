/** Policy as code: the workspace's Kyverno and admission policies evaluated on its Kubernetes objects (check, editor), and `archipel policy test` (kyverno test). */
import { policyUsage } from '../cli/policyUsage';
import { frPolicy } from '../policy/fr';
import { policyFeature } from '../policy/feature';
import { policyOwn } from '../policy/files';
import { loadedOnRun, yamlDocuments, type Family } from './descriptor';

export const policyFamily: Family = {
  id: 'policy',
  title: 'Policy as code (Kyverno policies and their kyverno tests)',
  ...yamlDocuments,
  own: policyOwn,
  features: () => [policyFeature()],
  french: frPolicy,
  rules: { prefixes: ['policy-', 'policy:'] },
  commands: [
    {
      names: ['policy'],
      usage: policyUsage,
      run: loadedOnRun(async () => (await import('../cli/policy.js')).policyCommand),
    },
  ],
};
