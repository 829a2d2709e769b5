/**
 * Which files are the cost family's (common/ownFiles.ts): Terraform configurations (its lenses, hints and cheaper
 * equivalents), archipel.yaml (its cost.budget), and YAML manifests that request resources (requests without limits).
 */
import { ARCHIPEL_CONFIG, YAML_FILE, type OwnFiles } from '../common/ownFiles';

export const costOwn: OwnFiles = {
  // Its feature takes a part of its selector: Terraform configurations, archipel.yaml, the YAML that requests resources.
  reads: 'within',
  test: (path, text) => ARCHIPEL_CONFIG.test(path) || /\.tf$/i.test(path) || (YAML_FILE.test(path) && (text() ?? 'requests:').includes('requests')),
};
