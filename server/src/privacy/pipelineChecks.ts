/**
 * The privacy checks of a pipeline file (issue #65), each on the dep or out line that causes it:
 * personal or payment data training a model an endpoint serves, a committed data file holding
 * real-looking personal data, and images of people read before the stage that blurs them.
 */
import path from 'node:path';
import type { Finding } from '../common/findings';
import { t } from '../l10n/t';
import type { Pipeline, Stage } from '../pipeline/api';
import { inTestFolder } from './manifestChecks';
import { CategoryResolver, pathOf, stagePath, within, type PrivacyInventory, type ServedModel } from './inventory';
import { scannedCategories } from './scan';
import { committedPersonalDataRule, imagesWithoutBlurRule, servedModelRule, type PrivacyHost } from './rules';
import { isPaymentCategory, isPersonalCategory } from './taxonomy';

const list = (keys: readonly string[]) => keys.slice(0, 4).join(', ') + (keys.length > 4 ? ', …' : '');
const workspaceLabel = (pipeline: Pipeline, absolute: string) => path.relative(pipeline.root, absolute).split(path.sep).join('/');

/** A stage that anonymises images: it runs `archipel blur` (the blur family's CLI). */
export const anonymises = (stage: Stage): boolean => stage.cmd.some((c) => /\barchipel(?:\.cmd)?\s+blur\b/.test(c));

function servedFindings(pipeline: Pipeline, inventory: PrivacyInventory, resolver: CategoryResolver, host: PrivacyHost): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const served of inventory.served) {
    const isPublic = host.publicEndpoint?.(served);
    if (isPublic === false) continue;
    for (const { pipeline: producer, stage } of resolver.producersOf(served.model)) {
      if (producer !== pipeline) continue;
      for (const dep of CategoryResolver.dataDeps(stage)) {
        const input = stagePath(pipeline, dep.resolved);
        const keys = resolver.of(input).categories.filter((k) => isPersonalCategory(k) || isPaymentCategory(k));
        const key = `${dep.span.start}:${served.model}`;
        if (keys.length === 0 || seen.has(key)) continue;
        seen.add(key);
        findings.push({
          start: dep.span.start,
          end: dep.span.end,
          code: servedModelRule.id,
          message: t('Stage {0} trains {1} on personal data ({2}) read from {3}, and {4} serves the model{5}: a served model can disclose what it was trained on; train on pseudonymised or aggregated data, or record why it is needed (DPIA).', stage.name, workspaceLabel(pipeline, served.model), list(keys), dep.path, servedLabel(pipeline, served), isPublic === true ? t(' to the Internet') : ''),
        });
      }
    }
  }
  return findings;
}

const servedLabel = (pipeline: Pipeline, served: ServedModel) => workspaceLabel(pipeline, pathOf(served.file.uri));

function committedFindings(pipeline: Pipeline, inventory: PrivacyInventory, host: PrivacyHost): Finding[] {
  if (!host.committed || !host.scan) return [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const stage of pipeline.stages) {
    const places = [...CategoryResolver.dataDeps(stage), ...stage.outs.filter((o) => o.kind === 'outs' && !o.url && !o.cache)];
    for (const place of places) {
      const file = stagePath(pipeline, place.resolved);
      if (seen.has(file) || inTestFolder(place.resolved) || host.committed(file) !== true) continue;
      seen.add(file);
      const described = inventory.datasetsByPath.get(file) ?? [];
      if (described.some((d) => d.item.synthetic)) continue;
      const keys = scannedCategories(host.scan(file)).filter(isPersonalCategory);
      if (keys.length === 0) continue;
      findings.push({ start: place.span.start, end: place.span.end, code: committedPersonalDataRule.id, message: t('{0} is committed to the repository and its sample holds personal data ({1}): keep it out of the repository (.gitignore, DVC), or mark it synthetic in its Fides dataset (`tags: [synthetic]`) if it is made up.', place.path, list(keys)) });
    }
  }
  return findings;
}

function blurFindings(pipeline: Pipeline, inventory: PrivacyInventory): Finding[] {
  // The images each anonymising stage of the workspace reads (its data deps: folders or files of images).
  const raw: { input: string; stage: Stage; outputs: string[] }[] = [];
  for (const { pipeline: other } of inventory.pipelines) {
    for (const stage of other.stages.filter(anonymises)) {
      const outputs = stage.outs.map((o) => o.path);
      for (const dep of CategoryResolver.dataDeps(stage)) raw.push({ input: stagePath(other, dep.resolved), stage, outputs });
    }
  }
  if (raw.length === 0) return [];
  const findings: Finding[] = [];
  for (const stage of pipeline.stages) {
    if (anonymises(stage)) continue;
    for (const dep of CategoryResolver.dataDeps(stage)) {
      const input = stagePath(pipeline, dep.resolved);
      const before = raw.find((r) => within(input, r.input) || within(r.input, input));
      if (!before) continue;
      findings.push({
        start: dep.span.start,
        end: dep.span.end,
        code: imagesWithoutBlurRule.id,
        message: t('Stage {0} reads {1}, the images stage {2} anonymises (archipel blur) before they are used: read its output{3} instead.', stage.name, dep.path, before.stage.name, before.outputs.length > 0 ? ` (${before.outputs.join(', ')})` : ''),
      });
    }
  }
  return findings;
}

/** Every privacy finding of one pipeline file (offsets in the file). */
export function pipelineFindings(pipeline: Pipeline, inventory: PrivacyInventory, host: PrivacyHost): Finding[] {
  const resolver = new CategoryResolver(inventory, host.scan);
  return [...servedFindings(pipeline, inventory, resolver, host), ...committedFindings(pipeline, inventory, host), ...blurFindings(pipeline, inventory)];
}
