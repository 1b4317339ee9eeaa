// Recurrent bench (issue 15): one LSTM training step — sequence 32, batch 32, input 64, hidden
// 128, a linear read-out of the last step, mean squared error, SGD — descent against
// TensorFlow.js wasm (XNNPACK, SIMD) in one process. Same conventions as `npm run bench`
// (bench/lib/measure.mjs): interleaved rounds in which the two take turns, one ratio per round
// on the wall clock (TF.js time ÷ descent time), the median of the rounds' ratios printed with
// their range and the CPU-time ratio as a cross-check, and the goal (≥ 5×) met or not.
//
//   npm run bench:recurrent                 (9 rounds of ~2 s, about 25 s)
//   npm run bench:recurrent -- --quick      (3 rounds)
//   npm run bench:recurrent -- --rounds n
import * as d from 'descent-ml';
import { loadTfjs, inputData } from './lib/libraries.mjs';
import { formatTime, median, rounds, warmUp } from './lib/measure.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const roundCount = args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : quick ? 3 : 9;
const GOAL = 5;
const T = 32, B = 32, I = 64, H = 128;

function descentStep() {
  const lstm = new d.nn.LSTM(I, H, { seed: 1 });
  const head = new d.nn.Linear(H, 1, { seed: 2 });
  const opt = new d.optim.SGD([...lstm.parameters(), ...head.parameters()], { lr: 0.01 });
  const x = d.tensor(inputData(T * B * I, 3), { shape: [T, B, I] });
  const y = d.tensor(inputData(B, 4), { shape: [B, 1] });
  return () => d.tidy(() => {
    opt.zeroGrad();
    const [, [hN]] = lstm.forward(x);
    const loss = d.nn.functional.mseLoss(head.forward(hN.reshape([B, H])), y);
    loss.backward();
    opt.step();
    loss.item();
  });
}

function tfStep(tf) {
  const model = tf.sequential();
  model.add(tf.layers.lstm({ units: H, inputShape: [T, I], recurrentInitializer: 'glorotUniform' }));
  model.add(tf.layers.dense({ units: 1 }));
  const opt = tf.train.sgd(0.01);
  const x = tf.tensor(inputData(T * B * I, 3), [B, T, I]);
  const y = tf.tensor(inputData(B, 4), [B, 1]);
  return () => {
    const cost = opt.minimize(() => tf.losses.meanSquaredError(y, model.apply(x)), true);
    cost.dataSync();
    cost.dispose();
  };
}

const { tf, use, info } = await loadTfjs();
await use('tfjs-wasm');
const subjects = { descent: descentStep(), 'tfjs-wasm': tfStep(tf) };
for (const fn of Object.values(subjects)) warmUp(fn, quick ? 200 : 1000);
const per = await rounds(subjects, { count: roundCount, roundMs: quick ? 1000 : 2000 });
const ratio = (clock) => per.descent.map((s, r) => per['tfjs-wasm'][r][clock] / s[clock]);
const wall = ratio('wall');
const cpu = ratio('cpu');
const mid = median(wall);
const ms = (name, clock) => formatTime(median(per[name].map((s) => s[clock])));
console.log(`LSTM training step (T ${T}, batch ${B}, input ${I}, hidden ${H}, SGD): descent vs TF.js ${info.version} wasm ` +
  `(SIMD ${info.wasmSimd}, threads ${info.wasmThreads}), ${roundCount} interleaved rounds, wall clock`);
console.log(`  descent    ${ms('descent', 'wall')} wall, ${ms('descent', 'cpu')} cpu per step`);
console.log(`  tfjs-wasm  ${ms('tfjs-wasm', 'wall')} wall, ${ms('tfjs-wasm', 'cpu')} cpu per step`);
console.log(`  ratio (TF.js ÷ descent): ×${mid.toFixed(2)} median of rounds (range ×${Math.min(...wall).toFixed(2)}–×${Math.max(...wall).toFixed(2)}; ` +
  `CPU time ×${median(cpu).toFixed(2)})`);
console.log(`  goal ≥ ${GOAL}×: ${mid >= GOAL ? 'met' : 'NOT met'}`);
