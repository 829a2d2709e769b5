/**
 * What a tabular model's graph declares (its inputs, outputs and operators) and the one rewrite
 * predictions need: skl2onnx's ZipMap removed. Read at protobuf field level like meta.ts, so only
 * the graph's node headers and value infos are decoded, never the weights.
 */
import protobuf from 'protobufjs/minimal';
import { fieldsOf, stringField, toNumber, type Field } from './meta';

/** A graph input or output: a tensor (with its element type and shape), or another kind of value. */
export interface GraphValue {
  name: string;
  /** `tensor`, or `sequence` / `map` / `other` (values onnxruntime-node cannot return). */
  kind: 'tensor' | 'sequence' | 'map' | 'other';
  /** onnx.proto TensorProto.DataType: 1 float, 7 int64, 8 string, 11 double. */
  elemType?: number;
  /** Declared dimensions, -1 for a symbolic or unknown one. */
  shape?: number[];
}

export interface GraphNode {
  opType: string;
  inputs: string[];
  outputs: string[];
  /** A classifier's or ZipMap's class names (its `classlabels_strings`, or `classlabels_int64s` as text). */
  classLabels?: string[];
}

export interface GraphInfo {
  /** Inputs that are not initializers (the values a caller feeds). */
  inputs: GraphValue[];
  outputs: GraphValue[];
  nodes: GraphNode[];
}

// onnx.proto numbering.
const MODEL_GRAPH = 7;
const GRAPH_NODE = 1;
const GRAPH_INITIALIZER = 5;
const GRAPH_INPUT = 11;
const GRAPH_OUTPUT = 12;
const NODE_INPUT = 1;
const NODE_OUTPUT = 2;
const NODE_OP_TYPE = 4;
const NODE_ATTRIBUTE = 5;
const ATTRIBUTE_NAME = 1;
const ATTRIBUTE_INTS = 8;
const ATTRIBUTE_STRINGS = 9;
const VALUE_NAME = 1;
const VALUE_TYPE = 2;
const TYPE_TENSOR = 1;
const TYPE_SEQUENCE = 4;
const TYPE_MAP = 5;
const TENSOR_ELEM_TYPE = 1;
const TENSOR_SHAPE = 2;
const SHAPE_DIM = 1;
const DIM_VALUE = 1;
const TENSOR_NAME = 8;
export const FLOAT = 1;
export const DOUBLE = 11;

function varint(message: Uint8Array, id: number): number | undefined {
  const f = fieldsOf(message).find((x) => x.id === id && x.wire === 0);
  return f ? toNumber(protobuf.Reader.create(message.subarray(f.start, f.end)).skip(1).int64()) : undefined;
}

function strings(message: Uint8Array, id: number): string[] {
  return fieldsOf(message).filter((f) => f.id === id && f.payload).map((f) => Buffer.from(f.payload!).toString('utf8'));
}

function payload(message: Uint8Array, id: number): Uint8Array | undefined {
  return fieldsOf(message).find((f) => f.id === id && f.payload)?.payload;
}

function valueOf(info: Uint8Array): GraphValue {
  const name = stringField(info, VALUE_NAME) ?? '';
  const type = payload(info, VALUE_TYPE);
  if (!type) return { name, kind: 'other' };
  const tensor = payload(type, TYPE_TENSOR);
  if (tensor) {
    const shapeBytes = payload(tensor, TENSOR_SHAPE);
    const shape = shapeBytes ? fieldsOf(shapeBytes).filter((f) => f.id === SHAPE_DIM && f.payload).map((f) => varint(f.payload!, DIM_VALUE) ?? -1) : undefined;
    return { name, kind: 'tensor', elemType: varint(tensor, TENSOR_ELEM_TYPE), shape };
  }
  if (payload(type, TYPE_SEQUENCE)) return { name, kind: 'sequence' };
  if (payload(type, TYPE_MAP)) return { name, kind: 'map' };
  return { name, kind: 'other' };
}

function graphOf(model: Uint8Array): { fields: Field[]; graphField: Field; graph: Field[] } {
  const fields = fieldsOf(model);
  const graphField = fields.find((f) => f.id === MODEL_GRAPH && f.payload);
  if (!graphField?.payload) throw new Error('not an ONNX model (no graph)');
  return { fields, graphField, graph: fieldsOf(graphField.payload) };
}

/** Repeated int64s of a message field, packed (wire 2) or not (wire 0), as decimal text. */
function int64s(message: Uint8Array, id: number): string[] {
  const found: string[] = [];
  for (const f of fieldsOf(message)) {
    if (f.id !== id) continue;
    const reader = f.payload ? protobuf.Reader.create(f.payload) : protobuf.Reader.create(message.subarray(f.start, f.end)).skip(1);
    if (f.payload) while (reader.pos < reader.len) found.push(String(toNumber(reader.int64())));
    else found.push(String(toNumber(reader.int64())));
  }
  return found;
}

/** The class names a node declares (ai.onnx.ml classifiers and ZipMap), undefined when it has none. */
function classLabelsOf(node: Uint8Array): string[] | undefined {
  for (const f of fieldsOf(node)) {
    if (f.id !== NODE_ATTRIBUTE || !f.payload) continue;
    const name = stringField(f.payload, ATTRIBUTE_NAME);
    if (name === 'classlabels_strings') return strings(f.payload, ATTRIBUTE_STRINGS);
    if (name === 'classlabels_int64s') return int64s(f.payload, ATTRIBUTE_INTS);
  }
  return undefined;
}

/** The graph's inputs (without initializers), outputs and nodes. */
export function readGraph(model: Uint8Array): GraphInfo {
  const { graph } = graphOf(model);
  const weights = new Set(graph.filter((f) => f.id === GRAPH_INITIALIZER && f.payload).map((f) => stringField(f.payload!, TENSOR_NAME)));
  const values = (id: number) => graph.filter((f) => f.id === id && f.payload).map((f) => valueOf(f.payload!));
  return {
    inputs: values(GRAPH_INPUT).filter((v) => !weights.has(v.name)),
    outputs: values(GRAPH_OUTPUT),
    nodes: graph.filter((f) => f.id === GRAPH_NODE && f.payload).map((f) => {
      const classLabels = classLabelsOf(f.payload!);
      return { opType: stringField(f.payload!, NODE_OP_TYPE) ?? '', inputs: strings(f.payload!, NODE_INPUT), outputs: strings(f.payload!, NODE_OUTPUT), ...(classLabels ? { classLabels } : {}) };
    }),
  };
}

/** A float tensor ValueInfoProto named `name` (shape left to onnxruntime's inference). */
function floatTensorInfo(name: string): Uint8Array {
  const tensor = protobuf.Writer.create().uint32((TENSOR_ELEM_TYPE << 3) | 0).int32(FLOAT).finish();
  const type = protobuf.Writer.create().uint32((TYPE_TENSOR << 3) | 2).bytes(tensor).finish();
  return protobuf.Writer.create().uint32((VALUE_NAME << 3) | 2).string(name).uint32((VALUE_TYPE << 3) | 2).bytes(type).finish();
}

/**
 * The model without its ZipMap nodes: each ZipMap's input (the probabilities tensor) becomes a graph
 * output in place of the ZipMap's sequence-of-maps output, which onnxruntime-node cannot return
 * ("Non tensor type is temporarily not supported"). Other fields are copied as they are.
 */
export function withoutZipMap(model: Uint8Array): Uint8Array {
  const { fields, graphField, graph } = graphOf(model);
  const replaced = new Map<string, string>();
  const isZipMap = (f: Field) => f.id === GRAPH_NODE && f.payload !== undefined && stringField(f.payload, NODE_OP_TYPE) === 'ZipMap';
  for (const f of graph) {
    if (!isZipMap(f)) continue;
    const [input] = strings(f.payload!, NODE_INPUT);
    const [output] = strings(f.payload!, NODE_OUTPUT);
    if (input && output) replaced.set(output, input);
  }
  if (replaced.size === 0) return model;
  const parts: Uint8Array[] = [];
  for (const f of graph) {
    if (isZipMap(f)) continue;
    const outputName = f.id === GRAPH_OUTPUT && f.payload ? stringField(f.payload, VALUE_NAME) : undefined;
    const probabilities = outputName !== undefined ? replaced.get(outputName) : undefined;
    if (probabilities !== undefined) {
      parts.push(protobuf.Writer.create().uint32((GRAPH_OUTPUT << 3) | 2).bytes(floatTensorInfo(probabilities)).finish());
    } else {
      parts.push(graphField.payload!.subarray(f.start, f.end));
    }
  }
  const length = parts.reduce((sum, p) => sum + p.length, 0);
  const head = protobuf.Writer.create().uint32((MODEL_GRAPH << 3) | 2).uint32(length).finish();
  return Buffer.concat(fields.flatMap((f) => (f === graphField ? [head, ...parts] : [model.subarray(f.start, f.end)])));
}
