/**
 * Threagile's missing-build-infrastructure (issue #78): custom-developed parts in scope and not the
 * three parts that build them (a build pipeline, a source repository, a devops client) in the model.
 */
import { hasAttribute, type Impact, type TechnicalAsset } from './model';
import { ownRatingsSensitive, processesSensitive, risk, sensitivityScore, type RiskCategory } from './ruleKit';

export const missingBuildInfrastructure: RiskCategory = {
  id: 'missing-build-infrastructure',
  title: 'Missing Build Infrastructure',
  stride: 'tampering',
  cwe: 1127,
  mitigation: 'Model where the custom code is written and built — the source repository, the build pipeline, the developers\' clients — so that their risks are seen too.',
  generate(index, options) {
    // Derived, the repository and its workflows are seen only when they do something risky (a secret written, a push deployment): their absence is the model's, not the system's.
    if (options?.derived === true) return [];
    let pipeline = false;
    let repository = false;
    let client = false;
    let example: TechnicalAsset | undefined;
    let impact: Impact = 'low';
    for (const asset of index.sortedAssets()) {
      pipeline ||= hasAttribute(asset, 'build-pipeline');
      repository ||= hasAttribute(asset, 'sourcecode-repository');
      client ||= hasAttribute(asset, 'devops-client');
      if (!asset.customDevelopedParts || asset.outOfScope) continue;
      if (impact === 'low') {
        example = asset;
        if (processesSensitive(index, asset)) impact = 'medium';
      }
      if (ownRatingsSensitive(asset)) impact = 'medium';
      if (sensitivityScore(asset) > sensitivityScore(example!)) example = asset;
    }
    if (!example || (pipeline && repository && client)) return [];
    return [risk(this.id, 'unlikely', impact, {
      syntheticId: `${this.id}@${example.id}`, title: `Missing Build Infrastructure in the threat model (referencing asset ${example.title} as an example)`, asset: example.id, breachProbability: 'improbable', breachAssets: [],
    })];
  },
};
