// Transformer bench (issue 15): one training step of a transformer encoder — 2 post-norm layers
// (torch's default), model width 64, 4 heads, feed-forward 256, ReLU, causal self-attention,
// batch 16 × sequence 64, mean squared error against a fixed target, SGD — descent
// (d.nn.TransformerEncoder) against the same network written in TensorFlow.js ops (TF.js has
// no encoder layer: matMul, softmax, moments-based layer norm, tf.train.sgd), in one process.
// Same conventions as `npm run bench` (bench/lib/measure.mjs): interleaved rounds in which the
// two take turns, one ratio per round on the wall clock (TF.js time ÷ descent time), the
// median of the rounds' ratios printed with their range and the CPU-time ratio as a cross-check.
// The issue asks for the figure, not a goal.
//
//   npm run bench:transformer                       (9 rounds of ~2 s against TF.js wasm)
//   npm run bench:transformer -- --quick            (3 rounds)
//   npm run bench:transformer -- --rounds n
//   npm run bench:transformer -- --backend tfjs-cpu (TF.js's plain JavaScript backend instead)
import * as d from 'descent-ml';
import { loadTfjs, inputData } from './lib/libraries.mjs';
import { formatTime, median, rounds, warmUp } from './lib/measure.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const roundCount = args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : quick ? 3 : 9;
const rival = args.includes('--backend') ? args[args.indexOf('--backend') + 1] : 'tfjs-wasm';
const B = 16, T = 64, D = 64, HEADS = 4, FF = 256, LAYERS = 2, LR = 0.01;
const HD = D / HEADS;

function descentStep() {
  const layer = new d.nn.TransformerEncoderLayer(D, HEADS, { dimFeedforward: FF, dropout: 0, batchFirst: true, seed: 1 });
  const encoder = new d.nn.TransformerEncoder(layer, LAYERS);
  layer.dispose();
  const opt = new d.optim.SGD(encoder.parameters(), { lr: LR });
  const x = d.tensor(inputData(B * T * D, 3), { shape: [B, T, D] });
  const y = d.tensor(inputData(B * T * D, 4), { shape: [B, T, D] });
  return () => d.tidy(() => {
    opt.zeroGrad();
    const loss = d.nn.functional.mseLoss(encoder.forward(x, { isCausal: true }), y);
    loss.backward();
    opt.step();
    loss.item();
  });
}

/** The same encoder in TF.js ops (x·W layout), Glorot-uniform weights, zero biases. */
function tfStep(tf) {
  const glorot = (rows, cols) => tf.variable(tf.randomUniform([rows, cols], -Math.sqrt(6 / (rows + cols)), Math.sqrt(6 / (rows + cols)), 'float32', 7));
  const zeros = (n) => tf.variable(tf.zeros([n]));
  const ones = (n) => tf.variable(tf.ones([n]));
  const layers = Array.from({ length: LAYERS }, () => ({
    wqkv: glorot(D, 3 * D), bqkv: zeros(3 * D), wo: glorot(D, D), bo: zeros(D),
    w1: glorot(D, FF), b1: zeros(FF), w2: glorot(FF, D), b2: zeros(D), g1: ones(D), n1: zeros(D), g2: ones(D), n2: zeros(D),
  }));
  const causal = tf.tensor(Float32Array.from({ length: T * T }, (_, k) => (k % T > Math.floor(k / T) ? -1e9 : 0)), [T, T]);
  const layerNorm = (z, g, b) => {
    const { mean, variance } = tf.moments(z, 1, true);
    return z.sub(mean).mul(tf.rsqrt(variance.add(1e-5))).mul(g).add(b);
  };
  const heads = (t) => t.reshape([B, T, HEADS, HD]).transpose([0, 2, 1, 3]);
  const block = (x, p) => {
    const [q, k, v] = tf.split(tf.matMul(x, p.wqkv).add(p.bqkv), 3, 1);
    const scores = tf.matMul(heads(q), heads(k), false, true).mul(1 / Math.sqrt(HD)).add(causal);
    const o = tf.matMul(tf.softmax(scores), heads(v)).transpose([0, 2, 1, 3]).reshape([B * T, D]);
    const h = layerNorm(x.add(tf.matMul(o, p.wo).add(p.bo)), p.g1, p.n1);
    const f = tf.matMul(tf.relu(tf.matMul(h, p.w1).add(p.b1)), p.w2).add(p.b2);
    return layerNorm(h.add(f), p.g2, p.n2);
  };
  const opt = tf.train.sgd(LR);
  const x = tf.tensor(inputData(B * T * D, 3), [B * T, D]);
  const y = tf.tensor(inputData(B * T * D, 4), [B * T, D]);
  return () => {
    const cost = opt.minimize(() => tf.losses.meanSquaredError(y, layers.reduce(block, x)), true);
    cost.dataSync();
    cost.dispose();
  };
}

const { tf, use, info } = await loadTfjs();
await use(rival);
const subjects = { descent: descentStep(), [rival]: tfStep(tf) };
for (const fn of Object.values(subjects)) warmUp(fn, quick ? 300 : 1000);
const per = await rounds(subjects, { count: roundCount, roundMs: quick ? 1000 : 2000 });
const ratio = (clock) => per.descent.map((s, r) => per[rival][r][clock] / s[clock]);
const wall = ratio('wall');
const cpu = ratio('cpu');
const ms = (name, clock) => formatTime(median(per[name].map((s) => s[clock])));
const simd = rival === 'tfjs-wasm' ? ` (SIMD ${info.wasmSimd}, threads ${info.wasmThreads})` : '';
console.log(`Transformer-encoder training step (${LAYERS} layers, width ${D}, ${HEADS} heads, feed-forward ${FF}, causal, ` +
  `batch ${B} × sequence ${T}, MSE, SGD): descent vs TF.js ${info.version} ${rival.slice(5)}${simd}, ${roundCount} interleaved rounds, wall clock`);
console.log(`  descent    ${ms('descent', 'wall')} wall, ${ms('descent', 'cpu')} cpu per step`);
console.log(`  ${rival.padEnd(10)} ${ms(rival, 'wall')} wall, ${ms(rival, 'cpu')} cpu per step`);
console.log(`  ratio (TF.js ÷ descent): ×${median(wall).toFixed(2)} median of rounds (range ×${Math.min(...wall).toFixed(2)}–×${Math.max(...wall).toFixed(2)}; ` +
  `CPU time ×${median(cpu).toFixed(2)})`);
