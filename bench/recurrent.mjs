// Recurrent bench (issue 15): one LSTM training step — sequence 32, batch 32, input 64, hidden
// 128, a linear read-out of the last step, mean squared error, SGD — descent against
// TensorFlow.js wasm (XNNPACK, SIMD) in one process, interleaved round by round, on the wall
// clock (CPU time printed beside it as a cross-check); medians and ratios printed.
//
//   npm run bench:recurrent            (npm run bench:recurrent -- --quick: fewer rounds)
import * as d from 'descent-ml';
import { loadTfjs, inputData } from './lib/libraries.mjs';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 3 : 7;
const REPS = quick ? 2 : 5;
const T = 32, B = 32, I = 64, H = 128;

async function timeCalls(fn, reps) {
  await fn();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) await fn();
  const c = process.cpuUsage(c0);
  return { wall: (performance.now() - t0) / 1e3 / reps, cpu: (c.user + c.system) / 1e6 / reps };
}
const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];

function descentStep() {
  const lstm = new d.nn.LSTM(I, H, { seed: 1 });
  const head = new d.nn.Linear(H, 1, { seed: 2 });
  const params = [...lstm.parameters(), ...head.parameters()];
  const opt = new d.optim.SGD(params, { lr: 0.01 });
  const x = d.tensor(inputData(T * B * I, 3), { shape: [T, B, I] });
  const y = d.tensor(inputData(B, 4), { shape: [B, 1] });
  return {
    run: () => d.tidy(() => {
      opt.zeroGrad();
      const [, [hN]] = lstm.forward(x);
      const loss = d.nn.functional.mseLoss(head.forward(hN.reshape([B, H])), y);
      loss.backward();
      opt.step();
    }),
  };
}

function tfStep(tf) {
  const model = tf.sequential();
  model.add(tf.layers.lstm({ units: H, inputShape: [T, I], recurrentInitializer: 'glorotUniform' }));
  model.add(tf.layers.dense({ units: 1 }));
  const opt = tf.train.sgd(0.01);
  const x = tf.tensor(inputData(T * B * I, 3), [B, T, I]);
  const y = tf.tensor(inputData(B, 4), [B, 1]);
  return {
    run: () => {
      const cost = opt.minimize(() => tf.losses.meanSquaredError(y, model.apply(x)), true);
      cost.dataSync();
      cost.dispose();
    },
  };
}

const { tf, use } = await loadTfjs();
await use('tfjs-wasm');
const ours = descentStep();
const theirs = tfStep(tf);
const times = { descent: [], tf: [] };
for (let r = 0; r < ROUNDS; r++) {
  times.descent.push(await timeCalls(ours.run, REPS));
  times.tf.push(await timeCalls(theirs.run, REPS));
}
const md = (k, f) => median(times[k].map((t) => t[f]));
console.log(`LSTM training step (T ${T}, batch ${B}, input ${I}, hidden ${H}), ${ROUNDS} interleaved rounds of ${REPS}, medians:`);
for (const f of ['wall', 'cpu']) {
  console.log(`  ${f.padEnd(4)}: descent ${(md('descent', f) * 1e3).toFixed(1)} ms, TF.js wasm ${(md('tf', f) * 1e3).toFixed(1)} ms → ×${(md('tf', f) / md('descent', f)).toFixed(2)}`);
}
