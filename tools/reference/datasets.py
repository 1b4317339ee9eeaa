# Writes test/fixtures/datasets.mjs: facts about scikit-learn 1.2.1's bundled data sets
# (shape, per-column sums, first row, class counts), read by scikit-learn itself, for
# test/training/datasets.test.mjs to check the embedded copies against.
#   /usr/bin/python3 tools/reference/datasets.py
import os
import numpy as np
from sklearn import datasets

from fixture import write_fixture

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, '..', '..', 'test', 'fixtures', 'datasets.mjs')

def facts(x, y, classification, target_names=None, feature_names=None):
    f = {
        'shape': list(x.shape),
        'columnSums': [float(v) for v in x.sum(axis=0)],
        'firstRow': [float(v) for v in x[0]],
        'lastRow': [float(v) for v in x[-1]],
    }
    if classification:
        f['classCounts'] = [int(c) for c in np.bincount(y)]
        f['firstTargets'] = [int(v) for v in y[:10]]
        f['targetNames'] = [str(n) for n in target_names]
    else:
        f['targetSum'] = float(y.sum())
        f['firstTargets'] = [float(v) for v in y[:10]]
    if feature_names is not None:
        f['featureNames'] = [str(n) for n in feature_names]
    return f

result = {}
for name, loader in [('digits', datasets.load_digits), ('breastCancer', datasets.load_breast_cancer),
                     ('iris', datasets.load_iris), ('wine', datasets.load_wine)]:
    b = loader()
    result[name] = facts(b.data, b.target, True, b.target_names, b.feature_names)
b = datasets.load_diabetes(scaled=False)
result['diabetes'] = facts(b.data, b.target, False, feature_names=b.feature_names)

write_fixture(out, 'datasets.py', __import__('sklearn').__version__, result, source='scikit-learn')
