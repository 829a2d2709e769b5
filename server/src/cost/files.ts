/**
 * Which files are the cost family's (common/ownFiles.ts): Terraform configurations (its lenses, hints and cheaper
 * equivalents), archipel.yaml (its cost.budget), and YAML manifests that request resources (requests without limits).
 */
import { ARCHIPEL_CONFIG, YAML_FILE, type OwnFiles } from '../common/ownFiles';

/** `requests` as a YAML key: plain or quoted, before its colon or at the end of its line (a complex key's `? requests`). */
const REQUESTS_KEY = /\brequests['"]?[ \t]*(?::|$)/m;

export const costOwn: OwnFiles = {
  // Its feature takes a part of its selector: Terraform configurations, archipel.yaml, the YAML that requests resources.
  reads: 'within',
  // A manifest's `requests` is a mapping key (`requests:`, quoted, or `? requests` ending its line), not a word of a
  // PromQL metric (`http_requests_total`: 28 of awesome-prometheus-alerts' 112 rule files hold one, issue #84).
  test: (path, text) => ARCHIPEL_CONFIG.test(path) || /\.tf$/i.test(path) || (YAML_FILE.test(path) && REQUESTS_KEY.test(text() ?? 'requests:')),
};
