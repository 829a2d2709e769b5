#!/usr/bin/python3
"""Models with external data for the containment tests (issue #26), with Debian's onnx (`sudo apt-get install
python3-onnx`): `/usr/bin/python3 scripts/predict/external_data_models.py` writes server/test/fixtures/predict/external/.
Each is a 2-feature, 2-class model `probabilities = softmax(X · W)` whose 2×2 float weights W are external data at a location:
inside.onnx reads weights.bin beside it; escape.onnx names ../../../../../../../../etc/hostname; absolute.onnx
/etc/hostname; link.onnx link.bin (the test makes it a symbolic link to a file outside the folder); and
failing.onnx, which onnxruntime fails to run (see below)."""
import os
import numpy as np
import onnx
from onnx import TensorProto, helper

out = os.path.join(os.path.dirname(__file__), '../../server/test/fixtures/predict/external')
os.makedirs(out, exist_ok=True)
weights = np.array([[0.25, 0.75], [0.75, 0.25]], dtype=np.float32)
with open(os.path.join(out, 'weights.bin'), 'wb') as f:
    f.write(weights.tobytes())


def model(location):
    w = TensorProto(name='W', data_type=TensorProto.FLOAT, dims=[2, 2])
    w.data_location = TensorProto.EXTERNAL
    for key, value in (('location', location), ('offset', '0'), ('length', '16')):
        entry = w.external_data.add()
        entry.key, entry.value = key, value
    graph = helper.make_graph(
        # Softmax: the outputs are probabilities for any row (the model loader probes and refuses scores).
        [helper.make_node('MatMul', ['X', 'W'], ['XW']), helper.make_node('Softmax', ['XW'], ['probabilities'], axis=1)], 'external',
        [helper.make_tensor_value_info('X', TensorProto.FLOAT, [None, 2])],
        [helper.make_tensor_value_info('probabilities', TensorProto.FLOAT, [None, 2])], initializer=[w])
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 13)], producer_name='archipel-tests')
    m.ir_version = 8
    for key, value in (('feature_names', '["a", "b"]'), ('labels', '{"0": "no", "1": "yes"}')):
        p = m.metadata_props.add()
        p.key, p.value = key, value
    return m


for name, location in (('inside', 'weights.bin'), ('escape', '../../../../../../../../etc/hostname'),
                       ('absolute', '/etc/hostname'), ('link', 'link.bin')):
    with open(os.path.join(out, f'{name}.onnx'), 'wb') as f:
        f.write(model(location).SerializeToString())

# failing.onnx: no external data; MatMul of X [?, ?] by a 2×2 W, which onnxruntime refuses while running a 3-column X
# (the onnxruntime log test: its error must come back as an exception, not as a raw line on stderr).
graph = helper.make_graph(
    [helper.make_node('MatMul', ['X', 'W'], ['Y'])], 'failing',
    [helper.make_tensor_value_info('X', TensorProto.FLOAT, [None, None])],
    [helper.make_tensor_value_info('Y', TensorProto.FLOAT, [None, 2])],
    initializer=[helper.make_tensor('W', TensorProto.FLOAT, [2, 2], [0.0] * 4)])
failing = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 13)], producer_name='archipel-tests')
failing.ir_version = 8
with open(os.path.join(out, 'failing.onnx'), 'wb') as f:
    f.write(failing.SerializeToString())
