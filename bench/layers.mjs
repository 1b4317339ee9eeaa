// Layers bench (issue 15): conv2d forward and one training step of the digits CNN, against
// TensorFlow.js (wasm = XNNPACK with SIMD; cpu = plain JS) and @jax-js/jax (its wasm backend),
// in one process, interleaved round by round, on the wall clock; medians and ratios printed.
//
//   npm run bench:layers            (about two minutes)
//   npm run bench:layers -- --quick (fewer rounds, no jax-js)
//
// FLOPs count the multiply-adds of convolutions and linear layers (2 per multiply-add): a
// forward pass, then for the step also the input and weight gradients (the first layer's
// input gradient is not needed). Normalisation, pooling, activations and the optimizer are
// not counted, so the step's GFLOP/s understates the work done.
import * as d from 'descent-ml';
import { loadTfjs, inputData } from './lib/libraries.mjs';
import { jaxCnnStep } from './lib/jax-cnn.mjs';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 3 : 7;

/**
 * Seconds per call, { wall, cpu }: `reps` calls timed together after one untimed call. Wall
 * clock is the measure; this process's CPU time is printed beside it as a cross-check on a
 * shared machine (every contestant here runs on one thread).
 */
async function timeCalls(fn, reps) {
  await fn();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) await fn();
  const c = process.cpuUsage(c0);
  return { wall: (performance.now() - t0) / 1e3 / reps, cpu: (c.user + c.system) / 1e6 / reps };
}

const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];

// ---- conv2d forward: [64,16,28,28] → 32 channels, 3×3, 'same' ----
const CONV = { N: 64, C: 16, H: 28, W: 28, O: 32, k: 3 };
const convFlops = 2 * CONV.N * CONV.O * CONV.C * CONV.k * CONV.k * CONV.H * CONV.W;

function descentConv() {
  const { N, C, H, W, O, k } = CONV;
  const x = d.tensor(inputData(N * C * H * W, 1), { shape: [N, C, H, W] });
  const w = d.tensor(inputData(O * C * k * k, 2), { shape: [O, C, k, k] });
  return { run: () => d.nn.functional.conv2d(x, w, null, { padding: 'same' }).dispose(), dispose: () => { x.dispose(); w.dispose(); } };
}

function tfConv(tf) {
  const { N, C, H, W, O, k } = CONV;
  const x = tf.tensor(inputData(N * C * H * W, 1), [N, H, W, C]); // TF.js's native NHWC
  const w = tf.tensor(inputData(O * C * k * k, 2), [k, k, C, O]);
  return { run: () => tf.conv2d(x, w, 1, 'same').dispose(), dispose: () => { x.dispose(); w.dispose(); } };
}

function jaxConv(jax) {
  const { np, lax } = jax;
  const { N, C, H, W, O, k } = CONV;
  const x = np.array(inputData(N * C * H * W, 1), { shape: [N, C, H, W] });
  const w = np.array(inputData(O * C * k * k, 2), { shape: [O, C, k, k] });
  return {
    run: async () => {
      const y = lax.conv(x.ref, w.ref, [1, 1], 'SAME');
      await y.data(); // consumes y
    },
    dispose: () => { x.dispose(); w.dispose(); },
  };
}

// ---- the digits CNN (examples/cnn-digits.mjs) training step, batch 64 ----
const STEP_BATCH = 64;
const stepFlops = (() => {
  const B = STEP_BATCH;
  const conv1 = 2 * B * 16 * 1 * 9 * 64;
  const conv2 = 2 * B * 32 * 16 * 9 * 64;
  const fc1 = 2 * B * 512 * 64;
  const fc2 = 2 * B * 64 * 10;
  return 2 * conv1 + 3 * (conv2 + fc1 + fc2); // conv1 needs no input gradient
})();

function cnnData() {
  const x = inputData(STEP_BATCH * 64, 3).map((v) => (v + 1) / 2);
  const y = Int32Array.from({ length: STEP_BATCH }, (_, i) => (i * 7) % 10);
  return { x, y };
}

function descentCnnStep() {
  const { buildCnn } = cnnModule;
  const model = buildCnn(0);
  const optimizer = new d.optim.Adam(model.parameters(), { lr: 1e-3 });
  const { x, y } = cnnData();
  const xs = d.tensor(x, { shape: [STEP_BATCH, 1, 8, 8] });
  return {
    run: () => d.tidy(() => {
      optimizer.zeroGrad();
      d.nn.functional.crossEntropy(model.forward(xs), y).backward();
      optimizer.step();
    }),
    dispose: () => { xs.dispose(); model.dispose(); },
  };
}

function tfCnnStep(tf) {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 16, kernelSize: 3, padding: 'same' }),
      tf.layers.batchNormalization(), tf.layers.reLU(),
      tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same' }),
      tf.layers.batchNormalization(), tf.layers.reLU(), tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(), tf.layers.dropout({ rate: 0.25 }),
      tf.layers.dense({ units: 64, activation: 'relu' }), tf.layers.dense({ units: 10 }),
    ],
  });
  const optimizer = tf.train.adam(1e-3);
  const { x, y } = cnnData();
  const xs = tf.tensor(x, [STEP_BATCH, 8, 8, 1]);
  const ys = tf.oneHot(tf.tensor1d(y, 'int32'), 10);
  return {
    run: () => tf.tidy(() => {
      optimizer.minimize(() => tf.losses.softmaxCrossEntropy(ys, model.apply(xs, { training: true })));
    }),
    dispose: () => { xs.dispose(); ys.dispose(); model.dispose(); optimizer.dispose(); },
  };
}

// ---- matmul reference rate ----
const MM = 256;
function descentMatmul() {
  const a = d.tensor(inputData(MM * MM, 4), { shape: [MM, MM] });
  const b = d.tensor(inputData(MM * MM, 5), { shape: [MM, MM] });
  return { run: () => d.matmul(a, b).dispose(), dispose: () => { a.dispose(); b.dispose(); } };
}

const cnnModule = await import('./lib/digits-cnn.mjs');
const { tf, use, info } = await loadTfjs();
let jax = null;
let jaxWhy = quick ? 'skipped (--quick)' : null;
if (!quick) {
  try {
    const mod = await import('@jax-js/jax');
    await mod.init('wasm'); // init() with no argument probes WebGPU and fails in Node (no navigator)
    mod.defaultDevice('wasm');
    jax = { np: mod.numpy, lax: mod.lax, mod };
  } catch (e) {
    jaxWhy = `could not start: ${e.message}`;
  }
}

/** Runs each contestant once per round, in turn; returns { wall, cpu } median seconds per call by name. */
async function interleaved(contestants) {
  const samples = Object.fromEntries(contestants.map((c) => [c.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of contestants) {
      if (c.rounds !== undefined && round >= c.rounds) continue;
      if (c.backend) await use(c.backend);
      samples[c.name].push(await timeCalls(c.bench.run, c.reps));
    }
  }
  for (const c of contestants) c.bench.dispose();
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, { wall: median(v.map((t) => t.wall)), cpu: median(v.map((t) => t.cpu)) }]));
}

const rows = [];
console.log(`descent ${d.version ?? ''} vs TF.js ${info.version} (wasm SIMD ${info.wasmSimd}, threads ${info.wasmThreads})${jax ? ' and @jax-js/jax (wasm)' : ''}; ${ROUNDS} rounds, wall clock\n`);

await use('tfjs-wasm');
const convContestants = [
  { name: 'descent', bench: descentConv(), reps: 4 },
  { name: 'tfjs-wasm', backend: 'tfjs-wasm', bench: (await use('tfjs-wasm'), tfConv(tf)), reps: 4 },
];
await use('tfjs-cpu');
convContestants.push({ name: 'tfjs-cpu', backend: 'tfjs-cpu', bench: tfConv(tf), reps: 1, rounds: 3 });
if (jax) convContestants.push({ name: 'jax-js-wasm', bench: jaxConv(jax), reps: 1, rounds: 2 });
const conv = await interleaved(convContestants);
rows.push(['conv2d [64,16,28,28]→32, 3×3 same (forward)', convFlops, conv]);

await use('tfjs-cpu');
const stepContestants = [
  { name: 'descent', bench: descentCnnStep(), reps: 10 },
  { name: 'tfjs-cpu', backend: 'tfjs-cpu', bench: tfCnnStep(tf), reps: 1, rounds: 3 },
];
if (jax) {
  const { x, y } = cnnData();
  stepContestants.push({ name: 'jax-js-wasm', bench: jaxCnnStep(jax.mod, x, y, STEP_BATCH), reps: 1, rounds: 3 });
}
const step = await interleaved(stepContestants);
const mm = await interleaved([{ name: 'descent', bench: descentMatmul(), reps: 20 }]);
rows.push(['digits CNN training step, batch 64', stepFlops, step]);

const fmt = (x) => (x * 1e3).toFixed(2).padStart(10);
for (const [name, flops, times] of rows) {
  console.log(name);
  for (const [lib, t] of Object.entries(times)) {
    const ratio = lib === 'descent' ? '' : `   ×${(t.wall / times.descent.wall).toFixed(2)} (cpu ×${(t.cpu / times.descent.cpu).toFixed(2)})`;
    console.log(`  ${lib.padEnd(12)} ${fmt(t.wall)} ms wall ${fmt(t.cpu)} ms cpu ${(flops / t.wall / 1e9).toFixed(2).padStart(6)} GFLOP/s${ratio}`);
  }
}
for (const clock of ['wall', 'cpu']) {
  const mmRate = (2 * MM ** 3) / mm.descent[clock] / 1e9;
  const stepRate = stepFlops / step.descent[clock] / 1e9;
  console.log(`${clock}: matmul ${MM}³ ${mmRate.toFixed(2)} GFLOP/s; the CNN step ${stepRate.toFixed(2)} GFLOP/s = ${(100 * stepRate / mmRate).toFixed(0)} % of it`);
}
console.log('(×N: the other library\'s time ÷ descent\'s)');
if (!jax) console.log(`jax-js: ${jaxWhy}`);
else console.log('jax-js: its CNN step is bench/lib/jax-cnn.mjs (valueAndGrad; batch norm without running statistics, a fixed dropout mask)');
