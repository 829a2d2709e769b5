/**
 * A model's external data (tensors whose bytes live in another file, onnx.proto's
 * `data_location: EXTERNAL` with a `location` key) kept inside the model's folder. onnxruntime
 * resolves a location against the model's path — against the working directory when the model is
 * given as bytes, as Archipel gives it — and follows `..` and symbolic links wherever they lead: a
 * model saying `location: ../../../../etc/hostname` ran and answered that file's bytes as its
 * outputs. Here every location in the model (graph, subgraphs, functions, sparse tensors) is
 * resolved against the model's folder and refused when it is absolute, leaves the folder, or a
 * symbolic link takes it out; the files allowed are read by Archipel and handed to onnxruntime
 * in memory (its `externalData` session option), so that onnxruntime reads no file of its own.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import protobuf from 'protobufjs/minimal';
import { t } from '../../l10n/t';
import { fieldsOf, text, toNumber } from './meta';
import { READ_BOUNDS, readFileBounded } from '../../disk/readText';

/** A model whose external data is refused: the message names the location and why. */
export class ExternalDataError extends Error {
  override readonly name = 'ExternalDataError';
}

// onnx.proto numbering.
const MODEL_GRAPH = 7;
const MODEL_FUNCTIONS = 25;
const FUNCTION_NODE = 7;
const GRAPH_NODE = 1;
const GRAPH_INITIALIZER = 5;
const GRAPH_SPARSE_INITIALIZER = 15;
const NODE_ATTRIBUTE = 5;
const ATTRIBUTE_T = 5;
const ATTRIBUTE_G = 6;
const ATTRIBUTE_TENSORS = 10;
const ATTRIBUTE_GRAPHS = 11;
const ATTRIBUTE_SPARSE_TENSOR = 22;
const ATTRIBUTE_SPARSE_TENSORS = 23;
const SPARSE_VALUES = 1;
const SPARSE_INDICES = 2;
const TENSOR_EXTERNAL_DATA = 13;
const TENSOR_DATA_LOCATION = 14;
const ENTRY_KEY = 1;
const ENTRY_VALUE = 2;
const EXTERNAL = 1;

/** Nesting followed at most (a graph in an attribute in a node in a graph …): bounds a crafted file's recursion. */
const MAX_DEPTH = 64;

/** Every external-data location the model's tensors name, once each, in the order met. */
export function externalLocations(model: Uint8Array): string[] {
  const found = new Set<string>();
  const tensor = (bytes: Uint8Array) => {
    let external = false;
    let location: string | undefined;
    for (const f of fieldsOf(bytes)) {
      if (f.id === TENSOR_DATA_LOCATION && f.wire === 0) external = toNumber(protobuf.Reader.create(bytes.subarray(f.start, f.end)).skip(1).int64()) === EXTERNAL;
      else if (f.id === TENSOR_EXTERNAL_DATA && f.payload) {
        const entry = fieldsOf(f.payload);
        const key = entry.find((e) => e.id === ENTRY_KEY && e.payload);
        const value = entry.find((e) => e.id === ENTRY_VALUE && e.payload);
        if (key?.payload && text(key.payload) === 'location') location = value?.payload ? text(value.payload) : '';
      }
    }
    // A location without EXTERNAL is ignored by onnxruntime; it is checked all the same.
    if (location !== undefined || external) found.add(location ?? '');
  };
  const sparse = (bytes: Uint8Array) => {
    for (const f of fieldsOf(bytes)) if ((f.id === SPARSE_VALUES || f.id === SPARSE_INDICES) && f.payload) tensor(f.payload);
  };
  const node = (bytes: Uint8Array, depth: number) => {
    for (const f of fieldsOf(bytes)) if (f.id === NODE_ATTRIBUTE && f.payload) attribute(f.payload, depth);
  };
  const attribute = (bytes: Uint8Array, depth: number) => {
    for (const f of fieldsOf(bytes)) {
      if (!f.payload) continue;
      if (f.id === ATTRIBUTE_T || f.id === ATTRIBUTE_TENSORS) tensor(f.payload);
      else if (f.id === ATTRIBUTE_SPARSE_TENSOR || f.id === ATTRIBUTE_SPARSE_TENSORS) sparse(f.payload);
      else if (f.id === ATTRIBUTE_G || f.id === ATTRIBUTE_GRAPHS) graph(f.payload, depth + 1);
    }
  };
  const graph = (bytes: Uint8Array, depth: number) => {
    if (depth > MAX_DEPTH) throw new ExternalDataError(t('graphs nested more than {0} deep', MAX_DEPTH));
    for (const f of fieldsOf(bytes)) {
      if (!f.payload) continue;
      if (f.id === GRAPH_INITIALIZER) tensor(f.payload);
      else if (f.id === GRAPH_SPARSE_INITIALIZER) sparse(f.payload);
      else if (f.id === GRAPH_NODE) node(f.payload, depth);
    }
  };
  for (const f of fieldsOf(model)) {
    if (!f.payload) continue;
    if (f.id === MODEL_GRAPH) graph(f.payload, 0);
    else if (f.id === MODEL_FUNCTIONS) for (const g of fieldsOf(f.payload)) if (g.id === FUNCTION_NODE && g.payload) node(g.payload, 1);
  }
  return [...found];
}

function inside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** What onnxruntime's `externalData` session option takes: each location and its bytes. */
export interface ExternalFile { path: string; data: Uint8Array }

/**
 * The external-data files of `model` (the bytes of the file at `modelFile`), each checked to stay
 * inside the model's folder and read. Throws an ExternalDataError naming the location otherwise.
 */
export async function externalDataOf(modelFile: string, model: Uint8Array): Promise<ExternalFile[]> {
  const locations = externalLocations(model);
  if (locations.length === 0) return [];
  const folder = path.dirname(path.resolve(modelFile));
  const realFolder = await fs.realpath(folder);
  const files: ExternalFile[] = [];
  for (const location of locations) {
    const refuse = (why: string) => new ExternalDataError(t('external data location {0}: {1}; a model reads only files inside its own folder {2}', JSON.stringify(location), why, folder));
    if (location === '' || location.includes('\0')) throw refuse(t('not a file name'));
    if (path.isAbsolute(location) || path.win32.isAbsolute(location)) throw refuse(t('an absolute path'));
    const resolved = path.resolve(folder, location);
    if (!inside(folder, resolved)) throw refuse(t('it leads out of the folder'));
    let real: string;
    try {
      real = await fs.realpath(resolved);
    } catch (error) {
      throw refuse(t('cannot read it: {0}', (error as NodeJS.ErrnoException).code ?? (error as Error).message));
    }
    if (!inside(realFolder, real)) throw refuse(t('a symbolic link leads out of the folder (to {0})', real));
    files.push({ path: location, data: await readFileBounded(real, READ_BOUNDS.model) });
  }
  return files;
}
