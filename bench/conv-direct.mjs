// The measurement behind assembly/conv.ts's design: descent's conv2d (im2col + the blocked
// matmul) against a direct SIMD convolution (bench/probe/conv_direct.ts, built here), same
// inputs, interleaved rounds on the wall clock, medians.
//
//   npm run bench:conv-direct
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import * as d from 'descent-ml';
import { inputData } from './lib/libraries.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const asc = (await import('assemblyscript/asc')).default;
const { error } = await asc.main([join(root, 'bench/probe/conv_direct.ts'), '--config', join(root, 'asconfig.json'), '--target', 'probe',
  '--outFile', join(root, 'build/conv-direct.wasm'), '--initialMemory', '2000'], { stdout: { write() {} }, stderr: process.stderr });
if (error) throw error;
const { instance } = await WebAssembly.instantiate(readFileSync(join(root, 'build/conv-direct.wasm')), { env: { abort() {} } });
const mem = new Float32Array(instance.exports.memory.buffer);

function wall(fn, reps) {
  fn();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) fn();
  return (performance.now() - t0) / reps;
}
const median = (v) => v.slice().sort((p, q) => p - q)[v.length >> 1];

for (const [N, C, H, O, reps] of [[64, 16, 28, 32, 2], [64, 16, 8, 32, 10], [64, 1, 8, 16, 40]]) {
  const W = H;
  const xs = inputData(N * C * H * W, 1);
  const ws = inputData(O * C * 9, 2);
  const xp = 64;
  const wp = xp + 4 * xs.length;
  const op = wp + 4 * ws.length;
  mem.set(xs, xp >> 2);
  mem.set(ws, wp >> 2);
  const direct = () => instance.exports.conv2dDirect(xp, wp, op, N, C, H, W, O, 3, 3, 1, 1, H, W);
  const X = d.tensor(xs, { shape: [N, C, H, W] });
  const Wt = d.tensor(ws, { shape: [O, C, 3, 3] });
  const ours = () => d.nn.functional.conv2d(X, Wt, null, { padding: 1 }).dispose();
  const a = [];
  const b = [];
  for (let r = 0; r < 7; r++) {
    a.push(wall(ours, reps));
    b.push(wall(direct, reps));
  }
  const flops = 2 * N * O * C * 9 * H * W;
  const rate = (ms) => (flops / ms / 1e6).toFixed(1);
  console.log(`[${N},${C},${H},${W}]→${O} 3×3 same: im2col+matmul ${median(a).toFixed(2)} ms (${rate(median(a))} GFLOP/s), direct ${median(b).toFixed(2)} ms (${rate(median(b))} GFLOP/s): im2col ${(median(b) / median(a)).toFixed(1)}× faster`);
}
