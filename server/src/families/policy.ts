/** Policy as code: Kyverno policies evaluated offline on the workspace's Kubernetes objects, and `archipel policy test` (kyverno test). */
import { policyUsage } from '../cli/policyUsage';
import { frPolicy } from '../policy/fr';
import { loadedOnRun, type Family } from './descriptor';

export const policyFamily: Family = {
  id: 'policy',
  title: 'Policy as code (Kyverno policies and their kyverno tests)',
  french: frPolicy,
  commands: [
    {
      names: ['policy'],
      usage: policyUsage,
      run: loadedOnRun(async () => (await import('../cli/policy.js')).policyCommand),
    },
  ],
};
