// Regenerates the figures the README quotes that no other command prints: `npm run figures`
// (after a build). Each line names the README section the figure belongs to. The others come
// from their own commands, named next to them in the README: npm run bench / bench:readme,
// bench:adam, bench:fit, accuracy (docs/ACCURACY.md), bundle, versions, npm pack --dry-run.
//
//   node tools/readme-figures.mjs [--only minimize|models|tune|trig]
import * as d from '../dist/index.js';
import { breastCancer, diabetes, digits } from '../dist/datasets/index.js';
import scipy from '../test/fixtures/scipy_minimize.mjs';
import curveFit from '../test/fixtures/scipy_curve_fit.mjs';
import { curveFitObjective } from '../test/helpers/curve_fit.mjs';

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
const want = (name) => only === null || only === name;
const f3 = (v) => v.toFixed(3);

if (want('minimize')) {
  // "Minimisation": iterations to the same minimum as SciPy 1.10 (fixture from tools/reference/scipy_minimize.py).
  console.log('Minimisation — iterations, ours (SciPy):');
  for (const [name, problem] of Object.entries(scipy)) {
    const cells = ['cg', 'lbfgs', 'newton'].map((method) => {
      const r = d.optimize.minimize(d.optimize.functions[name], problem.x0, { method });
      return `${method} ${r.nit} (${problem[method].nit})`;
    });
    console.log(`  ${name} from (${problem.x0.join(', ')}): ${cells.join(', ')}`);
  }
  // SciPy's curve_fit example (tools/reference/scipy_curve_fit.py): cg iterations and evaluations, ours (SciPy CG).
  for (const c of curveFit.cases) {
    const { f, release } = curveFitObjective(d, c);
    const r = d.optimize.minimize(f, c.x0, { method: 'cg' });
    console.log(`  curve_fit example, noise seed ${c.seed}: cg ${r.success ? '' : 'FAILED '}nit ${r.nit} (${c.cg.nit}), nfev ${r.nfev} (${c.cg.nfev})`);
    release();
  }
}

if (want('models')) {
  // "Training … Models": test accuracies / R² on a stratified 75/25 split, seed 0, as the README states.
  const split = (data) => d.data.trainTestSplit(data.x, data.y, { testSize: 0.25, seed: 0, stratify: !(data.y instanceof d.Tensor) });
  const dg = split(digits());
  const soft = new d.models.SoftmaxRegression().fit(dg.xTrain, dg.yTrain).score(dg.xTest, dg.yTest);
  const mlp = [0, 1, 2].map((seed) => new d.models.MLPClassifier({ hiddenLayerSizes: [64], seed }).fit(dg.xTrain, dg.yTrain).score(dg.xTest, dg.yTest));
  const bc = split(breastCancer());
  const logistic = new d.models.LogisticRegression().fit(bc.xTrain, bc.yTrain).score(bc.xTest, bc.yTest);
  const svm = new d.models.LinearSVM().fit(bc.xTrain, bc.yTrain).score(bc.xTest, bc.yTest);
  const db = diabetes();
  const r2 = new d.models.LinearRegression().fit(db.x, db.y).score(db.x, db.y); // on all 442 rows, as scikit-learn's 0.51775
  console.log('Models — test scores:');
  console.log(`  digits: SoftmaxRegression ${f3(soft)}, MLPClassifier(64) seeds 0–2: ${mlp.map(f3).join(', ')}`);
  console.log(`  breast cancer: LogisticRegression ${f3(logistic)}, LinearSVM ${f3(svm)}`);
  console.log(`  diabetes (all 442 rows): LinearRegression R² ${r2.toFixed(5)}`);
}

if (want('tune')) {
  // "Hyperparameter search": Branin–Hoo, 30 trials, seeds 0–9, best value found.
  const b = 5.1 / (4 * Math.PI * Math.PI);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  const branin = ({ x1, x2 }) => (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
  const space = { x1: { low: -5, high: 10 }, x2: { low: 0, high: 15 } };
  const bayes = [];
  const random = [];
  for (let seed = 0; seed < 10; seed++) {
    bayes.push((await d.tune.bayesian(branin, space, { trials: 30, seed })).best.value);
    random.push((await d.tune.randomSearch(branin, space, { trials: 30, seed })).best.value);
  }
  const range = (v) => `${Math.min(...v).toFixed(2)}–${Math.max(...v).toFixed(2)}`;
  console.log(`Hyperparameter search — Branin, 30 trials, seeds 0–9: bayesian ${range(bayes)}, random ${range(random)}, ` +
    `bayesian lower for ${bayes.filter((v, i) => v < random[i]).length} seeds of 10`);
}

if (want('trig')) {
  // "Test landscapes": d.sin / d.cos against float64 Math.sin/cos (a reference only, never in the
  // library) on a fine grid of [-4096, 4096] and large arguments up to the float32 maximum.
  const xs = [];
  for (let i = -4096 * 64; i <= 4096 * 64; i++) xs.push(i / 64 + 1 / 7);
  for (let e = 13; e < 128; e++) for (let k = 1; k < 64; k++) xs.push(Math.fround(2 ** e * (1 + k / 64)), -Math.fround(2 ** e * (1 + k / 64)));
  const x32 = Float32Array.from(xs);
  let worst = 0;
  for (const [name, ref] of [['sin', Math.sin], ['cos', Math.cos]]) {
    const y = d.tidy(() => d[name](d.tensor(x32)).toFloat32Array());
    for (let i = 0; i < x32.length; i++) worst = Math.max(worst, Math.abs(y[i] - ref(x32[i])));
  }
  console.log(`Test landscapes — d.sin/d.cos largest absolute error against float64: ${worst.toExponential(1)} (${x32.length} points each)`);
}
