// Batch, stochastic and mini-batch gradient descent are one algorithm — SGD — fed gradients of
// different batch sizes. This fits the same linear regression three ways, for the same number
// of passes over the data, and prints how each one's full-data loss falls per pass:
//   batch GD        batchSize = n   one exact gradient per pass: smooth, but few updates
//   stochastic GD   batchSize = 1   n noisy updates per pass: fast at first, then jitters
//   mini-batch GD   batchSize = 16  the usual compromise
// Finally it compares every fit with the least-squares solution.
//
//   node examples/gd-variants.mjs
import * as d from 'descent-ml';

const SAMPLES = 256;
const FEATURES = 3;
const TRUE_W = [2, -3, 0.5];
const TRUE_B = 1;
const EPOCHS = 25;

// y = x·w + b + noise (σ = 0.1), all from seeded generators.
const x = d.randn([SAMPLES, FEATURES], { seed: 1 });
const y = d.tidy(() => x.matmul(d.tensor(TRUE_W, { shape: [FEATURES, 1] })).add(TRUE_B).add(d.randn([SAMPLES, 1], { seed: 2 }).mul(0.1)));

const RUNS = [
  { name: 'batch GD', batchSize: SAMPLES, lr: 0.3 },
  { name: 'stochastic GD', batchSize: 1, lr: 0.01 },
  { name: 'mini-batch GD', batchSize: 16, lr: 0.1 },
];

function fullLoss(model) {
  return d.tidy(() => d.noGrad(() => d.nn.functional.mseLoss(model.forward(x), y).item()));
}

function train({ batchSize, lr }) {
  const model = new d.nn.Linear(FEATURES, 1, { seed: 7 }); // the same start for every run
  const optimizer = new d.optim.SGD(model.parameters(), { lr });
  const loader = new d.data.DataLoader({ x, y }, { batchSize, shuffle: true, seed: 3 });
  const losses = [fullLoss(model)];
  let updates = 0;
  const started = performance.now();
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (const batch of loader) {
      d.tidy(() => {
        optimizer.zeroGrad();
        d.nn.functional.mseLoss(model.forward(batch.x), batch.y).backward();
        optimizer.step();
      });
      batch.x.dispose();
      batch.y.dispose();
      updates++;
    }
    losses.push(fullLoss(model));
  }
  const [w, b] = model.parameters().map((p) => Array.from(p.toFloat32Array()));
  optimizer.dispose();
  return { losses, updates, ms: performance.now() - started, w, b: b[0] };
}

const results = RUNS.map((run) => ({ ...run, ...train(run) }));

console.log(`linear regression, ${SAMPLES} samples, ${FEATURES} features; full-data MSE after each pass\n`);
console.log(`pass  ${results.map((r) => `${r.name} (b=${r.batchSize}, lr ${r.lr})`.padStart(30)).join('')}`);
for (const epoch of [0, 1, 2, 3, 5, 10, 15, 20, 25]) {
  console.log(`${String(epoch).padStart(4)}  ${results.map((r) => r.losses[epoch].toExponential(3).padStart(30)).join('')}`);
}
console.log(`\nupdates ${results.map((r) => String(r.updates).padStart(30)).join('')}`);
console.log(`time    ${results.map((r) => `${r.ms.toFixed(0)} ms`.padStart(30)).join('')}`);

// Least squares on [x, 1] through the normal equations, solved by Gaussian elimination.
function leastSquares() {
  const xs = x.toFloat32Array();
  const ys = y.toFloat32Array();
  const k = FEATURES + 1;
  const a = Array.from({ length: k }, () => new Array(k + 1).fill(0));
  for (let i = 0; i < SAMPLES; i++) {
    const row = [...xs.subarray(i * FEATURES, (i + 1) * FEATURES), 1];
    for (let r = 0; r < k; r++) {
      for (let c = 0; c < k; c++) a[r][c] += row[r] * row[c];
      a[r][k] += row[r] * ys[i];
    }
  }
  for (let c = 0; c < k; c++) {
    for (let r = c + 1; r < k; r++) {
      const f = a[r][c] / a[c][c];
      for (let j = c; j <= k; j++) a[r][j] -= f * a[c][j];
    }
  }
  const sol = new Array(k).fill(0);
  for (let r = k - 1; r >= 0; r--) {
    let s = a[r][k];
    for (let j = r + 1; j < k; j++) s -= a[r][j] * sol[j];
    sol[r] = s / a[r][r];
  }
  return sol;
}
const exact = leastSquares();
const fmt = (w, b) => `w = [${w.map((v) => v.toFixed(3)).join(', ')}], b = ${b.toFixed(3)}`;
console.log(`\nleast squares   ${fmt(exact.slice(0, FEATURES), exact[FEATURES])}`);
for (const r of results) console.log(`${r.name.padEnd(15)} ${fmt(r.w, r.b)}`);
console.log(`(the data came from ${fmt(TRUE_W, TRUE_B)} plus noise)`);
