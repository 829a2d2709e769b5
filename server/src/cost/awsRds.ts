/**
 * RDS's commercial engines (#93): SQL Server and Oracle, whose hour depends on the licence model. As Infracost reads
 * them: SQL Server, Oracle SE1, SE2 (and its CDB) include their licence unless `license_model` is
 * `bring-your-own-license`; Oracle SE and EE (and EE's CDB) are sold with your own licence only. Pure.
 */
import type { RegionPrices } from './model';

const LICENCE_INCLUDED = /^(sqlserver-(ee|se|web|ex)|oracle-se1|oracle-se2|oracle-se2-cdb)$/;

/** The engine is SQL Server's or Oracle's. */
export const isCommercialEngine = (engine: string): boolean => /^(sqlserver-|oracle-)/.test(engine);

/**
 * A commercial engine's hours by instance class for its licence model, with their source; undefined when the price
 * list has none for the engine (in this region).
 */
export function commercialClasses(prices: RegionPrices, engine: string, licenseModel: string | undefined): { classes: Record<string, { hourly: number }>; source: string } | undefined {
  const list = prices.rdsCommercial;
  const licence = licenseModel === 'bring-your-own-license' || !LICENCE_INCLUDED.test(engine) ? 'bring-your-own-license' : 'license-included';
  const hours = list?.instances[engine]?.[licence];
  if (!list || !hours) return undefined;
  return { classes: Object.fromEntries(Object.entries(hours).map(([cls, hourly]) => [cls, { hourly }])), source: list.source };
}
