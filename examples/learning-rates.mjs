// Learning rate too small, about right, and too large: the same line y = 3x + 2 fitted by
// full-batch gradient descent (d.optim.SGD) at four learning rates. Too small crawls; too
// large overshoots further every step until the loss overflows — which d.fit catches and
// reports with the step it happened at. Writes reports/learning-rates.html with the curves.
//
//   node examples/learning-rates.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as d from 'descent-ml';
import { lineChart } from 'descent-ml/plot';

const x = d.rand([200, 1], { seed: 1 });
const y = d.tidy(() => x.mul(3).add(2).add(d.randn([200, 1], { seed: 2 }).mul(0.1)));

const runs = [
  { lr: 0.001, verdict: 'too small: crawls' },
  { lr: 0.05, verdict: 'cautious' },
  { lr: 0.5, verdict: 'about right' },
  { lr: 1.5, verdict: 'too large: diverges' },
];

for (const run of runs) {
  const model = new d.nn.Linear(1, 1, { init: 'zeros' });
  const optimizer = new d.optim.SGD(model.parameters(), { lr: run.lr });
  try {
    run.history = d.fit(model, optimizer, { data: { x, y }, loss: 'mse', epochs: 150, progress: false });
  } catch (e) {
    run.history = e.history; // the epochs completed before the loss stopped being finite
    run.error = e.message;
  }
  const [w] = model.weight.toFloat32Array();
  const [b] = model.bias.toFloat32Array();
  run.line = `y = ${w.toPrecision(4)}·x + ${b.toPrecision(4)}`;
}

const at = (h, epoch) => (h.loss.length >= epoch ? h.loss[epoch - 1].toExponential(2) : '—');
console.log('learning rate   loss after 1      10        50       150 epochs   result');
for (const r of runs) {
  const h = r.history;
  console.log(`${String(r.lr).padEnd(16)}${at(h, 1).padStart(8)}  ${at(h, 10).padStart(8)}  ${at(h, 50).padStart(8)}  ${at(h, 150).padStart(8)}   ${r.verdict}${r.error ? '' : `, ${r.line}`}`);
}
const failed = runs.find((r) => r.error);
if (failed) console.log(`\nlr ${failed.lr}: ${failed.error}`);

const chart = lineChart({
  series: runs.map((r) => ({ name: `lr ${r.lr} (${r.verdict})`, y: r.history.loss })),
  title: 'Mean squared error per epoch, full-batch gradient descent',
  xLabel: 'epoch', yLabel: 'loss (log scale)', logY: true, width: 860, height: 440,
});
const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'reports', 'learning-rates.html');
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, `<!doctype html><meta charset="utf-8"><title>Learning rates</title>
<body style="font: 16px/1.5 system-ui, sans-serif; max-width: 900px; margin: 2rem auto">
<h1>Learning rate: too small, about right, too large</h1>
<p>The same line fitted by gradient descent at four learning rates. The smallest barely moves in 150 epochs;
the largest overshoots the minimum by more each step, so its loss grows geometrically until it overflows,
where <code>d.fit</code> stops it with an error naming the step.</p>${chart}</body>\n`);
console.log(`chart: ${file}`);
