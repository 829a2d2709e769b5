/**
 * The cost family's rules (issue #81): a budget of archipel.yaml exceeded by the system it prices, and a
 * resource class with a cheaper equivalent of the same capacity at the bundled, dated prices. Pure: the
 * priced system, the Terraform resources and the price list are given.
 */
import type { Finding } from '../common/findings';
import { t } from '../l10n/t';
import { defineRule } from '../rules/registry';
import type { TerraformResource } from '../terraform/api';
import { HOURS_PER_MONTH, round, type PriceList } from './model';

export const budgetRule = defineRule({
  id: 'cost-budget-exceeded',
  defaultSeverity: 'warning',
  description: "The monthly cost of the system under an archipel.yaml (its Terraform resources, Kubernetes workloads and Compose hosts at the bundled prices, after the cost section's discount and currency) exceeds its cost.budget.",
  needsIndex: true,
});
export const cheaperRule = defineRule({
  id: 'cost-cheaper-equivalent',
  defaultSeverity: 'information',
  description: 'A resource class has a cheaper equivalent of the same capacity at the bundled prices of its region: an EBS volume of gp2 (gp3: the same size and baseline performance), a previous-generation EC2 instance type (the current generation of the same size).',
});

export const requestsWithoutLimitsRule = defineRule({
  id: 'cost-requests-without-limits',
  defaultSeverity: 'information',
  description: 'A Kubernetes container sets resources.requests but no resources.limits: it may use any free capacity of its node, so the cost of its share is not bounded by the files (the workload is priced by its requests).',
});

/** A container's requests without limits: the finding on its `requests` key (chunk-relative span given). */
export function requestsFinding(container: string, requests: Record<string, unknown>, span: { start: number; end: number }): Finding {
  const asked = Object.entries(requests).filter(([, v]) => typeof v === 'string' || typeof v === 'number').map(([k, v]) => `${k} ${String(v)}`).join(', ');
  return {
    ...span,
    code: requestsWithoutLimitsRule.id,
    message: t('Container {0} requests {1} with no limits: it may use any free capacity of its node, so its cost is not bounded by the files (priced by its requests). Set resources.limits.', container, asked),
  };
}

/**
 * The current generation of a previous one, size for size: as many vCPUs and at least as much memory
 * (AWS's "Previous generation instances" page, https://aws.amazon.com/ec2/previous-generation/, and each
 * family's page for its sizes). A pair is offered only when both are priced in the region and the newer is cheaper.
 */
export const SUCCESSORS: Readonly<Record<string, string>> = {
  t2: 't3', // t3: the same memory, at least as many vCPUs (https://aws.amazon.com/ec2/instance-types/t3/)
  m3: 'm5', // m3.large 2 vCPU 7.5 GiB → m5.large 2 vCPU 8 GiB; m3.medium has no m5 of its size (not in SIZES)
  m4: 'm5',
  c4: 'c5',
  r3: 'r5',
  r4: 'r5',
};
/** The sizes a family and its successor share with the same vCPUs (m3.medium, m4.10xlarge and t2.nano's peers excepted). */
const SIZES: Readonly<Record<string, readonly string[]>> = {
  t2: ['micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'],
  m3: ['large', 'xlarge', '2xlarge'],
  m4: ['large', 'xlarge', '2xlarge', '4xlarge', '16xlarge'],
  c4: ['large', 'xlarge', '2xlarge', '4xlarge'],
  r3: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge'],
  r4: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '16xlarge'],
};

/** The current-generation type of the same capacity as `type`, if it has one. */
export function successorOf(type: string): string | undefined {
  const dot = type.indexOf('.');
  const family = type.slice(0, dot);
  const size = type.slice(dot + 1);
  const next = SUCCESSORS[family];
  return dot > 0 && next && SIZES[family]?.includes(size) ? `${next}.${size}` : undefined;
}

/** `$1,234.50` in USD, `1,234.50 EUR` in another currency. */
export function money(currency: string, n: number, digits = 2): string {
  const text = n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: digits });
  return currency === 'USD' ? `$${text}` : `${text} ${currency}`;
}

/** Where a literal attribute is written in a resource's block: its quoted value after the resource's label, before the next top-level block. */
function valueSpan(text: string, from: number, name: string, value: string, nth = 0): { start: number; end: number } | undefined {
  const next = /\n(?:resource|data|module|variable|output|locals|provider|terraform)\b/g;
  next.lastIndex = from;
  const end = next.exec(text)?.index ?? text.length;
  const body = text.slice(from, end);
  const written = new RegExp(`\\b${name}[ \\t]*=[ \\t]*"`, 'g');
  let seen = 0;
  for (let m = written.exec(body); m; m = written.exec(body)) {
    const start = m.index + m[0].length;
    if (body.startsWith(`${value}"`, start) && seen++ === nth) return { start: from + start, end: from + start + value.length };
  }
  return undefined;
}

/** One finding per written resource (count and for_each instances share their block: the first one speaks). */
function firstInstances(resources: readonly TerraformResource[]): TerraformResource[] {
  const seen = new Set<number>();
  return resources.filter((r) => !seen.has(r.span.start) && !!seen.add(r.span.start));
}

/** The cheaper equivalents of the resources of one file (`text`) at the prices of their region. */
export function cheaperFindings(text: string, resources: readonly TerraformResource[], prices: PriceList): Finding[] {
  const out: Finding[] = [];
  // The date of the prices compared: their source's (outside us-east-1, the price maps' publication), else the list's.
  const dateOf = (source: string) => prices.sources[source]?.date ?? prices.priceDate;
  for (const r of firstInstances(resources)) {
    const region = r.region ? prices.regions[r.region] : undefined;
    if (!region || !r.region) continue;
    const place = (span: { start: number; end: number } | undefined) => span ?? { start: r.span.start, end: r.span.end };
    const type = r.type === 'aws_instance' ? r.attributes.instance_type : undefined;
    const next = type ? successorOf(type) : undefined;
    const old = type ? region.ec2?.[type] : undefined;
    const newer = next ? region.ec2?.[next] : undefined;
    if (type && next && old && newer && newer.hourly < old.hourly) {
      const saved = round((old.hourly - newer.hourly) * HOURS_PER_MONTH);
      out.push({
        ...place(valueSpan(text, r.span.end, 'instance_type', type)),
        code: cheaperRule.id,
        message: t('{0} is a previous generation: {1} has as many vCPUs and as much memory at {2} an hour instead of {3}, {4} a month less ({5}, prices of {6}).', type, next, money(prices.currency, newer.hourly, 4), money(prices.currency, old.hourly, 4), money(prices.currency, saved), r.region, dateOf(newer.source)),
      });
    }
    const gp2 = region.ebs?.gp2;
    const gp3 = region.ebs?.gp3;
    if (!gp2 || !gp3 || gp3.gbMonth >= gp2.gbMonth) continue;
    const volumes: { key: string; size?: number }[] = [];
    if (r.type === 'aws_ebs_volume' && r.attributes.type === 'gp2') volumes.push({ key: 'type', size: Number(r.attributes.size) || undefined });
    if (r.type === 'aws_instance') {
      for (const block of ['root_block_device', 'ebs_block_device']) {
        for (const b of r.blocks[block] ?? []) if (b.attributes.volume_type === 'gp2') volumes.push({ key: 'volume_type', size: Number(b.attributes.volume_size) || (block === 'root_block_device' ? 8 : undefined) });
      }
    }
    volumes.forEach((v, i) => {
      const perGb = round(gp2.gbMonth - gp3.gbMonth);
      const span = place(valueSpan(text, r.span.end, v.key, 'gp2', i));
      const message = v.size
        ? t('gp3 gives the same size and baseline performance as gp2 at {0} per GB-month instead of {1}: {2} a month less on {3} GB ({4}, prices of {5}).', money(prices.currency, gp3.gbMonth, 4), money(prices.currency, gp2.gbMonth, 4), money(prices.currency, round(perGb * v.size)), v.size, r.region ?? '', dateOf(gp2.source))
        : t('gp3 gives the same size and baseline performance as gp2 at {0} per GB-month instead of {1} ({2}, prices of {3}).', money(prices.currency, gp3.gbMonth, 4), money(prices.currency, gp2.gbMonth, 4), r.region ?? '', dateOf(gp2.source));
      out.push({ ...span, code: cheaperRule.id, message });
    });
  }
  return out;
}

/** The budget finding of an archipel.yaml: on its `cost.budget` value when the system's total passes it. */
export function budgetFinding(budget: { value: number; start: number; end: number }, total: number, currency: string): Finding | undefined {
  if (total <= budget.value) return undefined;
  return {
    start: budget.start,
    end: budget.end,
    code: budgetRule.id,
    message: t('The monthly cost of the system, {0}, exceeds the budget of {1} by {2} (cost.budget).', money(currency, total), money(currency, budget.value), money(currency, round(total - budget.value))),
  };
}
