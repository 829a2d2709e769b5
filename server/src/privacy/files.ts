/** Which files are privacy's (common/ownFiles.ts): its selector is every YAML file, its feature takes pipelines and Fides manifests among them. */
import { isPipelineFile, mayBeFides, type OwnFiles } from '../common/ownFiles';

export const privacyOwn: OwnFiles = { reads: 'within', test: (path, text) => isPipelineFile(path) || mayBeFides(path, text) };
