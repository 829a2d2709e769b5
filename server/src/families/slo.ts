/** Service levels as code: Sloth's SLO specs turned into the Prometheus rules Sloth generates (`archipel slo generate`). */
import { sloUsage } from '../cli/sloUsage';
import { frSlo } from '../slo/fr';
import { loadedOnRun, type Family } from './descriptor';

export const sloFamily: Family = {
  id: 'slo',
  title: 'Service levels (Sloth SLO specs)',
  french: frSlo,
  commands: [
    {
      names: ['slo'],
      usage: sloUsage,
      run: loadedOnRun(async () => (await import('../cli/slo.js')).sloCommand),
    },
  ],
};
