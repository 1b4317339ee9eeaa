// Matmul throughput of descent's kernels: GFLOP/s for square n = 64…1024, all three variants,
// timed through the public API (allocating and freeing each result), each the fastest call of a
// few short bursts on the wall clock. `--tfjs` adds TF.js wasm.
//   node bench/matmul.mjs [--tfjs]
import { fastest, warmUp } from './lib/measure.mjs';
import { loadDescent, loadTfjs, inputData } from './lib/libraries.mjs';

const d = await loadDescent();
const tfjs = process.argv.includes('--tfjs') ? await loadTfjs() : null;
const SIZES = [64, 128, 256, 512, 1024];
const gflops = (n, seconds) => (2 * n ** 3) / seconds / 1e9;

/** The fastest call of a few short bursts, wall clock: what the kernel does when left alone. */
function time(fn) {
  warmUp(fn, 100); // let the kernels tier up
  return fastest(fn, 8, 20).wall;
}

const header = ['n', 'A·B', 'Aᵀ·B', 'A·Bᵀ', ...(tfjs ? ['TF.js wasm A·B'] : [])];
console.log(header.map((h) => h.padStart(15)).join(''));
for (const n of SIZES) {
  const a = d.tensor(inputData(n * n, 1), { shape: [n, n] });
  const b = d.tensor(inputData(n * n, 2), { shape: [n, n] });
  const row = [n];
  for (const op of [d.matmul, d.matmulTransposedA, d.matmulTransposedB]) row.push(gflops(n, time(() => op(a, b).dispose())).toFixed(1));
  a.dispose();
  b.dispose();
  if (tfjs) {
    const { tf } = tfjs;
    const ta = tf.tensor(inputData(n * n, 1), [n, n]);
    const tb = tf.tensor(inputData(n * n, 2), [n, n]);
    row.push(gflops(n, time(() => tf.matMul(ta, tb).dispose())).toFixed(1));
    ta.dispose();
    tb.dispose();
  }
  console.log(row.map((v) => String(v).padStart(15)).join(''));
}
console.log('(GFLOP/s)');
