/**
 * The inference lane's thread of prediction runs (bundled as dist/server/predictLane.js; see
 * lanes.ts): the tabular model's onnxruntime session, one batch at a time.
 */
import { workerData } from 'node:worker_threads';
import { serveLane } from '../onnx/lanes';
import { tabularModels } from './lanes';

serveLane(tabularModels, (workerData as { threads?: number } | undefined)?.threads ?? 1);
