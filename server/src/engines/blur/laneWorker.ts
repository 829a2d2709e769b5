/**
 * An inference lane's thread for blur's detectors (bundled as dist/server/blurLane.js; see
 * lanes.ts): its own onnxruntime sessions, loaded on first use, one model call at a time. Loads
 * onnxruntime and the decoders only, no imaging library.
 */
import { workerData } from 'node:worker_threads';
import { languageFromEnvironment, setLanguage } from '../../l10n/t';
import { serveLane } from '../onnx/lanes';
import { detectorModels } from './lanes';

// Model errors (a missing file, an unknown layout) in the language of the process that started the lane.
setLanguage(languageFromEnvironment(process.env));

serveLane(detectorModels, (workerData as { threads?: number } | undefined)?.threads ?? 1);
