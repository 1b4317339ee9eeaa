// Fitting an MLP classifier with 64 hidden units on the digits data (stratified 75/25 split,
// standardised): descent's d.models.MLPClassifier against scikit-learn's
// MLPClassifier(hidden_layer_sizes=(64,)) on the very same rows, timed in one run, interleaved
// (descent, scikit-learn, descent, ...) so both see the same machine load. Both use their
// defaults: Adam, lr 1e-3, batches of 200, alpha 1e-4, up to 200 epochs with tol 1e-4.
//   node bench/fit-mlp.mjs [rounds=3]
import { spawnSync } from 'node:child_process';
import * as d from '../dist/index.js';
import { digits } from '../dist/datasets/index.js';

const rounds = Number(process.argv[2] ?? 3);

const { x, y } = digits();
const split = d.data.trainTestSplit(x, y, { testSize: 0.25, seed: 0, stratify: true });
const scaler = new d.data.StandardScaler().fit(split.xTrain);
const xTrain = scaler.transform(split.xTrain);
const xTest = scaler.transform(split.xTest);

function rows(t) {
  const [n, k] = t.shape;
  const v = t.toFloat32Array();
  return Array.from({ length: n }, (_, i) => Array.from(v.subarray(i * k, (i + 1) * k)));
}

const PYTHON = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0);

// Reads the split from stdin, fits once with the given seed, prints JSON.
const SKLEARN = `
import json, sys, time, warnings
import numpy as np
from sklearn.neural_network import MLPClassifier
warnings.filterwarnings('ignore')
data = json.load(sys.stdin)
xtr, ytr = np.array(data['xTrain'], dtype=np.float64), np.array(data['yTrain'])
xte, yte = np.array(data['xTest'], dtype=np.float64), np.array(data['yTest'])
seed = data['seed']
t0 = time.perf_counter()
m = MLPClassifier(hidden_layer_sizes=(64,), random_state=seed).fit(xtr, ytr)
seconds = time.perf_counter() - t0
print(json.dumps({'seconds': seconds, 'epochs': int(m.n_iter_), 'accuracy': float(m.score(xte, yte))}))
`;

const payload = { xTrain: rows(xTrain), yTrain: Array.from(split.yTrain), xTest: rows(xTest), yTest: Array.from(split.yTest) };

function runSklearn(seed) {
  const r = spawnSync(PYTHON, ['-c', SKLEARN], { input: JSON.stringify({ ...payload, seed }), encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`scikit-learn run failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function runDescent(seed) {
  const t0 = performance.now();
  const model = new d.models.MLPClassifier({ hiddenLayerSizes: [64], seed }).fit(xTrain, split.yTrain);
  const seconds = (performance.now() - t0) / 1000;
  const result = { seconds, epochs: model.history.epochs, accuracy: model.score(xTest, split.yTest) };
  model.dispose();
  return result;
}

// Warm-up: the first fit compiles the JavaScript paths (Python's imports are likewise outside its timer).
new d.models.MLPClassifier({ hiddenLayerSizes: [64], maxIter: 3 }).fit(xTrain, split.yTrain).dispose();

const results = { descent: [], sklearn: [] };
if (!PYTHON) console.log('scikit-learn is not installed (python3 -c "import sklearn" failed): timing descent only.');
for (let round = 0; round < rounds; round++) {
  results.descent.push(runDescent(round));
  if (PYTHON) results.sklearn.push(runSklearn(round));
}

const median = (v) => v.slice().sort((a, b) => a - b)[Math.floor(v.length / 2)];
console.log(`digits: ${split.xTrain.shape[0]} training rows, ${split.xTest.shape[0]} test rows, 64 features, 10 classes`);
console.log('library        seed  epochs  seconds  test accuracy');
for (const [name, list] of Object.entries(results)) {
  list.forEach((r, seed) => console.log(`${name.padEnd(14)} ${String(seed).padStart(4)}  ${String(r.epochs).padStart(6)}  ${r.seconds.toFixed(3).padStart(7)}  ${r.accuracy.toFixed(4)}`));
}
const ours = median(results.descent.map((r) => r.seconds));
console.log(`descent median fit: ${ours.toFixed(3)} s`);
if (results.sklearn.length > 0) {
  const theirs = median(results.sklearn.map((r) => r.seconds));
  console.log(`scikit-learn median fit: ${theirs.toFixed(3)} s  →  descent takes ${(ours / theirs).toFixed(2)}× scikit-learn's time (${ours <= theirs ? 'goal met' : 'goal missed'}: no longer than scikit-learn)`);
}
