// `npm run bench`: descent against TensorFlow.js 4.22 (wasm and cpu backends) in one process,
// plus this machine's SIMD ceiling and stream bandwidth, cold start and bundle size. Prints one
// table of ratios and the goal verdicts; writes bench/results/latest.json.
//   node --expose-gc bench/run.mjs [--quick] [--clock cpu|wall] [--only group[,group]] [--out file]
// The clock (bench/lib/measure.mjs) is this process's CPU time unless --clock wall.
import { writeFileSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure, formatTime } from './lib/measure.mjs';
import { LIBRARIES, inputData, loadDescent, loadTfjs } from './lib/libraries.mjs';
import { runProbe } from './lib/probe.mjs';
import { evaluateGoals, renderGoals, renderMachine, renderTable } from './lib/report.mjs';
import { allCases } from './cases.mjs';
import { coldStart } from './coldstart.mjs';
import { bundleSizes } from './bundle.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? new Set(args[onlyAt + 1].split(',')) : null;
const clockAt = args.indexOf('--clock');
const clock = clockAt >= 0 ? args[clockAt + 1] : 'cpu';
if (clock !== 'cpu' && clock !== 'wall') throw new Error(`--clock must be cpu or wall, got ${clock}`);
const outAt = args.indexOf('--out');
const outFile = outAt >= 0 ? args[outAt + 1] : join(here, 'results', 'latest.json');
const log = (text) => process.stderr.write(`${text}\n`);

function machine() {
  const lscpu = spawnSync('lscpu', { encoding: 'utf8' }).stdout ?? '';
  const field = (name) => lscpu.match(new RegExp(`^${name}:\\s*(.+)$`, 'm'))?.[1].trim();
  return {
    cpu: field('Model name') ?? cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    hypervisor: field('Hypervisor vendor') ? `${field('Hypervisor vendor')} guest` : undefined,
    node: process.versions.node,
    v8: process.versions.v8,
    date: new Date().toISOString(),
    loadAverageAtStart: loadavg()[0],
  };
}

/** Runs fn until ~budget ms have passed (at least twice), so Wasm has tiered up and JITs settled. */
function warmUp(fn, budget) {
  const t0 = performance.now();
  let calls = 0;
  while (calls < 2 || (performance.now() - t0 < budget && calls < 2000)) {
    fn();
    calls++;
  }
}

/**
 * Measures every case: descent and TF.js wasm twice each, in turns (descent, wasm, cpu, wasm,
 * descent), keeping each library's faster pass, so a burst of load on the shared machine during
 * one pass does not decide a ratio; TF.js cpu, far behind and slow to run, once.
 */
async function runCases(selected, probe) {
  const d = await loadDescent();
  const tfjs = await loadTfjs();
  const order = [...LIBRARIES, 'tfjs-wasm', 'descent'];
  const rows = [];
  for (const c of selected) {
    const passes = {};
    for (const library of order) {
      const setup = c.setup[library];
      if (!setup) continue;
      if (library !== 'descent') await tfjs.use(library);
      const subject = setup(library === 'descent' ? d : tfjs.tf);
      try {
        // A full collection first, so no library is billed (on the CPU clock, which counts
        // V8's helper threads) for collecting the garbage the previous one left.
        globalThis.gc?.();
        warmUp(subject.run, quick ? 30 : 100);
        // descent's matmuls get longer, so their fastest sample (set against the ceiling) settles.
        const maxTime = quick ? 0.1 : library === 'descent' && c.flops ? 0.6 : 0.3;
        const result = measure(subject.run, { clock, maxTime });
        if (library === 'descent' && c.flops) result.ceiling = probe.ceiling(); // this moment's ceiling
        (passes[library] ??= []).push(result);
      } finally {
        subject.dispose();
      }
    }
    const results = {};
    for (const [library, list] of Object.entries(passes)) {
      const kept = list.reduce((x, y) => (y.seconds < x.seconds ? y : x));
      results[library] = { ...kept, passes: list.map((r) => r.seconds), best: Math.min(...list.map((r) => r.best)) };
      if (kept.ceiling) results[library].ceiling = Math.max(...list.map((r) => r.ceiling));
    }
    const { setup, ...row } = c;
    rows.push({ ...row, results });
    log(`  ${c.name}: ${LIBRARIES.map((l) => `${l} ${formatTime(results[l]?.seconds)}`).join(', ')}`);
  }
  return { rows, tfjsInfo: tfjs.info };
}

if (typeof globalThis.gc !== 'function') log('note: run with node --expose-gc (npm run bench does) so each measurement starts from a collected heap');
/**
 * The transposed variants against the plain one, for the goal "within 10%": descent's three
 * products measured in rounds (A·B, Aᵀ·B, A·Bᵀ, A·B, …) so that all three see the same machine
 * state; each variant's fastest sample over the rounds, as time ratios to A·B.
 */
async function transposedRatios(sizes) {
  const d = await loadDescent();
  const out = [];
  for (const n of sizes) {
    const a = d.tensor(inputData(n * n, 1), { shape: [n, n] });
    const b = d.tensor(inputData(n * n, 2), { shape: [n, n] });
    const ops = [d.matmul, d.matmulTransposedA, d.matmulTransposedB];
    const times = ops.map(() => []);
    for (let round = 0; round < (quick ? 2 : 5); round++) {
      ops.forEach((op, v) => {
        const run = () => op(a, b).dispose();
        warmUp(run, 20);
        times[v].push(measure(run, { clock, maxTime: 0.15, crossCheck: 0 }).best);
      });
    }
    a.dispose();
    b.dispose();
    const [ab, atb, abt] = times.map((xs) => Math.min(...xs));
    out.push({ n, seconds: { AB: ab, ATB: atb, ABT: abt }, ATB: atb / ab, ABT: abt / ab });
    log(`  ${n}²: Aᵀ·B ${(atb / ab).toFixed(3)}×, A·Bᵀ ${(abt / ab).toFixed(3)}× the time of A·B`);
  }
  return out;
}

const report = {
  machine: machine(),
  settings: { quick, clock, timing: `median cycle time of benchmark.js samples, ${clock === 'cpu' ? 'CPU time of this process' : 'wall clock'}` },
};
log(`machine: ${renderMachine(report.machine)}; load average ${report.machine.loadAverageAtStart.toFixed(2)}`);
log('probe: SIMD ceiling and stream bandwidth');
const { ceiling, ...probeFigures } = await runProbe(clock);
report.probe = { ...probeFigures, ceiling };
log(`  ${report.probe.gflops.toFixed(1)} GFLOP/s; copy ${report.probe.bandwidth.copy.toFixed(1)} GB/s, triad ${report.probe.bandwidth.triad.toFixed(1)} GB/s, read ${report.probe.bandwidth.read.toFixed(1)} GB/s`);

let cases = allCases().filter((c) => !only || only.has(c.group));
if (quick) cases = cases.filter((c) => c.group !== 'matmul' || [64, 256].includes(c.size));
log(`cases: ${cases.length}`);
const { rows, tfjsInfo } = await runCases(cases, report.probe);
report.tfjs = tfjsInfo;
report.cases = rows;
if (!only || only.has('matmul')) {
  log('transposed variants, interleaved');
  report.transposed = await transposedRatios(quick ? [64, 256] : [32, 64, 128, 256, 512, 1024]);
}
if (!only || only.has('coldstart')) {
  log('cold start');
  report.coldStart = coldStart(quick ? 3 : 7);
}
if (!only || only.has('bundle')) {
  log('bundle size');
  try {
    report.bundle = await bundleSizes();
  } catch (e) {
    log(`  bundle size not measured: ${e.message}`); // esbuild missing, most likely
  }
}
report.goals = evaluateGoals(report);
report.machine.loadAverageAtEnd = loadavg()[0];

delete report.probe.ceiling;
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
console.log(`descent vs TensorFlow.js ${tfjsInfo.version} (wasm: SIMD ${tfjsInfo.wasmSimd}, threads ${tfjsInfo.wasmThreads}) on ${renderMachine(report.machine)}`);
console.log(`SIMD ceiling ${report.probe.gflops.toFixed(1)} GFLOP/s; stream copy ${report.probe.bandwidth.copy.toFixed(1)}, triad ${report.probe.bandwidth.triad.toFixed(1)}, read ${report.probe.bandwidth.read.toFixed(1)} GB/s\n`);
console.log(renderTable(report));
console.log(`\n${renderGoals(report.goals)}`);
console.log(`\nwrote ${outFile}`);
