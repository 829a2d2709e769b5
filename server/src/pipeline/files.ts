/** Which files are the pipeline's (common/ownFiles.ts): `dvc.yaml`, `*.pipeline.yaml` (document.ts isPipelineFile). */
import { isPipelineFile, type OwnFiles } from '../common/ownFiles';

export const pipelineOwn: OwnFiles = { test: (path) => isPipelineFile(path) };
