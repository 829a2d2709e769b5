/** Which files are RACI matrices' (common/ownFiles.ts): the one decision of `archipel check` and model.ts isRaciFile. */
import { YAML_FILE, type OwnFiles } from '../common/ownFiles';

/** A RACI matrix by its name, whatever it holds. */
export const RACI_NAME = /\.raci\.ya?ml$/i;

/**
 * A `*.raci.yaml`, or a YAML file that may say `kind: raci` (model.ts reads its first document's kind).
 * (`rac[iİ]` case-insensitive is `toLowerCase().includes('raci')` without a lowered copy of the text: İ lowers to i and a dot.)
 */
export const raciOwn: OwnFiles = { test: (path, text) => RACI_NAME.test(path) || (YAML_FILE.test(path) && /rac[iİ]/i.test(text() ?? 'raci')) };
