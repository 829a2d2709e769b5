/** Which files are the cost family's (common/ownFiles.ts): Terraform configurations (its lenses, hovers and cheaper equivalents) and archipel.yaml (its cost.budget). */
import { ARCHIPEL_CONFIG, type OwnFiles } from '../common/ownFiles';

export const costOwn: OwnFiles = { test: (path) => ARCHIPEL_CONFIG.test(path) || /\.tf$/i.test(path) };
