import protobuf from 'protobufjs/light';

/**
 * Only the ModelProto fields Archipel reads (onnx.proto numbering): the graph is kept as raw bytes
 * and never decoded, so reading a 200 MB model's header costs the same as a 200 kB one.
 */
const root = protobuf.Root.fromJSON({
  nested: {
    onnx: {
      nested: {
        StringStringEntryProto: { fields: { key: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        OperatorSetIdProto: { fields: { domain: { type: 'string', id: 1 }, version: { type: 'int64', id: 2 } } },
        ModelHeader: {
          fields: {
            irVersion: { type: 'int64', id: 1 },
            producerName: { type: 'string', id: 2 },
            producerVersion: { type: 'string', id: 3 },
            opsetImport: { rule: 'repeated', type: 'OperatorSetIdProto', id: 8 },
            graph: { type: 'bytes', id: 7 },
            metadataProps: { rule: 'repeated', type: 'StringStringEntryProto', id: 14 },
          },
        },
      },
    },
  },
});
const ModelHeader = root.lookupType('onnx.ModelHeader');

export interface OnnxHeader {
  irVersion: number;
  producer: string;
  /** `metadata_props`: Ultralytics writes names, imgsz, stride, task, … there. */
  metadata: Record<string, string>;
}

/** Reads an ONNX file's header; throws when the bytes are not an ONNX model. */
export function readOnnxHeader(bytes: Uint8Array): OnnxHeader {
  let decoded: { irVersion?: unknown; producerName?: string; producerVersion?: string; graph?: Uint8Array; metadataProps?: { key?: string; value?: string }[] };
  try {
    decoded = ModelHeader.decode(bytes) as typeof decoded;
  } catch (error) {
    throw new Error(`not an ONNX model (the file is not an ONNX protobuf: ${error instanceof Error ? error.message : String(error)})`);
  }
  const irVersion = toNumber(decoded.irVersion);
  if (!decoded.graph || decoded.graph.length === 0 || !(irVersion >= 1 && irVersion <= 64)) {
    throw new Error('not an ONNX model (no graph or no IR version in the file)');
  }
  const metadata: Record<string, string> = {};
  for (const entry of decoded.metadataProps ?? []) if (entry.key) metadata[entry.key] = entry.value ?? '';
  return { irVersion, producer: [decoded.producerName, decoded.producerVersion].filter(Boolean).join(' '), metadata };
}

/** int64 fields decode as a Long (with the `long` package) or a number. */
function toNumber(value: unknown): number {
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
  const entry = /(\d+)\s*:\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/g;
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
