/** Which files are blur's (common/ownFiles.ts): archipel.yaml, whose `blur` section it checks. */
import { ARCHIPEL_CONFIG, type OwnFiles } from '../common/ownFiles';

export const blurOwn: OwnFiles = { test: (path) => ARCHIPEL_CONFIG.test(path) };
