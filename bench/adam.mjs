// One Adam step over 1M parameters: descent's fused kernel (assembly/optim/adam.ts, one pass
// over p, g, m, v) against TensorFlow.js 4.22's Adam on its wasm backend, in the same process,
// and against this machine's stream bandwidth measured here by our own probe.
//
// An Adam step must read p, g, m, v and write p, m, v: 7 floats, 28 bytes per parameter, so
// 28·n / time is the bandwidth the step achieves. Goals (issue 16; issue 3 for the bandwidth): ≥ 7× TF.js, and ≥ 70% of
// the measured bandwidth. 1M parameters (16 MB of arrays) fit in this machine's last-level
// cache; the 8M run (128 MB) is the DRAM-bound case and is reported alongside.
//
//   node bench/adam.mjs            (after npm run build)
import { loadDescent, loadTfjs, inputData } from './lib/libraries.mjs';
import { formatTime, median, rounds, warmUp } from './lib/measure.mjs';
import { runProbe } from './lib/probe.mjs';

const BYTES_PER_PARAM = 28;
const SIZES = [1 << 20, 1 << 23];

function descentAdam(d, n) {
  const p = d.tensor(inputData(n, 1), { requiresGrad: true });
  p.grad = d.tensor(inputData(n, 2));
  const opt = new d.optim.Adam([p], { lr: 1e-3 });
  return { run: () => opt.step(), dispose: () => p.dispose() };
}

function tfjsAdam(tf, n) {
  const v = tf.variable(tf.tensor1d(inputData(n, 1)));
  const g = tf.tensor1d(inputData(n, 2));
  const opt = tf.train.adam(1e-3);
  return { run: () => opt.applyGradients({ [v.name]: g }), dispose: () => { opt.dispose(); g.dispose(); v.dispose(); } };
}

/** Interleaved rounds on the wall clock: medians of the times and of the per-round ratios. */
async function race(d, tf, n) {
  const ours = descentAdam(d, n);
  const theirs = tfjsAdam(tf, n);
  warmUp(ours.run, 200);
  warmUp(theirs.run, 200);
  const per = await rounds({ descent: ours.run, tfjs: theirs.run }, { count: 9, roundMs: 200 });
  ours.dispose();
  theirs.dispose();
  return {
    descent: median(per.descent.map((s) => s.wall)),
    tfjs: median(per.tfjs.map((s) => s.wall)),
    speedup: median(per.descent.map((s, r) => per.tfjs[r].wall / s.wall)),
  };
}

const gbs = (n, seconds) => (BYTES_PER_PARAM * n) / seconds / 1e9;

const d = await loadDescent();
const { tf, use, info } = await loadTfjs();
await use('tfjs-wasm');
console.log(`TF.js ${info.version}, backend ${tf.getBackend()} (SIMD ${info.wasmSimd}, threads ${info.wasmThreads})`);
const probe = await runProbe();
const { copy, triad, read } = probe.bandwidth;
const reference = Math.max(copy, triad);
console.log(`stream bandwidth (3 × 32 MB arrays): copy ${copy.toFixed(1)}, triad ${triad.toFixed(1)}, read ${read.toFixed(1)} GB/s; reference ${reference.toFixed(1)} GB/s`);

const results = [];
for (const n of SIZES) {
  const r = await race(d, tf, n);
  const row = {
    params: n,
    descent: r.descent,
    tfjsWasm: r.tfjs,
    speedup: r.speedup,
    descentGBs: gbs(n, r.descent),
    tfjsGBs: gbs(n, r.tfjs),
    shareOfBandwidth: gbs(n, r.descent) / reference,
  };
  results.push(row);
  console.log(`Adam step, ${(n / 1048576).toFixed(0)}M params: descent ${formatTime(row.descent)}, ` +
    `TF.js wasm ${formatTime(row.tfjsWasm)}: ${row.speedup.toFixed(1)}× (median of 9 interleaved rounds, wall clock); ` +
    `descent ${row.descentGBs.toFixed(1)} GB/s = ${(100 * row.shareOfBandwidth).toFixed(0)}% of the stream reference ` +
    `(TF.js ${row.tfjsGBs.toFixed(1)} GB/s)`);
}
const main = results[0];
const verdict = (ok) => (ok ? 'met' : 'NOT met');
console.log(`goal ≥ 7× TF.js at 1M params: ${verdict(main.speedup >= 7)} (${main.speedup.toFixed(1)}×); ` +
  `goal ≥ 70% of bandwidth: ${verdict(main.shareOfBandwidth >= 0.7)} (${(100 * main.shareOfBandwidth).toFixed(0)}% at 1M, ` +
  `${(100 * results[1].shareOfBandwidth).toFixed(0)}% at 8M)`);
console.log(JSON.stringify({ bandwidth: probe.bandwidth, results }));
