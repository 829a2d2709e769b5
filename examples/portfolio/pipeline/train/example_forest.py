"""The example's RandomForest (examples/portfolio/prediction/model.onnx), in one place: trained by train_example.py,
and trained again by the serve-load bench (bench/serve/train_forest.py) so that Flask serves the very same trees."""
from sklearn.ensemble import RandomForestClassifier
from ohlcv import training_set


def example_forest(rng):
    """Trains the example's forest on its synthetic training set; `rng` is advanced as training_set advances it."""
    X, y = training_set(rng, tickers=6, n=1500)
    clf = RandomForestClassifier(n_estimators=40, max_depth=6, min_samples_leaf=20, random_state=7, n_jobs=1).fit(X, y)
    return clf, X, y
