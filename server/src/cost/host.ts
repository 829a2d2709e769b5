/** The cost family's data read from the package (schemas/cost/): the merged price lists and the carbon coefficients, once per root. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CarbonData } from './carbon';
import { mergePriceLists, type PriceList } from './model';

const read = <T>(root: string, name: string): T => JSON.parse(readFileSync(path.join(root, 'schemas', 'cost', name), 'utf8')) as T;

/** AWS's, Google Cloud's and Azure's price lists merged, as `archipel cost` reads them. */
export const loadPrices = (root: string): PriceList => mergePriceLists(['aws-prices.json', 'gcp-prices.json', 'azure-prices.json'].map((name) => read<PriceList>(root, name)));
export const loadCarbon = (root: string): CarbonData => read<CarbonData>(root, 'carbon.json');
