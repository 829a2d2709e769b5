"""Writes scikit-learn forests as ONNX the way skl2onnx does (TreeEnsembleClassifier / TreeEnsembleRegressor of
the ai.onnx.ml domain, optionally followed by a ZipMap), with Debian's python3-onnx helper, since skl2onnx itself is
not packaged by Debian. Used by the example's training script beside it, the test-data scripts of scripts/predict/ and the benches."""
import json
import numpy as np
from onnx import TensorProto, TypeProto, helper


def _nodes(estimators):
    """Per-node attribute lists of every tree, in skl2onnx's layout (pre-order ids as sklearn numbers them)."""
    a = {k: [] for k in ('nodes_treeids', 'nodes_nodeids', 'nodes_featureids', 'nodes_values', 'nodes_modes',
                         'nodes_truenodeids', 'nodes_falsenodeids', 'nodes_hitrates', 'nodes_missing_value_tracks_true')}
    leaves = []
    for t, est in enumerate(estimators):
        tree = est.tree_
        for n in range(tree.node_count):
            leaf = tree.children_left[n] == -1
            a['nodes_treeids'].append(t)
            a['nodes_nodeids'].append(n)
            a['nodes_featureids'].append(0 if leaf else int(tree.feature[n]))
            # sklearn compares float32 features with a float64 threshold; skl2onnx writes the threshold as float.
            a['nodes_values'].append(0.0 if leaf else float(tree.threshold[n]))
            a['nodes_modes'].append('LEAF' if leaf else 'BRANCH_LEQ')
            a['nodes_truenodeids'].append(0 if leaf else int(tree.children_left[n]))
            a['nodes_falsenodeids'].append(0 if leaf else int(tree.children_right[n]))
            a['nodes_hitrates'].append(1.0)
            a['nodes_missing_value_tracks_true'].append(0)
            if leaf:
                leaves.append((t, n, tree.value[n].reshape(-1)))
    return a, leaves


def _zipmap_type():
    """seq(map(int64, tensor(float))), built field by field (Debian's onnx has no make_map_type_proto)."""
    entry = TypeProto()
    entry.map_type.key_type = TensorProto.INT64
    entry.map_type.value_type.tensor_type.elem_type = TensorProto.FLOAT
    seq = TypeProto()
    seq.sequence_type.elem_type.CopyFrom(entry)
    return seq


def _model(graph_nodes, outputs, n_features, metadata, name):
    x = helper.make_tensor_value_info('input', TensorProto.FLOAT, [None, n_features])
    graph = helper.make_graph(graph_nodes, name, [x], outputs)
    model = helper.make_model(graph, producer_name='archipel-sk2onnx', producer_version='1.0',
                              opset_imports=[helper.make_opsetid('', 13), helper.make_opsetid('ai.onnx.ml', 1)])
    model.ir_version = 8
    for k, v in (metadata or {}).items():
        entry = model.metadata_props.add()
        entry.key, entry.value = k, v
    return model


def forest_classifier(clf, feature_names=None, labels=None, zipmap=True):
    """RandomForestClassifier / ExtraTreesClassifier → ONNX; labels: class index → name, written as metadata."""
    a, leaves = _nodes(clf.estimators_)
    n = len(clf.estimators_)
    k = len(clf.classes_)
    cls = {'class_treeids': [], 'class_nodeids': [], 'class_ids': [], 'class_weights': []}
    for t, node, value in leaves:
        share = value / value.sum()
        for c in range(k):
            cls['class_treeids'].append(t)
            cls['class_nodeids'].append(node)
            cls['class_ids'].append(c)
            cls['class_weights'].append(float(share[c]) / n)
    tree = helper.make_node('TreeEnsembleClassifier', ['input'], ['label', 'probabilities'], domain='ai.onnx.ml',
                            classlabels_int64s=[int(c) for c in clf.classes_], post_transform='NONE', **a, **cls)
    nodes = [tree]
    if zipmap:
        nodes.append(helper.make_node('ZipMap', ['probabilities'], ['output_probability'], domain='ai.onnx.ml',
                                      classlabels_int64s=[int(c) for c in clf.classes_]))
        outputs = [helper.make_tensor_value_info('label', TensorProto.INT64, [None]),
                   helper.make_value_info('output_probability', _zipmap_type())]
    else:
        outputs = [helper.make_tensor_value_info('label', TensorProto.INT64, [None]),
                   helper.make_tensor_value_info('probabilities', TensorProto.FLOAT, [None, k])]
    metadata = {}
    if feature_names is not None:
        metadata['feature_names'] = json.dumps(list(feature_names))
    if labels is not None:
        metadata['labels'] = json.dumps({str(i): v for i, v in enumerate(labels)})
    return _model(nodes, outputs, clf.n_features_in_, metadata, 'forest_classifier')


def forest_regressor(reg, feature_names=None):
    """RandomForestRegressor → ONNX TreeEnsembleRegressor (one target, the mean of the trees)."""
    a, leaves = _nodes(reg.estimators_)
    n = len(reg.estimators_)
    tgt = {'target_treeids': [], 'target_nodeids': [], 'target_ids': [], 'target_weights': []}
    for t, node, value in leaves:
        tgt['target_treeids'].append(t)
        tgt['target_nodeids'].append(node)
        tgt['target_ids'].append(0)
        tgt['target_weights'].append(float(value[0]) / n)
    node = helper.make_node('TreeEnsembleRegressor', ['input'], ['variable'], domain='ai.onnx.ml', n_targets=1,
                            aggregate_function='SUM', post_transform='NONE', **a, **tgt)
    outputs = [helper.make_tensor_value_info('variable', TensorProto.FLOAT, [None, 1])]
    metadata = {'feature_names': json.dumps(list(feature_names))} if feature_names is not None else {}
    return _model([node], outputs, reg.n_features_in_, metadata, 'forest_regressor')
