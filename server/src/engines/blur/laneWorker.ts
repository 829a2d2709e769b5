/**
 * An inference lane's thread for blur's detectors (bundled as dist/server/blurLane.js; see
 * lanes.ts): its own onnxruntime sessions, loaded on first use, one model call at a time. Loads
 * onnxruntime and the decoders only, no imaging library.
 */
import { workerData } from 'node:worker_threads';
import { serveLane } from '../onnx/lanes';
import { detectorModels } from './lanes';

// serveLane prepares the thread (engines/core/serve.ts): model errors in the language of the process that started it.
serveLane(detectorModels, (workerData as { threads?: number } | undefined)?.threads ?? 1);
