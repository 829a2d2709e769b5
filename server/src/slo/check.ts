/**
 * The SLO family's checks of a YAML file (pure: the parsed file in, findings out): each Sloth spec document's errors as
 * the generator finds them (spec.ts readSloSpec), on the key their path names, and the fields its schema
 * (schemas/slo/sloth.schema.json) does not have, with the closest one when it is near.
 */
import type { Finding } from '../common/findings';
import type { PlacedFinding } from '../features/feature';
import type { SchemaBundle } from '../schema/engine';
import type { YamlFile } from '../yaml/model';
import type { SourceNode } from '../yaml/sourceNode';
import { deepestInTree } from '../yaml/tree';
import { sloFacts } from './objectives';
import { isOpenSlo, openSloFindings } from './openslo';
import { sloSpecRule } from './rules';
import { unknownFields } from './schemaWalk';
import { parsePromDuration } from './goFormat';
import { sloWindowRule } from './rules';
import { isOpenSloV1Alpha, readOpenSloV1Alpha } from './opensloInput';
import { isPyrraSlo, PYRRA_API, readPyrraSlo } from './pyrra';
import { readSloSpec, sloSpecKind, type SloSpecError } from './spec';
import { readAlertWindows } from './windows';
import type { SloSystem } from './system';
import { sloSystemFindings } from './systemChecks';

/** A spec's errors (Sloth's, or an OpenSLO v1alpha SLO's as Sloth reads it), each on the key its path names. */
function specFindings(errors: readonly SloSpecError[], tree: SourceNode | null): Finding[] {
  const findings: Finding[] = [];
  for (const error of errors) {
    const found = deepestInTree(tree, error.path);
    const at = found.key ?? found.node;
    if (!at) continue;
    const where = error.path.length > 0 ? `${error.path.join('.')}: ` : '';
    findings.push({ start: at.start, end: at.end, code: sloSpecRule.id, message: `${where}${error.message}` });
  }
  return findings;
}

/** The findings of one Sloth spec document (chunk-relative offsets). */
function slothFindings(sloth: SchemaBundle, value: unknown, tree: SourceNode | null, kind: 'prometheus/v1' | 'sloth.slok.dev/v1'): Finding[] {
  const findings = specFindings(readSloSpec(value).errors, tree);
  const definition = sloth['x-archipel-kinds']?.[kind === 'prometheus/v1' ? 'prometheus/v1' : 'sloth.slok.dev/v1/PrometheusServiceLevel'];
  findings.push(...unknownFields(sloth, definition ? sloth.definitions[definition] : undefined, value, tree));
  return findings;
}

/** Whether a document is Sloth's AlertWindows spec (`sloth generate -w`). */
const isAlertWindows = (value: unknown) => typeof value === 'object' && value !== null && (value as Record<string, unknown>).apiVersion === 'sloth.slok.dev/v1' && (value as Record<string, unknown>).kind === 'AlertWindows';

/** An AlertWindows spec's problems (its durations, budget shares, a period equal to a window), each on the key its path names. */
function windowsFindings(value: unknown, tree: SourceNode | null): Finding[] {
  const findings: Finding[] = [];
  for (const error of readAlertWindows(value, parsePromDuration).errors) {
    const found = deepestInTree(tree, error.path);
    const at = found.key ?? found.node;
    if (at) findings.push({ start: at.start, end: at.end, code: sloWindowRule.id, message: `${error.path.join('.')}: ${error.message}` });
  }
  return findings;
}

/** The schemas the checks read (platform/sharedData.ts loadSloSchemas): Sloth's, OpenSLO v1's and Pyrra's CRD. */
export interface SloSchemas {
  sloth: SchemaBundle;
  openSlo: SchemaBundle;
  pyrra: SchemaBundle;
}

/** A Pyrra ServiceLevelObjective's findings: what its webhook refuses (pyrra.ts), the fields its CRD does not have. */
function pyrraFindings(pyrra: SchemaBundle, value: Record<string, unknown>, tree: SourceNode | null): Finding[] {
  const findings = specFindings(readPyrraSlo(value).errors, tree);
  const definition = pyrra['x-archipel-kinds']?.[`${PYRRA_API}/ServiceLevelObjective`];
  findings.push(...unknownFields(pyrra, definition ? pyrra.definitions[definition] : undefined, value, tree));
  return findings;
}

/**
 * Every SLO finding of a YAML file: its Sloth specs and its OpenSLO v1 objects, each placed at its document, and each SLO
 * held against the system (`system`: asked only when the file holds an SLO; undefined when the workspace deploys nothing).
 */
export function sloFindings(yaml: YamlFile, schemas: SloSchemas, system: () => SloSystem | undefined = () => undefined): PlacedFinding[] {
  const placed: PlacedFinding[] = [];
  for (const { offset, chunk } of yaml.chunks) {
    if (chunk.beyondLimits || !chunk.wellFormed) continue;
    const value = chunk.value;
    const kind = sloSpecKind(value);
    const findings = kind ? slothFindings(schemas.sloth, value, chunk.tree, kind) : isOpenSlo(value) ? openSloFindings(schemas.openSlo, value, chunk.tree) : isOpenSloV1Alpha(value) ? specFindings(readOpenSloV1Alpha(value).errors, chunk.tree) : isPyrraSlo(value) ? pyrraFindings(schemas.pyrra, value, chunk.tree) : isAlertWindows(value) ? windowsFindings(value, chunk.tree) : [];
    // The SLOs of a Sloth spec share its service: what one value gets is said once, not once per SLO.
    const said = new Set<string>();
    for (const slo of sloFacts(value)) {
      for (const finding of sloSystemFindings(slo, chunk, system())) {
        const key = `${finding.start}:${finding.end}:${finding.code}:${finding.message}`;
        if (!said.has(key)) findings.push(finding);
        said.add(key);
      }
    }
    for (const finding of findings) placed.push({ offset, finding });
  }
  return placed;
}
