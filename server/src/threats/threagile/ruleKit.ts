/**
 * What Threagile's risk rules share (issue #65, #78): a rule's shape, the risk it returns and the
 * sensitivity tests several rules make. rules.ts lists the rules; each rule added for #78 is a file
 * of its own beside it (missingWaf.ts, …) on this kit.
 */
import { CONFIDENTIALITY, CRITICALITY, rank, severityOf, type Impact, type Likelihood, type ModelIndex, type Stride, type TechnicalAsset, type ThreagileRisk } from './model';

export interface RiskCategory {
  id: string;
  title: string;
  stride: Stride;
  cwe: number;
  /** What to do about it, in our words from the facts of Threagile's rule text (report.ts has the first ten's). */
  mitigation?: string;
  generate: (index: ModelIndex, options?: RuleOptions) => ThreagileRisk[];
}

export interface RuleOptions {
  /**
   * A model derived from the deploy files: missing-network-segmentation follows Threagile's
   * documentation (assets that do not tolerate a shared segment) rather than its code (those that do),
   * and the rules whose facts the deploy files cannot give stay silent (docs/threats.md says which).
   */
  derived?: boolean;
}

export function risk(category: string, likelihood: Likelihood, impact: Impact, fields: Omit<ThreagileRisk, 'category' | 'severity' | 'likelihood' | 'impact'>): ThreagileRisk {
  return { category, severity: severityOf(likelihood, impact), likelihood, impact, ...fields };
}

/** Processed C ≥ confidential, or I or A ≥ critical. */
export function processesSensitive(index: ModelIndex, asset: TechnicalAsset): boolean {
  return rank.confidentiality(index.processedConfidentiality(asset)) >= rank.confidentiality('confidential') || rank.criticality(index.processedIntegrity(asset)) >= rank.criticality('critical') || rank.criticality(index.processedAvailability(asset)) >= rank.criticality('critical');
}

/** Processed C strictly confidential, or I or A mission-critical. */
export function processesVerySensitive(index: ModelIndex, asset: TechnicalAsset): boolean {
  return index.processedConfidentiality(asset) === 'strictly-confidential' || index.processedIntegrity(asset) === 'mission-critical' || index.processedAvailability(asset) === 'mission-critical';
}

/** The asset's own C ≥ confidential, or I or A ≥ critical. */
export function ownRatingsSensitive(asset: TechnicalAsset): boolean {
  return rank.confidentiality(asset.confidentiality) >= rank.confidentiality('confidential') || rank.criticality(asset.integrity) >= rank.criticality('critical') || rank.criticality(asset.availability) >= rank.criticality('critical');
}

/** Threagile's sensitivity score of an asset's own ratings (HighestSensitivityScore: the example asset of a model-wide risk). */
export function sensitivityScore(asset: TechnicalAsset): number {
  const c = [8, 13, 21, 34, 55][CONFIDENTIALITY.indexOf(asset.confidentiality)];
  const weight = (v: TechnicalAsset['integrity']) => [5, 8, 13, 21, 34][CRITICALITY.indexOf(v)];
  return c + weight(asset.integrity) + weight(asset.availability);
}

/** Threagile's isSameExecutionEnvironment: both in no boundary, or both in the same `execution-environment` one. */
export function sameExecutionEnvironment(index: ModelIndex, a: TechnicalAsset, b: TechnicalAsset): boolean {
  const left = index.boundaryOf.get(a.id);
  const right = index.boundaryOf.get(b.id);
  if ((left === undefined) !== (right === undefined)) return false;
  if (!left || !right) return true;
  return left.type === 'execution-environment' && right.type === 'execution-environment' && left.id === right.id;
}

export const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
/** Threagile's link order by title (CommunicationLinksSorted). */
export const byTitle = <T extends { title: string }>(a: T, b: T): number => (a.title < b.title ? -1 : a.title > b.title ? 1 : 0);
