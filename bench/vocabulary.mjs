// `node --expose-gc bench/vocabulary.mjs [--rounds n]`: the tensor vocabulary's kernels (scans,
// norms, sorting, the pointwise ops) against TensorFlow.js 4.22's wasm backend, in interleaved
// rounds on the wall clock (bench/lib/measure.mjs); prints per case the median over rounds of
// the ratio TF.js time / descent time (> 1: descent is faster). Inputs and outputs are created
// and disposed inside each call on both sides.
import { median, rounds, formatTime } from './lib/measure.mjs';
import { loadDescent, loadTfjs, inputData } from './lib/libraries.mjs';

const args = process.argv.slice(2);
const count = Number(args[args.indexOf('--rounds') + 1] || 7);
const d = await loadDescent();
const { tf } = await loadTfjs();

const rows = 256;
const cols = 1024;
const data = inputData(rows * cols, 3);
const x = d.tensor(data, { shape: [rows, cols] });
const tx = tf.tensor2d(data, [rows, cols]);
const positive = d.tensor(data.map((v) => v + 1.5), { shape: [rows, cols] });
const tpositive = tf.tensor2d(data.map((v) => v + 1.5), [rows, cols]);

const CASES = {
  'cumsum [256,1024] axis 1': [() => x.cumsum(1).dispose(), () => tf.cumsum(tx, 1).dispose()],
  'cumsum [256,1024] axis 0': [() => x.cumsum(0).dispose(), () => tf.cumsum(tx, 0).dispose()],
  'prod [256,1024] axis 1': [() => positive.prod(1).dispose(), () => tf.prod(tpositive, 1).dispose()],
  'norm [256,1024] axis 1': [() => x.norm(2, 1).dispose(), () => tf.norm(tx, 'euclidean', 1).dispose()],
  'topk k=8 of [256,1024]': [() => { const r = x.topk(8); r.values.dispose(); r.indices.dispose(); }, () => { const r = tf.topk(tx, 8); r.values.dispose(); r.indices.dispose(); }],
  'sort rows of [256,1024]': [() => { const r = x.sort(1); r.values.dispose(); r.indices.dispose(); }, () => { const r = tf.topk(tx, cols); r.values.dispose(); r.indices.dispose(); }],
  'log1p 262k': [() => positive.log1p().dispose(), () => tf.log1p(tpositive).dispose()],
  'expm1 262k': [() => x.expm1().dispose(), () => tf.expm1(tx).dispose()],
  'round 262k': [() => x.round().dispose(), () => tf.round(tx).dispose()],
  'rsqrt 262k': [() => positive.rsqrt().dispose(), () => tf.rsqrt(tpositive).dispose()],
};

console.log(`descent vs TF.js ${tf.version_core} (${tf.getBackend()}), ${count} interleaved rounds; ratio = TF.js / descent (median)`);
for (const [name, [ours, theirs]] of Object.entries(CASES)) {
  try {
    theirs();
  } catch (e) {
    console.log(`${name.padEnd(28)} TF.js: ${e.message.split('\n')[0]}`);
    continue;
  }
  const r = await rounds({ descent: ours, tfjs: theirs }, { count, roundMs: 150 });
  const ratio = median(r.tfjs.map((t, i) => t.wall / r.descent[i].wall));
  const ms = (s) => formatTime(median(r[s].map((t) => t.wall)));
  console.log(`${name.padEnd(28)} descent ${ms('descent').padStart(9)}  TF.js ${ms('tfjs').padStart(9)}  ratio ${ratio.toFixed(2)}`);
}
