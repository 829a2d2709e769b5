/** Policy as code: the workspace's Kyverno and admission policies evaluated on its Kubernetes objects (check, editor), and `archipel policy test` (kyverno test). */
import { policyUsage } from '../cli/policyUsage';
import { frPolicy } from '../policy/fr';
import { policyFeature } from '../policy/feature';
import { policyFace } from '../policy/api';
import { policyOwn } from '../policy/files';
import { facesOf, loadedOnRun, yamlDocuments, type Family } from './descriptor';

export const policyFamily: Family = {
  id: 'policy',
  title: 'Policy as code (Kyverno policies and their kyverno tests)',
  ...yamlDocuments,
  own: policyOwn,
  // The run's Helm family's face: the policies are evaluated on what a chart's templates render.
  features: (host) => [policyFeature(facesOf(host.families))],
  // Its violations per component of the system map (the map's request reads them through the run's faces).
  faces: { policy: policyFace },
  french: frPolicy,
  rules: { prefixes: ['policy-', 'policy:'] },
  client: {
    // The team's rules in the walkthrough: a policy broken in the open deployment, then held again (done when fixed).
    walkthrough: [
      {
        id: 'holdTeamRules',
        order: 6.9,
        title: { en: "Hold the team's rules", fr: "Tenir les règles de l'équipe" },
        description: {
          en: "The team's admission policies (Kyverno and a ValidatingAdmissionPolicy) are checked on every manifest as you type. In the deployment, change the image's tag to `latest`: the disallow-latest-tag policy underlines it. Put the version back: the rule holds. `archipel policy test policies` runs their kyverno test.\n[Open the policy](command:archipel.openExampleFile?%5B%22policies%2Fdisallow-latest-tag.yaml%22%5D)\n[Open kubernetes/deployment.yaml](command:archipel.openExampleFile?%5B%22kubernetes%2Fdeployment.yaml%22%5D)",
          fr: "Les politiques d'admission de l'équipe (Kyverno et une ValidatingAdmissionPolicy) sont vérifiées sur chaque manifeste pendant la frappe. Dans le déploiement, remplacez l'étiquette de l'image par `latest` : la politique disallow-latest-tag la souligne. Remettez la version : la règle tient. `archipel policy test policies` exécute leur test kyverno.\n[Ouvrir la politique](command:archipel.openExampleFile?%5B%22policies%2Fdisallow-latest-tag.yaml%22%5D)\n[Ouvrir kubernetes/deployment.yaml](command:archipel.openExampleFile?%5B%22kubernetes%2Fdeployment.yaml%22%5D)",
        },
        media: { markdown: 'media/walkthrough/policy.md' },
        completionEvents: ['onContext:archipel.walkthrough.rulesHeld'],
      },
    ],
  },
  commands: [
    {
      names: ['policy'],
      usage: policyUsage,
      run: loadedOnRun(async () => (await import('../cli/policy.js')).policyCommand),
    },
  ],
};
