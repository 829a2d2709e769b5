// Tiny ONNX models written in the tests (onnx-proto, the ONNX protobuf schema for JavaScript):
// each output is a constant tensor, so a decoder's input is exactly known and so is its answer.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { onnx } from 'onnx-proto';

export interface ConstantOutput {
  name: string;
  dims: number[];
  /** Dims declared in the graph's output (strings are symbolic, as in dynamic exports); `dims` when absent. */
  declared?: (number | string)[];
  data: Float32Array;
}

export interface TinyModel {
  /** Declared input shape; strings are symbolic dims. */
  input?: { name?: string; dims: (number | string)[] };
  outputs: ConstantOutput[];
  metadata?: Record<string, string>;
}

function shape(dims: (number | string)[]): onnx.ITensorShapeProto {
  return { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) };
}

/**
 * A model whose outputs are constants. The image input is consumed (ReduceMean × 0 added to every
 * output) so onnxruntime keeps it and checks its shape like a real model's.
 */
export function tinyModel(model: TinyModel): Uint8Array {
  const inputName = model.input?.name ?? 'images';
  const nodes: onnx.INodeProto[] = [
    { opType: 'ReduceMean', input: [inputName], output: ['mean'], attribute: [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 }] },
    {
      opType: 'Constant',
      output: ['zero'],
      attribute: [{ name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR, t: { dims: [], dataType: onnx.TensorProto.DataType.FLOAT, floatData: [0] } }],
    },
    { opType: 'Mul', input: ['mean', 'zero'], output: ['nothing'] },
  ];
  for (const output of model.outputs) {
    nodes.push(
      {
        opType: 'Constant',
        output: [`${output.name}_value`],
        attribute: [
          {
            name: 'value',
            type: onnx.AttributeProto.AttributeType.TENSOR,
            t: { dims: output.dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(output.data.buffer, output.data.byteOffset, output.data.byteLength) },
          },
        ],
      },
      { opType: 'Add', input: [`${output.name}_value`, 'nothing'], output: [output.name] },
    );
  }
  const proto = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'archipel-tests',
    opsetImport: [{ domain: '', version: 13 }],
    metadataProps: Object.entries(model.metadata ?? {}).map(([key, value]) => ({ key, value })),
    graph: {
      name: 'tiny',
      node: nodes,
      input: [{ name: inputName, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: shape(model.input?.dims ?? [1, 3, 64, 64]) } } }],
      output: model.outputs.map((o) => ({ name: o.name, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: shape(o.declared ?? o.dims) } } })),
    },
  });
  return onnx.ModelProto.encode(proto).finish();
}

export function writeTinyModel(file: string, model: TinyModel): string {
  writeFileSync(file, tinyModel(model));
  return file;
}

/** Rows of numbers → one Float32Array, row-major. */
export function rows(...values: number[][]): Float32Array {
  return Float32Array.from(values.flat());
}

/** [1, C, N] channel-major data from N rows of C values (Ultralytics v8 layout). */
export function channelMajor(anchors: number[][]): Float32Array {
  const n = anchors.length;
  const c = anchors[0].length;
  const data = new Float32Array(c * n);
  anchors.forEach((row, i) => row.forEach((v, k) => (data[k * n + i] = v)));
  return data;
}

/** A tiny UltraFace-layout model that always finds one face over the centre half of any image. */
export function centreFaceModel(dir: string): string {
  return writeTinyModel(path.join(dir, 'centre-face.onnx'), {
    input: { name: 'input', dims: [1, 3, 240, 320] },
    outputs: [
      { name: 'scores', dims: [1, 1, 2], data: rows([0.05, 0.95]) },
      { name: 'boxes', dims: [1, 1, 4], data: rows([0.25, 0.25, 0.75, 0.75]) },
    ],
  });
}

