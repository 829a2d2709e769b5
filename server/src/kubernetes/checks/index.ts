import { removedApiRule } from './apis';
import type { KubernetesRule } from './context';
import { hygieneRules } from './hygiene';
import { kustomizeLimitRule, kustomizeNotReadRule, kustomizePathRule } from './kustomize';
import { linkRules } from './links';
import { podRules } from './pods';
import { referenceRules } from './references';
import { selectorRules } from './selectors';

/** Every Kubernetes rule beyond the schema: the list the feature runs. */
export const kubernetesRules: readonly KubernetesRule[] = [removedApiRule, ...selectorRules, ...referenceRules, kustomizePathRule, kustomizeNotReadRule, kustomizeLimitRule, ...hygieneRules, ...podRules, ...linkRules];
