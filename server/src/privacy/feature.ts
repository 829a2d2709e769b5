/**
 * The privacy family's feature (issue #65): Fides manifests checked (taxonomy keys with a
 * did-you-mean fix, references, retention, transfers, committed data), completed and hovered;
 * pipeline files checked for where personal data goes (a served model trained on it, committed
 * data, images read before their blur), Terraform files for where their data stores are (a store of
 * personal data outside the EU/EEA). It reads the pipeline and Terraform families' files, so it says
 * itself which files it takes.
 */
import { replacementFixes } from '../common/fixes';
import type { Feature } from '../features/feature';
import { isPipelineFile } from '../pipeline/api';
import { isTerraformConfig } from '../terraform/api';
import { privacyCompletion, privacyHover } from './editing';
import { fidesManifest, isFidesManifest } from './fides';
import { privacyInventory } from './inventory';
import { manifestFindings } from './manifestChecks';
import { pipelineFindings } from './pipelineChecks';
import { fixableRules, type PrivacyHost } from './rules';
import { terraformFindings } from './terraformChecks';

export function privacyFeature(host: PrivacyHost): Feature {
  return {
    id: 'privacy',
    takes: (file) => !file.skipped && ((file.isYaml && (isPipelineFile(file.uri) || isFidesManifest(file))) || isTerraformConfig(file.uri)),
    findings(file, context) {
      const inventory = privacyInventory(context.index);
      // The Terraform family's feature loads the HCL parser before a Terraform file's checks.
      if (isTerraformConfig(file.uri)) return terraformFindings(file, context.index, inventory).map((finding) => ({ offset: 0, finding }));
      // Data files are read inside the workspace's folders only, whatever a manifest's meta.path says.
      const scan = host.scan;
      const confined: PrivacyHost = scan ? { ...host, scan: (path) => scan(path, context.roots) } : host;
      if (isPipelineFile(file.uri)) {
        const entry = inventory.pipelines.find((p) => p.file.uri === file.uri);
        return entry ? pipelineFindings(entry.pipeline, inventory, confined).map((finding) => ({ offset: 0, finding })) : [];
      }
      const manifest = fidesManifest(file);
      return manifest ? manifestFindings(file, manifest, inventory, confined).map((finding) => ({ offset: 0, finding })) : [];
    },
    completion: (file, offset, context) => privacyCompletion(file, offset, context.index, host.taxonomy()),
    hover: (file, offset) => privacyHover(file, offset, host.taxonomy()),
    codeActions: (file, _range, diagnostics) => (fidesManifest(file) ? replacementFixes(file.uri, diagnostics, fixableRules) : []),
  };
}
