// Reading Infracost's golden breakdowns (fixtures/oss/infracost and infracost-goldens), shared by the reference
// suite (cost-infracost.test.ts) and the coverage suite (cost-golden-coverage.test.ts).

export interface GoldenResource {
  monthlyCost: number;
  items: { name: string; cost?: number }[];
}

/** A golden's breakdown: each resource's items (the cost of each, none when it depends on usage) and its total. */
export function golden(text: string): Map<string, GoldenResource> {
  const out = new Map<string, GoldenResource>();
  let current: GoldenResource | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith(' OVERALL TOTAL')) break;
    const header = /^ ([a-z0-9_]+\.[^\s]+)\s*$/.exec(line);
    if (header) {
      current = { monthlyCost: 0, items: [] };
      out.set(header[1], current);
      continue;
    }
    const component = /[├└]─ (.+?)\s{2,}/.exec(line);
    if (!current || !component) continue;
    const cost = /\$([\d,]+\.\d\d)\s*\*?\s*$/.exec(line);
    const dependsOnUsage = line.includes('Monthly cost depends on usage');
    if (!cost && !dependsOnUsage) continue; // a sub-resource's header
    const value = cost && !dependsOnUsage ? Number(cost[1].replace(/,/g, '')) : undefined;
    current.items.push({ name: component[1].trim(), ...(value !== undefined ? { cost: value } : {}) });
    current.monthlyCost += value ?? 0;
  }
  return out;
}
