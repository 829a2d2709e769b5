import protobuf from 'protobufjs/minimal';

export interface OnnxHeader {
  irVersion: number;
  producer: string;
  /** `metadata_props`: Ultralytics writes names, imgsz, stride, task, … there. */
  metadata: Record<string, string>;
}

/**
 * Reads an ONNX file's header (ModelProto fields 1, 2, 3, 7 and 14 of onnx.proto); throws when the
 * bytes are not an ONNX model. The graph is only located, never decoded, so reading a 200 MB
 * model's header costs the same as a 200 kB one.
 */
export function readOnnxHeader(bytes: Uint8Array): OnnxHeader {
  let fields: Field[];
  try {
    fields = fieldsOf(bytes);
  } catch (error) {
    throw new Error(`not an ONNX model (the file is not an ONNX protobuf: ${error instanceof Error ? error.message : String(error)})`);
  }
  let irVersion = 0;
  let graph = false;
  const producer: string[] = [];
  const metadata: Record<string, string> = {};
  for (const f of fields) {
    if (f.id === MODEL_IR_VERSION && f.wire === 0) irVersion = toNumber(protobuf.Reader.create(bytes.subarray(f.start, f.end)).skip(1).int64());
    else if (f.id === MODEL_GRAPH && f.payload) graph = f.payload.length > 0;
    else if ((f.id === MODEL_PRODUCER_NAME || f.id === MODEL_PRODUCER_VERSION) && f.payload) producer.push(text(f.payload));
    else if (f.id === MODEL_METADATA && f.payload) {
      const key = stringField(f.payload, 1);
      if (key) metadata[key] = stringField(f.payload, 2) ?? '';
    }
  }
  if (!graph || !(irVersion >= 1 && irVersion <= 64)) throw new Error('not an ONNX model (no graph or no IR version in the file)');
  return { irVersion, producer: producer.filter(Boolean).join(' '), metadata };
}

/** One field of a protobuf message: where its bytes are, and for a length-delimited one, its payload. */
export interface Field {
  id: number;
  wire: number;
  start: number;
  end: number;
  /** Payload of a length-delimited field (wire type 2). */
  payload?: Uint8Array;
}

/** The top-level fields of a protobuf message, in order, without decoding their payloads. */
export function fieldsOf(bytes: Uint8Array): Field[] {
  const reader = protobuf.Reader.create(bytes);
  const fields: Field[] = [];
  while (reader.pos < reader.len) {
    const start = reader.pos;
    const tag = reader.uint32();
    const wire = tag & 7;
    let payload: Uint8Array | undefined;
    if (wire === 2) {
      const length = reader.uint32();
      payload = bytes.subarray(reader.pos, reader.pos + length);
      reader.skip(length);
    } else {
      reader.skipType(wire);
    }
    fields.push({ id: tag >>> 3, wire, start, end: reader.pos, payload });
  }
  return fields;
}

/** A string field of a message (the first with that id), without decoding the rest. */
export function stringField(message: Uint8Array, id: number): string | undefined {
  const field = fieldsOf(message).find((f) => f.id === id && f.payload);
  return field?.payload ? text(field.payload) : undefined;
}

export function text(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

// onnx.proto numbering.
const MODEL_IR_VERSION = 1;
const MODEL_PRODUCER_NAME = 2;
const MODEL_PRODUCER_VERSION = 3;
const MODEL_GRAPH = 7;
const MODEL_METADATA = 14;
const GRAPH_INITIALIZER = 5;
const GRAPH_INPUT = 11;
const TENSOR_NAME = 8;
const VALUE_INFO_NAME = 1;

/**
 * The model without the graph inputs that are also initializers (weights), when it has any.
 * Older exporters (PyTorch 1.2, which wrote UltraFace's public export, for one) listed every
 * weight as an input too. From IR 4 on, onnxruntime takes such weights for overridable inputs,
 * not constants, and skips the optimisations that need constants (folding batch normalisation
 * into the convolution before it, …): UltraFace lists its 244 weights so and ran twice as slow.
 * Only the image is ever fed, so the weights stay what the file says; the outputs are the same up
 * to float rounding. Models of IR < 4 are left alone (there, initializers must be listed as
 * inputs). The bytes are rewritten in memory, field by field; the file is not touched.
 * `irVersion`: the header's, when the caller has read it already.
 */
export function withoutInitializerInputs(bytes: Uint8Array, irVersion: number = readOnnxHeader(bytes).irVersion): Uint8Array {
  if (irVersion < 4) return bytes;
  const fields = fieldsOf(bytes);
  const graphField = fields.find((f) => f.id === MODEL_GRAPH && f.payload);
  if (!graphField?.payload) return bytes;
  const graph = graphField.payload;
  const graphFields = fieldsOf(graph);
  const weights = new Set<string>();
  for (const f of graphFields) {
    const name = f.id === GRAPH_INITIALIZER && f.payload ? stringField(f.payload, TENSOR_NAME) : undefined;
    if (name) weights.add(name);
  }
  const isWeight = (f: Field) => {
    const name = f.id === GRAPH_INPUT && f.payload ? stringField(f.payload, VALUE_INFO_NAME) : undefined;
    return name !== undefined && weights.has(name);
  };
  const kept = graphFields.filter((f) => !isWeight(f));
  if (kept.length === graphFields.length) return bytes;
  const parts = kept.map((f) => graph.subarray(f.start, f.end));
  const length = parts.reduce((sum, p) => sum + p.length, 0);
  const head = protobuf.Writer.create().uint32((MODEL_GRAPH << 3) | 2).uint32(length).finish();
  return Buffer.concat(fields.flatMap((f) => (f === graphField ? [head, ...parts] : [bytes.subarray(f.start, f.end)])));
}

/** int64 fields decode as a Long (with the `long` package) or a number. */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object' && 'toNumber' in value) return (value as { toNumber(): number }).toNumber();
  return Number(value ?? 0);
}

/**
 * Class names from Ultralytics' `names` metadata, a Python dict literal (`{0: 'face', 1: 'plate'}`,
 * double quotes when a name holds an apostrophe) or JSON. Undefined when absent or unreadable.
 */
export function parseNames(text: string | undefined): string[] | undefined {
  if (!text) return undefined;
  const names: string[] = [];
  try {
    const json = JSON.parse(text) as unknown;
    if (Array.isArray(json)) return json.map(String);
    if (json && typeof json === 'object') {
      for (const [key, value] of Object.entries(json)) if (/^\d+$/.test(key)) names[Number(key)] = String(value);
      return names.length > 0 ? fill(names) : undefined;
    }
  } catch {
    // Not JSON: a Python literal.
  }
  const entry = /(?<!\d)(\d+)\s*:\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/g;
  for (let match = entry.exec(text); match; match = entry.exec(text)) {
    names[Number(match[1])] = (match[2] ?? match[3]).replace(/\\(.)/g, '$1');
  }
  return names.length > 0 ? fill(names) : undefined;
}

function fill(names: string[]): string[] {
  return Array.from(names, (n, i) => n ?? `class ${i}`);
}

/** Ultralytics' `imgsz` metadata (`[640, 640]`, height then width), if present. */
export function parseImgsz(text: string | undefined): { width: number; height: number } | undefined {
  const numbers = text?.match(/\d+/g)?.map(Number);
  if (!numbers || numbers.length === 0) return undefined;
  const [height, width = height] = numbers;
  return height > 0 && width > 0 ? { width, height } : undefined;
}
