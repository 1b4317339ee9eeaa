// One cold start, in a fresh process: import the library and compute a first result (a tiny
// matmul read back to JavaScript). Prints { ms, cpuMs, sinceProcessStart } as JSON: wall and
// CPU time (all threads) of the import and first result; performance.now() counts from the
// process's start, so sinceProcessStart includes Node's own boot.
const library = process.argv[2];
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let result;
if (library === 'descent') {
  const d = await import('descent-ml'); // the package entry, as users import it
  result = d.tensor([[1, 2], [3, 4]]).matmul(d.tensor([[5], [6]])).toArray();
} else if (library === 'tfjs-wasm') {
  // As a Node user writes it: the backend finds its .wasm files beside its own script (the same
  // files setWasmPaths(tfjsWasmDir()) names; locating them here would bill TF.js ~2 ms of the
  // bench's own module loading).
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend('wasm'))) throw new Error('TF.js could not start its wasm backend');
  result = tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5], [6]])).arraySync();
} else if (library === 'descent-load-only') {
  // The engine file's code inside a function that never runs (bench/coldstart.mjs writes it):
  // what reading, parsing and linking that much code costs before any of it runs.
  await import(process.argv[3]);
} else if (library !== 'node') {
  throw new Error(`unknown library ${library}`);
}
const t1 = performance.now();
const cpu = process.cpuUsage(cpu0);
process.stdout.write(JSON.stringify({ ms: t1 - t0, cpuMs: (cpu.user + cpu.system) / 1e3, sinceProcessStart: t1, result }));
