/**
 * Which files the threats are said of (common/ownFiles.ts): a Threagile model (threagileFile.ts isThreagileFile), and
 * what makes workspace.ts asksForThreats derive the map's risks (on any file it reads): a Fides manifest, or an AMDEC
 * register tracking a threat (`x-threat`).
 */
import { mayBeFides, YAML_FILE, type OwnFiles } from '../common/ownFiles';

/** `threagile.yaml`, `threagile-<x>.yaml`, `<x>.threagile.yaml`. */
export const THREAGILE_NAME = /(?:^|\/)(?:threagile[^/]*|[^/]*\.threagile)\.ya?ml$/i;

export const threatsOwn: OwnFiles = {
  reads: 'beyond-yaml',
  test: (path, text) => THREAGILE_NAME.test(path) || (YAML_FILE.test(path) && /^threagile_version:|\bx-threat\s*:/m.test(text() ?? 'threagile_version:')) || mayBeFides(path, text),
};
