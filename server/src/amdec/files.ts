/** Which files are AMDEC registers (common/ownFiles.ts): the one decision of `archipel check` and model.ts isAmdecFile. */
import { YAML_FILE, type OwnFiles } from '../common/ownFiles';

/** An AMDEC/FMEA register by its name, whatever it holds. */
export const AMDEC_NAME = /\.(amdec|fmea)\.ya?ml$/i;

/** A `*.amdec.yaml`/`*.fmea.yaml`, or a YAML file that may say `kind: amdec|fmea` (model.ts reads its first document's kind). */
export const amdecOwn: OwnFiles = { test: (path, text) => AMDEC_NAME.test(path) || (YAML_FILE.test(path) && /amdec|fmea/i.test(text() ?? 'amdec')) };
