// Runs the probe module (bench/probe/ceiling.ts, our own AssemblyScript): the SIMD ceiling as
// the best of two shapes of independent f32x4 multiply+add chains, the core's clock from a
// dependent chain of one-cycle integer operations, and stream bandwidth (copy, triad, read) over
// arrays larger than the last-level cache. Each is the best of many short runs on the wall clock.
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

/** The best rate over `repeats` runs of run() on the wall clock: a ceiling is a capability, and noise only ever slows a run down. */
function bestRate(run, work, repeats) {
  let best = 0;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    run();
    best = Math.max(best, work / ((performance.now() - t0) / 1e3));
  }
  return best;
}

/**
 * The probe: { gflops, chains: {mulAdd, split}, clockGHz, peakGflops, bandwidth: {copy, triad,
 * read}, ceiling(), clock() }. ceiling() re-measures the SIMD ceiling (GFLOP/s) and clock() the
 * core's clock (GHz) in a few milliseconds each, as the best of many short runs, so a kernel can
 * be set against the figures of its own moment; the theoretical peak is clock × 16 flop/cycle
 * (an f32x4 multiply and an f32x4 add issued every cycle on each of two pipes, the most a core
 * of this kind can do without FMA).
 */
export async function runProbe() {
  const { instance } = await WebAssembly.instantiate(await buildProbe(), { env: { abort() {} } });
  const P = instance.exports;
  const CHAIN = 50_000; // 4.8 MFLOP, about 0.1 ms
  const DEP = 50_000; // 800 K dependent operations, about 0.3 ms
  for (let i = 0; i < 40; i++) { // reach the optimising tier first
    P.mulAddChains(CHAIN, 0.5, 0.25);
    P.splitChains(CHAIN, 1);
    P.dependentChain(DEP, 3, 5);
  }
  const chains = (repeats) => ({
    mulAdd: bestRate(() => P.mulAddChains(CHAIN, 0.5, 0.25), CHAIN * 12 * 8, repeats) / 1e9,
    split: bestRate(() => P.splitChains(CHAIN, 1), CHAIN * 12 * 8 / 2, repeats) / 1e9,
  });
  const ceiling = (repeats = 30) => {
    const c = chains(repeats);
    return Math.max(c.mulAdd, c.split);
  };
  const clock = (repeats = 30) => bestRate(() => P.dependentChain(DEP, 3, 5), DEP * 16, repeats) / 1e9;
  const { mulAdd, split } = chains(200);
  const clockGHz = clock(200);

  const memory = P.memory;
  const base = P.heapBase();
  const bytes = STREAM_FLOATS * 4;
  const need = base + 3 * bytes;
  if (need > memory.buffer.byteLength) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
  const [a, b, c] = [base, base + bytes, base + 2 * bytes];
  new Float32Array(memory.buffer, a, 3 * STREAM_FLOATS).fill(1);
  P.streamCopy(b, a, STREAM_FLOATS);
  P.streamTriad(a, b, c, 0.5, STREAM_FLOATS);
  const copy = bestRate(() => P.streamCopy(b, a, STREAM_FLOATS), 8 * STREAM_FLOATS, 9) / 1e9;
  const triad = bestRate(() => P.streamTriad(a, b, c, 0.5, STREAM_FLOATS), 12 * STREAM_FLOATS, 9) / 1e9;
  const read = bestRate(() => P.streamRead(a, STREAM_FLOATS), 4 * STREAM_FLOATS, 9) / 1e9;
  return {
    gflops: Math.max(mulAdd, split), chains: { mulAdd, split }, clockGHz, peakGflops: clockGHz * 16,
    bandwidth: { copy, triad, read }, ceiling, clock,
  };
}
