// Writes the self-contained HTML report of examples/compare-optimizers.mjs: the loss curves of
// every optimizer on one SVG chart, validation curves zoomed to where they differ (chart.mjs:
// fitted axes, hover values), the results table and a plain-language account of which
// optimizer won and why, built from the measured numbers. No script: it works anywhere.
import { PALETTE, DASHES } from 'descent-ml/plot';
import { CHART_CSS, fittedChart } from './chart.mjs';

const THRESHOLD = 0.1; // "fast" = epochs until the training loss first drops below this

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (v, digits = 4) => (Number.isFinite(v) ? (Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(1) : v.toFixed(digits)) : String(v));
const pct = (v) => `${(100 * v).toFixed(1)}%`;

/** How each optimizer moves, in a sentence or two (the maths, not the measurement). */
const MECHANISM = {
  'SGD': 'steps against the mini-batch gradient, θ ← θ − η·g. The step is proportional to the gradient, so it slows down wherever the loss surface is flat and can only go as fast as the steepest direction allows.',
  'SGD + momentum': 'keeps a velocity v ← μ·v + g and steps θ ← θ − η·v. Gradient components that agree from step to step add up (up to 1/(1−μ) = 10× for μ = 0.9), while components that flip sign cancel out, so it races along the valley floor instead of bouncing between its walls.',
  'Nesterov': 'is momentum with a look-ahead: the gradient is taken where the velocity is about to carry the parameters, which corrects an overshoot one step earlier than plain momentum.',
  'AdaGrad': 'divides every parameter\'s step by the square root of the sum of all its past squared gradients. Rarely-updated weights keep large steps, but because the sum only grows, every step size shrinks for ever — early progress is good, late progress stalls.',
  'RMSProp': 'divides each step by the root of an exponential moving average of squared gradients (decay α = 0.99). Unlike AdaGrad the average forgets, so step sizes do not decay, and each parameter moves by roughly the learning rate per step whatever its gradient scale.',
  'AdaDelta': 'replaces the learning rate by a ratio of two moving averages — of past squared updates over past squared gradients — so steps carry the units of the parameters. It starts cautiously (the update average starts at zero) and speeds up as updates accumulate.',
  'Adam': 'combines momentum (a moving average of gradients, β₁ = 0.9) with RMSProp\'s per-parameter scaling (β₂ = 0.999) and corrects both averages for their zero start. A normalised step moves each parameter by about the learning rate, here 0.001.',
  'AdamW': 'is Adam with decoupled weight decay: the weights shrink by η·λ·θ each step, outside the adaptive scaling, instead of adding λ·θ to the gradient. With λ = 0.01 and η = 0.001 the shrinkage per step is 10⁻⁵ of each weight.',
};

function stats(r) {
  const h = r.history;
  const last = (a) => a[a.length - 1];
  const minVal = Math.min(...h.valLoss);
  return {
    name: r.name,
    finalLoss: last(h.loss),
    finalVal: last(h.valLoss),
    minVal,
    minValEpoch: h.valLoss.indexOf(minVal) + 1,
    finalAcc: last(h.valAccuracy),
    bestAcc: Math.max(...h.valAccuracy),
    toThreshold: h.loss.findIndex((l) => l < THRESHOLD) + 1 || null,
    epochs: h.epochs,
    seconds: r.seconds,
    error: r.error,
  };
}

function byName(all, name) {
  return all.find((s) => s.name === name);
}

/** The story of the race, as HTML paragraphs, from the numbers. */
function analysis(all, setup) {
  const ok = all.filter((s) => !s.error);
  const byLoss = ok.slice().sort((a, b) => a.finalLoss - b.finalLoss);
  const byVal = ok.slice().sort((a, b) => a.minVal - b.minVal);
  const bySpeed = ok.filter((s) => s.toThreshold !== null).sort((a, b) => a.toThreshold - b.toThreshold || a.finalLoss - b.finalLoss);
  const winner = byLoss[0];
  const out = [];
  out.push(`<p class="headline"><strong>${esc(winner.name)} won</strong>: after ${setup.epochs} epochs it reached the lowest training loss, ` +
    `${fmt(winner.finalLoss)}${byLoss[1] ? ` (next: ${esc(byLoss[1].name)} at ${fmt(byLoss[1].finalLoss)}; last: ${esc(byLoss[byLoss.length - 1].name)} at ${fmt(byLoss[byLoss.length - 1].finalLoss)})` : ''}. ` +
    'Training loss is the quantity every optimizer here is minimising, so it is the fair measure of the race.</p>');
  if (bySpeed.length > 0) {
    out.push(`<p>Fastest to a training loss below ${THRESHOLD}: ${bySpeed.slice(0, 3).map((s) => `${esc(s.name)} (epoch ${s.toThreshold})`).join(', ')}. ` +
      `Slowest: ${bySpeed.slice(-2).reverse().map((s) => `${esc(s.name)} (epoch ${s.toThreshold})`).join(', ')}` +
      `${ok.length > bySpeed.length ? `; never: ${ok.filter((s) => s.toThreshold === null).map((s) => esc(s.name)).join(', ')}` : ''}.</p>`);
  }
  const bestVal = byVal[0];
  out.push(`<p>On the held-out images the picture differs: the lowest validation loss, ${fmt(bestVal.minVal)}, came from ` +
    `<strong>${esc(bestVal.name)}</strong> (epoch ${bestVal.minValEpoch}), and validation accuracy ends between ${pct(Math.min(...ok.map((s) => s.finalAcc)))} and ` +
    `${pct(Math.max(...ok.map((s) => s.finalAcc)))} — one image of ${setup.validation} is ${pct(1 / setup.validation)}, so most of the field is within a few images of each other. ` +
    (bestVal.name !== winner.name ? `Driving the training loss fastest towards zero is not the same as generalising best.` : 'Here the fastest optimizer also generalised best.') + '</p>');
  const overfit = ok.filter((s) => s.finalVal > s.minVal * 1.15 && s.minValEpoch < s.epochs - 3);
  if (overfit.length > 0) {
    out.push(`<p>Overfitting shows in the validation curves: ${overfit.map((s) => `${esc(s.name)}'s validation loss bottomed out at epoch ${s.minValEpoch} (${fmt(s.minVal)}) and ended ${pct(s.finalVal / s.minVal - 1)} higher (${fmt(s.finalVal)})`).join('; ')}. ` +
      'Once the training set is fitted almost perfectly, further steps mostly sharpen the model\'s confidence on the training images. ' +
      'Early stopping on the validation loss (<code>d.fit(…, { earlyStopping: { patience } })</code>) would keep the best weights.</p>');
  }
  // Why: pairwise comparisons that isolate one mechanism each.
  const why = [];
  const sgd = byName(ok, 'SGD');
  const mom = byName(ok, 'SGD + momentum');
  const nes = byName(ok, 'Nesterov');
  if (sgd && mom) {
    why.push(`<li><strong>Momentum.</strong> SGD and SGD + momentum share the learning rate, the batches and the starting point; only the velocity differs. ` +
      `With it the final training loss is ${fmt(mom.finalLoss)} instead of ${fmt(sgd.finalLoss)} (${(sgd.finalLoss / mom.finalLoss).toFixed(0)}× lower)` +
      `${sgd.toThreshold && mom.toThreshold ? `, and the loss passes ${THRESHOLD} at epoch ${mom.toThreshold} instead of ${sgd.toThreshold}` : ''}: ` +
      'consistent gradient directions accumulate into a larger effective step.' +
      (nes ? ` Nesterov's look-ahead changes little on this smooth problem (${fmt(nes.finalLoss)} vs ${fmt(mom.finalLoss)}).` : '') + '</li>');
  }
  const ada = byName(ok, 'AdaGrad');
  const rms = byName(ok, 'RMSProp');
  if (ada && rms) {
    why.push(`<li><strong>Forgetting.</strong> AdaGrad and RMSProp scale steps the same way and share the learning rate 0.01; AdaGrad sums squared gradients for ever, RMSProp averages recent ones. ` +
      `AdaGrad ends at ${fmt(ada.finalLoss)}, RMSProp at ${fmt(rms.finalLoss)}: AdaGrad's steps keep shrinking as its sum grows, while RMSProp keeps moving each weight by about 0.01 per step.</li>`);
  }
  const adam = byName(ok, 'Adam');
  if (adam && rms) {
    const control = setup.control && !setup.control.error ? stats(setup.control) : null;
    why.push(`<li><strong>Step size, not cleverness.</strong> Adam is RMSProp plus momentum and bias correction, yet it finishes at ${fmt(adam.finalLoss)} against RMSProp's ${fmt(rms.finalLoss)}. ` +
      'Both take normalised steps of about one learning rate per weight, and their defaults differ tenfold (0.001 vs 0.01). ' +
      (control
        ? `A control run settles it: the same Adam with a learning rate of 0.01 reached ${fmt(control.finalLoss)}` +
          `${control.toThreshold ? ` and passed ${THRESHOLD} at epoch ${control.toThreshold}` : ''} (validation loss ${fmt(control.finalVal)}). ` +
          (control.finalLoss < adam.finalLoss / 10
            ? 'On this small, well-scaled problem the larger step simply covers more ground; Adam\'s default is chosen to be safe on large networks, not fast on small ones.'
            : 'So the step size is not the whole story here.')
        : '') + '</li>');
  }
  const adamw = byName(ok, 'AdamW');
  if (adam && adamw) {
    why.push(`<li><strong>Decoupled weight decay.</strong> AdamW's curve lies on Adam's (${fmt(adamw.finalLoss)} vs ${fmt(adam.finalLoss)}): a decay of 10⁻⁵ of each weight per step is far too weak to matter in ${setup.epochs} epochs. Its benefit is regularisation on long runs, not speed.</li>`);
  }
  const delta = byName(ok, 'AdaDelta');
  if (delta) {
    why.push(`<li><strong>No learning rate to tune.</strong> AdaDelta, whose step is a ratio of its own running averages, reached ${fmt(delta.finalLoss)}${delta.toThreshold ? ` (below ${THRESHOLD} at epoch ${delta.toThreshold})` : ''} without any tuning — ` +
      'after a cautious start while its average of past updates fills up.</li>');
  }
  if (why.length > 0) out.push(`<h3>Why</h3><ul>${why.join('\n')}</ul>`);
  const failed = all.filter((s) => s.error);
  if (failed.length > 0) out.push(`<p>Stopped with an error: ${failed.map((s) => `${esc(s.name)} — ${esc(s.error)}`).join('; ')}.</p>`);
  return { html: out.join('\n'), winner, bestVal };
}

function table(all) {
  const rows = all.map((s) => `<tr><td>${esc(s.name)}</td><td>${fmt(s.finalLoss)}</td><td>${fmt(s.finalVal)}</td><td>${fmt(s.minVal)} <small>(epoch ${s.minValEpoch})</small></td>` +
    `<td>${pct(s.finalAcc)}</td><td>${pct(s.bestAcc)}</td><td>${s.toThreshold ?? '—'}</td><td>${s.epochs}</td><td>${s.seconds.toFixed(2)} s</td></tr>`);
  return '<table><thead><tr><th>optimizer</th><th>final train loss</th><th>final val loss</th><th>best val loss</th><th>final val accuracy</th>' +
    `<th>best val accuracy</th><th>epochs to loss &lt; ${THRESHOLD}</th><th>epochs</th><th>time</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

/** Builds the report, hands the HTML to `write`, and returns a one-line summary for the console. */
export function writeReport(file, results, setup, write) {
  const all = results.map(stats);
  const series = (key) => results.map((r, i) => ({ name: r.name, y: r.history[key], color: PALETTE[i % PALETTE.length], dash: DASHES[i % DASHES.length] }));
  // The validation charts are fitted to the epochs after the first drop (about the first 15 %),
  // where the optimizers differ and overfitting shows; earlier points run off the top.
  const from = Math.min(setup.epochs, Math.max(2, Math.floor(setup.epochs * 0.15)));
  const lossChart = fittedChart({ series: series('loss'), title: 'Training loss per epoch', xLabel: 'epoch', yLabel: 'training cross-entropy', log: true, height: 460 });
  const valChart = fittedChart({ series: series('valLoss'), title: `Validation loss per epoch (from epoch ${from})`, xLabel: 'epoch', yLabel: 'held-out cross-entropy', log: true, from });
  const accChart = fittedChart({ series: series('valAccuracy'), title: `Validation accuracy per epoch (from epoch ${from})`, xLabel: 'epoch', yLabel: 'held-out accuracy', from, format: (v) => pct(v) });
  const { html: story, winner, bestVal } = analysis(all, setup);
  const mechanisms = results.map((r) => `<dt>${esc(r.name)} <small>(${esc(r.settings)})</small></dt><dd>${esc(r.name)} ${esc(MECHANISM[r.name] ?? '')}</dd>`).join('\n');
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>descent — eight optimizers on the digits data</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 920px; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
  h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { margin-top: 2rem; font-size: 1.25rem; } h3 { font-size: 1.05rem; }
  .lead { color: #555; margin-top: 0; } .headline { font-size: 1.1rem; background: #f3f7fb; border-left: 4px solid #0072B2; padding: 0.6rem 0.9rem; }
  figure { margin: 1rem 0; } svg { max-width: 100%; height: auto; }
  ${CHART_CSS}
  .table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; }
  table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
  @media (max-width: 600px) { body { margin: 1rem auto; font-size: 15px; } h1 { font-size: 1.3rem; } table { font-size: 0.8rem; } th, td { padding: 0.3rem 0.35rem; } } th, td { border-bottom: 1px solid #ddd; padding: 0.35rem 0.5rem; text-align: right; }
  td { white-space: nowrap; } th:first-child, td:first-child { text-align: left; } thead th { background: #fafafa; } dt { font-weight: 600; margin-top: 0.6rem; } dd { margin-left: 1rem; }
  code { background: #f4f4f4; padding: 0 0.25rem; border-radius: 3px; } small { color: #666; }
</style>
</head>
<body>
<h1>Eight optimizers, one network, the digits data</h1>
<p class="lead">Generated by <code>npm start</code> (examples/compare-optimizers.mjs) with descent on ${esc(new Date().toISOString().slice(0, 10))}.</p>
<p>Each optimizer trained the same network — ${64} inputs → ${setup.hidden} ReLU units → 10 classes, softmax cross-entropy — from the same initial weights, on the same shuffled mini-batches of ${setup.batch} images in the same order, for ${setup.epochs} epochs, on ${setup.train} standardised 8×8 digit images (stratified 75/25 split). The remaining ${setup.validation} images measure generalisation.</p>
<h2>Who won, and why</h2>
${story}
<h2>Training loss</h2>
<figure>${lossChart}</figure>
<p><small>Lines differ in colour and in dash pattern; hover over (or tap) the chart to read every curve's value at an epoch. A straight stretch on this logarithmic axis means the loss is shrinking by a constant factor per epoch; a flattening curve means progress is stalling.</small></p>
<h2>Results</h2>
<div class="table-wrap">${table(all)}</div>
<h2>On held-out data</h2>
<p><small>Both charts start at epoch ${from}, after the first rapid drop, so that the differences between the optimizers — and the validation loss turning back up where a network starts to overfit — are visible.</small></p>
<figure>${valChart}</figure>
<figure>${accChart}</figure>
<h2>The contestants</h2>
<dl>${mechanisms}</dl>
</body>
</html>
`;
  write(html);
  return { summary: `winner: ${winner.name} (lowest training loss, ${fmt(winner.finalLoss)}); best on held-out data: ${bestVal.name} (lowest validation loss of any epoch, ${fmt(bestVal.minVal)})` };
}
