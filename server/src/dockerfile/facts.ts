/**
 * What other files read of a Dockerfile that is not checked (issue #84): its build's place and base images and the
 * models it copies (the system map, system.ts), the images its FROMs name (the known pins, pins.ts), as plain data
 * made from its parse once per file version, and kept between runs for this text (features/system/keptFacts.ts): a
 * check of one Compose file in a repository of many projects reads every other project's Dockerfiles without
 * parsing them again.
 */
import type { Range } from 'vscode-languageserver-types';
import { keptFact } from '../features/system/keptFacts';
import type { IndexedFile } from '../workspace/index';
import { argValues, baseReference } from './baseImage';
import { argumentsText, dockerfileModel, flagsOf, stageNamed, type DockerfileModel } from './model';

/** Files a Dockerfile copies that are trained models. */
const modelFile = /\.(onnx|pkl|pickle|joblib|pt|pth|h5|keras|safetensors|tflite|pb|gguf|ckpt)$/i;

export interface DockerfileFacts {
  /** The final stage's FROM: where the build's node is said. */
  final: Range;
  /** The images it starts from (the contract's `from`, baseImages below). */
  from: string[];
  /** The model files its COPY and ADD instructions take from its folder, each with the instruction's range. */
  models: { uri: string; range: Range }[];
  /** The images its FROMs name as written, but those naming a stage (the known pins). */
  images: string[];
}

/**
 * The images a build starts from (the contract's `from`): the final stage's, then those of the stages it
 * copies from (`COPY --from=builder`), a stage named in `FROM` followed to its image (its name may come from a
 * build argument: `FROM build-${DISTRO}`), global ARG defaults put in (baseImage.ts). An image whose tag a build
 * argument gives is kept with its tag as written (`docker.elastic.co/elasticsearch/elasticsearch:${ELASTIC_VERSION}`):
 * its repository says what it is. A runtime image (distroless, alpine) says little; the builder's says the language.
 */
function baseImages(model: DockerfileModel): string[] {
  const args = argValues(model.globalArgs);
  const images: string[] = [];
  const seen = new Set<number>();
  const queue = [model.stages.length - 1];
  while (queue.length > 0 && seen.size < 16) {
    const index = queue.shift()!;
    if (seen.has(index)) continue;
    seen.add(index);
    const stage = model.stages[index];
    const base = baseReference(stage.from.getImage() ?? stage.image, args);
    const named = base?.known ? stageNamed(model, base.reference, index) : undefined;
    if (named) queue.unshift(named.index);
    else if (base && base.reference !== 'scratch' && !images.includes(base.reference)) images.push(base.reference);
    for (const instruction of stage.instructions) {
      if (instruction.getKeyword() !== 'COPY') continue;
      const from = flagsOf(instruction).find((flag) => flag.getName().toLowerCase() === 'from')?.getValue() ?? undefined;
      const copied = from ? stageNamed(model, from, index) : undefined;
      if (copied) queue.push(copied.index);
    }
  }
  return images;
}

const plainRange = (range: Range): Range => ({ start: { line: range.start.line, character: range.start.character }, end: { line: range.end.line, character: range.end.character } });

function madeFacts(file: IndexedFile): DockerfileFacts | undefined {
  const model = dockerfileModel(file);
  const final = model?.stages[model.stages.length - 1];
  if (!model || !final) return undefined;
  const folder = file.uri.slice(0, file.uri.lastIndexOf('/'));
  const models: DockerfileFacts['models'] = [];
  for (const stage of model.stages) {
    for (const instruction of stage.instructions) {
      if (instruction.getKeyword() !== 'COPY' && instruction.getKeyword() !== 'ADD') continue;
      const words = argumentsText(instruction).trim().split(/\s+/).filter((w) => !w.startsWith('--'));
      if (argumentsText(instruction).includes('--from')) continue;
      for (const word of words.slice(0, -1)) {
        if (!modelFile.test(word) || /[$*?]|:\/\//.test(word)) continue;
        models.push({ uri: `${folder}/${word.replace(/^\.?\//, '').split('/').map(encodeURIComponent).join('/')}`, range: plainRange(instruction.getRange()) });
      }
    }
  }
  const images: string[] = [];
  for (const stage of model.stages) {
    if (stageNamed(model, stage.image, stage.index)) continue;
    const image = stage.from.getImage();
    if (image) images.push(image);
  }
  return { final: plainRange(final.from.getRange()), from: baseImages(model), models, images };
}

const isPosition = (value: unknown): boolean => typeof value === 'object' && value !== null && Number.isInteger((value as { line?: unknown }).line) && Number.isInteger((value as { character?: unknown }).character);
const isRange = (value: unknown): value is Range => typeof value === 'object' && value !== null && isPosition((value as Range).start) && isPosition((value as Range).end);
const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

/** Whether data read from the cache folder has the facts' shape (the folder is the user's: what it holds is checked). */
function isFacts(data: unknown): data is DockerfileFacts {
  if (typeof data !== 'object' || data === null) return false;
  const facts = data as Partial<DockerfileFacts>;
  return isRange(facts.final) && isStrings(facts.from) && isStrings(facts.images) && Array.isArray(facts.models) && facts.models.every((copy: unknown) => typeof copy === 'object' && copy !== null && typeof (copy as { uri?: unknown }).uri === 'string' && isRange((copy as { range?: unknown }).range));
}

/** The facts of a Dockerfile (undefined: not parsed, past its bound, or no stage), kept between runs for its text. */
export function dockerfileFacts(file: IndexedFile): DockerfileFacts | undefined {
  return keptFact(file, 'dockerfile', isFacts, madeFacts);
}
