/**
 * Cluster names across the stack: a workflow getting a cluster's credentials (`gcloud container
 * clusters get-credentials NAME`, `aws eks update-kubeconfig --name NAME`, `az aks get-credentials
 * --name NAME`) or an Argo CD Application deploying to a named cluster (`destination.name`) names a
 * cluster the repository's Terraform creates. Said only when the Terraform names every cluster of
 * that provider: a name held by a variable nobody sets could be any.
 */
import type { Feature, PlacedFinding } from '../features/feature';
import { t } from '../l10n/t';
import type { IndexedFile } from '../workspace/index';
import { pairOf, spanOf } from '../yaml/tree';
import { terraformInventory, type Cluster } from './api';
import { hclReady } from './syntax/parse';
import { terraformRules } from './checks/rules';
import { suggested } from './checks/structureChecks';

const workflowFile = /\/\.(github|gitea|forgejo)\/workflows\/[^/]+\.ya?ml$/i;

/** A cluster named in a command of a workflow, at its offsets in the file. */
export interface ClusterMention {
  provider: Cluster['provider'];
  name: string;
  start: number;
  end: number;
}

const COMMANDS: { provider: Cluster['provider']; command: RegExp; flag?: RegExp }[] = [
  // NAME is the first word after get-credentials that is no flag (flags with a value take the next word).
  { provider: 'google', command: /\bgcloud\s+(?:beta\s+)?container\s+clusters\s+get-credentials\b/g },
  { provider: 'aws', command: /\baws\s+eks\s+update-kubeconfig\b/g, flag: /^--name$/ },
  { provider: 'azurerm', command: /\baz\s+aks\s+get-credentials\b/g, flag: /^(?:--name|-n)$/ },
];
const VALUE_FLAGS = /^--(?:region|zone|location|project|resource-group|subscription|role-arn|alias|kubeconfig|profile)$|^-g$/;

/** The clusters a text's credentials commands name (literal names only: one holding `$` is left alone). */
export function clusterMentions(text: string): ClusterMention[] {
  const found: ClusterMention[] = [];
  for (const { provider, command, flag } of COMMANDS) {
    for (const match of text.matchAll(command)) {
      const lineEnd = text.indexOf('\n', match.index);
      const rest = text.slice(match.index + match[0].length, lineEnd === -1 ? text.length : lineEnd);
      const words = [...rest.matchAll(/[^\s]+/g)];
      const base = match.index + match[0].length;
      for (let i = 0; i < words.length; i++) {
        const word = words[i][0];
        if (/^[;&|#\\]/.test(word)) break;
        // The name's text and where it starts in `rest`.
        let value: string | undefined;
        let at = 0;
        if (flag) {
          const eq = word.indexOf('=');
          if (!flag.test(eq === -1 ? word : word.slice(0, eq))) continue;
          const next = eq === -1 ? words[i + 1] : undefined;
          value = eq === -1 ? next?.[0] : word.slice(eq + 1);
          at = eq === -1 ? (next?.index ?? 0) : words[i].index + eq + 1;
        } else if (word.startsWith('-')) {
          if (VALUE_FLAGS.test(word)) i++;
          continue;
        } else {
          value = word;
          at = words[i].index;
        }
        const quote = /^["']/.test(value ?? '') ? 1 : 0;
        const bare = (value ?? '').replace(/^["']|["']$/g, '');
        if (bare !== '' && !/[$`{}]/.test(bare)) found.push({ provider, name: bare, start: base + at + quote, end: base + at + quote + bare.length });
        break;
      }
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

type Json = Record<string, unknown>;
const record = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);

/** The Argo CD Applications' destination names of a file, at their offsets. */
function destinationNames(file: IndexedFile): { name: string; start: number; end: number }[] {
  const found: { name: string; start: number; end: number }[] = [];
  if (!file.text.includes('argoproj.io')) return found;
  for (const { offset, chunk } of file.yaml?.chunks ?? []) {
    const app = record(chunk.value);
    if (app?.kind !== 'Application' || typeof app.apiVersion !== 'string' || !app.apiVersion.startsWith('argoproj.io/')) continue;
    const name = record(record(app.spec)?.destination)?.name;
    const span = spanOf(pairOf(pairOf(pairOf(chunk.tree, 'spec')?.value, 'destination')?.value, 'name')?.value);
    // in-cluster: Argo CD's own cluster, whatever it is named elsewhere.
    if (typeof name !== 'string' || name === 'in-cluster' || !span) continue;
    found.push({ name, start: offset + span[0], end: offset + span[1] });
  }
  return found;
}

/** The cross-stack feature: workflows' and Applications' cluster names against Terraform's clusters. */
export function terraformStackFeature(prepare: () => Promise<void>): Feature {
  return {
    id: 'terraform-stack',
    takes: (file) => (workflowFile.test(file.uri) && /get-credentials|update-kubeconfig/.test(file.text)) || (file.isYaml && file.text.includes('argoproj.io')),
    prepare: () => prepare(),
    findings(file, context): PlacedFinding[] {
      const mentions: (ClusterMention | { provider?: undefined; name: string; start: number; end: number })[] = workflowFile.test(file.uri) ? clusterMentions(file.text) : destinationNames(file);
      if (mentions.length === 0 || !hclReady()) return [];
      const clusters = terraformInventory(context.index).clusters;
      const placed: PlacedFinding[] = [];
      for (const mention of mentions) {
        const candidates = clusters.filter((c) => mention.provider === undefined || c.provider === mention.provider);
        // No Terraform cluster (of that provider), or one whose name is not known: nothing to compare with.
        if (candidates.length === 0 || candidates.some((c) => !c.name)) continue;
        const names = candidates.map((c) => c.name!);
        if (names.includes(mention.name)) continue;
        const near = suggested(mention.name, names, mention);
        const message = t('Unknown cluster: no cluster the repository\'s Terraform creates is named "{0}" (it creates {1}).{2}', mention.name, names.map((n) => `"${n}"`).join(', '), near.text);
        placed.push({ offset: 0, finding: { start: mention.start, end: mention.end, code: terraformRules.stackCluster.id, message, ...(near.data ? { fix: near.data.fix } : {}) } });
      }
      return placed;
    },
  };
}
