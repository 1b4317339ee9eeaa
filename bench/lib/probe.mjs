// Runs the probe module (bench/probe/ceiling.ts, our own AssemblyScript): the SIMD ceiling as
// the best of two shapes of independent f32x4 multiply+add chains, and stream bandwidth (copy,
// triad, read) over arrays larger than the last-level cache. Each is the best of several runs,
// timed on the same clock as the cases.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const STREAM_FLOATS = 8 * 1024 * 1024; // 32 MB per array

async function buildProbe() {
  const asc = (await import('assemblyscript/asc')).default;
  const output = [];
  const sink = { write: (text) => output.push(String(text)) };
  const { error } = await asc.main(
    [join(root, 'bench/probe/ceiling.ts'), '--config', join(root, 'asconfig.json'), '--target', 'probe',
      '--outFile', join(root, 'build/probe.wasm')],
    { stdout: sink, stderr: sink },
  );
  if (error) throw new Error(`building the probe failed: ${error.message}\n${output.join('')}`);
  return readFileSync(join(root, 'build/probe.wasm'));
}

/**
 * The best rate over repeats, timed on the chosen clock ('cpu': this process's CPU time): a
 * ceiling is a capability, and noise only ever slows a run down. (Kernels are compared with it
 * through their fastest samples, the same statistic.)
 */
function bestRate(run, work, repeats, clock) {
  const rates = [];
  for (let r = 0; r < repeats; r++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    run();
    const cpu = process.cpuUsage(cpu0);
    const seconds = clock === 'cpu' ? (cpu.user + cpu.system) / 1e6 : (performance.now() - t0) / 1e3;
    rates.push(work / seconds);
  }
  return Math.max(...rates);
}

/**
 * { gflops, chains: {mulAdd, split}, bandwidth: {copy, triad, read}, ceiling() } in GFLOP/s and
 * GB/s; ceiling() re-measures the SIMD ceiling in about 0.2 s, so a kernel can be compared with
 * the ceiling of its own moment (the machine's speed drifts with other people's load).
 */
export async function runProbe(clock = 'cpu') {
  const { instance } = await WebAssembly.instantiate(await buildProbe(), { env: { abort() {} } });
  const P = instance.exports;
  const iterations = 1_000_000; // about 20 ms per run
  P.mulAddChains(100_000, 0.5, 0.25); // reach the optimising tier first
  P.splitChains(100_000, 1);
  const chains = (repeats) => ({
    mulAdd: bestRate(() => P.mulAddChains(iterations, 0.5, 0.25), iterations * 12 * 8, repeats, clock) / 1e9,
    split: bestRate(() => P.splitChains(iterations, 1), iterations * 12 * 8 / 2, repeats, clock) / 1e9,
  });
  const ceiling = () => {
    const c = chains(5);
    return Math.max(c.mulAdd, c.split);
  };
  const { mulAdd, split } = chains(15);

  const memory = P.memory;
  const base = P.heapBase();
  const bytes = STREAM_FLOATS * 4;
  const need = base + 3 * bytes;
  if (need > memory.buffer.byteLength) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
  const [a, b, c] = [base, base + bytes, base + 2 * bytes];
  new Float32Array(memory.buffer, a, 3 * STREAM_FLOATS).fill(1);
  P.streamCopy(b, a, STREAM_FLOATS);
  P.streamTriad(a, b, c, 0.5, STREAM_FLOATS);
  const copy = bestRate(() => P.streamCopy(b, a, STREAM_FLOATS), 8 * STREAM_FLOATS, 7, clock) / 1e9;
  const triad = bestRate(() => P.streamTriad(a, b, c, 0.5, STREAM_FLOATS), 12 * STREAM_FLOATS, 7, clock) / 1e9;
  const read = bestRate(() => P.streamRead(a, STREAM_FLOATS), 4 * STREAM_FLOATS, 7, clock) / 1e9;
  return { gflops: Math.max(mulAdd, split), chains: { mulAdd, split }, bandwidth: { copy, triad, read }, ceiling };
}
