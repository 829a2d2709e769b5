#!/usr/bin/python3
"""Linear classifiers for the loader's class-name and probability checks (issue #31), built with the onnx
helper only (no training): `/usr/bin/python3 scripts/predict/linear_models.py` writes
server/test/fixtures/predict/models/linear-*.onnx.

- linear-raw.onnx: a binary LinearClassifier with one coefficient row and post_transform NONE. onnxruntime
  answers [1 - s, s] with s the raw score, so its "probabilities" leave [0, 1] (3.414 and -2.414 for s = -2.414).
  Class names only in the graph (classlabels_strings), no "labels" metadata.
- linear-zipmap.onnx: two coefficient rows with post_transform SOFTMAX (true probabilities; onnxruntime applies
  no post_transform to the one-row binary form) and skl2onnx's ZipMap keyed by classlabels_strings: the class
  names come from the graph."""
import os
import onnx
from onnx import TensorProto, helper

out = os.path.join(os.path.dirname(__file__), '..', '..', 'server', 'test', 'fixtures', 'predict', 'models')
features = ['alpha', 'beta']
names = ['bear', 'bull']


def classifier(post_transform, zipmap, coefficients, intercepts):
    nodes = [helper.make_node('LinearClassifier', ['X'], ['label', 'probabilities'], domain='ai.onnx.ml',
                              coefficients=coefficients, intercepts=intercepts, classlabels_strings=names,
                              post_transform=post_transform)]
    outputs = [helper.make_tensor_value_info('label', TensorProto.STRING, [None])]
    if zipmap:
        nodes.append(helper.make_node('ZipMap', ['probabilities'], ['output_probability'], domain='ai.onnx.ml',
                                      classlabels_strings=names))
        # seq(map(string, float)): built field by field (onnx 1.12's helper has no make_map_type_proto).
        map_type = onnx.TypeProto()
        map_type.map_type.key_type = TensorProto.STRING
        map_type.map_type.value_type.CopyFrom(helper.make_tensor_type_proto(TensorProto.FLOAT, []))
        outputs.append(helper.make_value_info('output_probability', helper.make_sequence_type_proto(map_type)))
    else:
        outputs.append(helper.make_tensor_value_info('probabilities', TensorProto.FLOAT, [None, 2]))
    graph = helper.make_graph(nodes, 'linear', [helper.make_tensor_value_info('X', TensorProto.FLOAT, [None, 2])], outputs)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 13), helper.make_opsetid('ai.onnx.ml', 1)])
    model.ir_version = 8
    helper.set_model_props(model, {'feature_names': '["alpha", "beta"]'})
    onnx.checker.check_model(model)
    return model


for name, model in [('linear-raw.onnx', classifier('NONE', False, [1.5, -0.5], [-2.414])),
                    ('linear-zipmap.onnx', classifier('SOFTMAX', True, [-0.75, 0.25, 0.75, -0.25], [1.207, -1.207]))]:
    with open(os.path.join(out, name), 'wb') as f:
        f.write(model.SerializeToString())
