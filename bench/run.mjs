// `npm run bench`: descent against TensorFlow.js 4.22's wasm backend in one process, in
// interleaved rounds on the wall clock, plus this machine's SIMD ceiling, clock and stream
// bandwidth, cold start and bundle size. Prints one table of ratios and every goal of the issue
// (met or not); writes bench/results/latest.json (not tracked: it describes this machine).
//   node --expose-gc bench/run.mjs [--quick] [--rounds n] [--only group[,group]] [--out file]
import { writeFileSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fastest, formatTime, median, rounds, warmUp } from './lib/measure.mjs';
import { loadDescent, loadTfjs } from './lib/libraries.mjs';
import { runProbe } from './lib/probe.mjs';
import { evaluateGoals, renderGoals, renderMachine, renderTable } from './lib/report.mjs';
import { allCases } from './cases.mjs';
import { coldStart } from './coldstart.mjs';
import { bundleSizes } from './bundle.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : undefined);
const quick = args.includes('--quick');
const only = option('--only') ? new Set(option('--only').split(',')) : null;
const roundCount = Number(option('--rounds') ?? (quick ? 3 : 9));
const outFile = option('--out') ?? join(here, 'results', 'latest.json');
const ROUND_MS = quick ? 60 : 200;
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
    // The code measured: the commit, marked when the work tree differs from it.
    commit: (() => {
      const git = (...a) => spawnSync('git', a, { cwd: here, encoding: 'utf8' }).stdout?.trim() ?? '';
      const head = git('rev-parse', '--short', 'HEAD');
      return head === '' ? undefined : `${head}${git('status', '--porcelain', '--untracked-files=no') === '' ? '' : ' + local changes'}`;
    })(),
  };
}

/**
 * descent's share of the probe's SIMD ceiling and of the core's theoretical peak, for a case
 * that counts flops: three times over, the fastest call of a few short bursts set against the
 * ceiling and the clock measured right beside it (best of many short runs, so that both sides
 * are what the code can do when the scheduler leaves it alone); the median of the three. A
 * call is timed on the wall clock when it is short enough to run between two interruptions
 * (under 1 ms), else by its CPU time; with threads, always on the wall clock (CPU time would
 * add the threads up).
 */
function shares(c, run, probe, threads) {
  const probeShares = [];
  const peakShares = [];
  let gflops = [];
  for (let k = 0; k < 3; k++) {
    const ceiling = probe.ceiling() * threads;
    const best = fastest(run, quick ? 3 : 6, 2);
    const seconds = threads > 1 || best.wall < 1e-3 ? best.wall : best.cpu;
    const peak = probe.clock() * 16 * threads;
    const rate = c.flops / seconds / 1e9;
    gflops.push(rate);
    probeShares.push(rate / ceiling);
    peakShares.push(rate / peak);
  }
  return { gflops: median(gflops), ofProbe: median(probeShares), ofPeak: median(peakShares) };
}

async function runCases(selected, probe) {
  const d = await loadDescent();
  const { tf, info } = await loadTfjs();
  const threadsAvailable = typeof d.setNumThreads === 'function';
  const rows = [];
  for (const c of selected) {
    const { setup, ...row } = c;
    const threads = c.threads ?? 1;
    if (threads > 1) {
      const got = threadsAvailable ? await d.setNumThreads(threads) : 1;
      if (got !== threads) {
        const why = threadsAvailable ? `d.setNumThreads(${threads}) gave ${got}` : 'this descent has no d.setNumThreads';
        rows.push({ ...row, skipped: why });
        log(`  ${c.name}: skipped (${why})`);
        if (threadsAvailable) await d.setNumThreads(1);
        continue;
      }
    }
    const subjects = {};
    const disposers = [];
    try {
      for (const [library, make] of Object.entries(setup)) {
        const s = make(library === 'descent' ? d : tf);
        disposers.push(s.dispose);
        warmUp(s.run, quick ? 30 : 150);
        subjects[library] = s.run;
      }
      const per = await rounds(subjects, { count: roundCount, roundMs: ROUND_MS });
      const results = {};
      for (const [library, slices] of Object.entries(per)) {
        results[library] = { wall: median(slices.map((s) => s.wall)), cpu: median(slices.map((s) => s.cpu)), calls: slices.reduce((a, s) => a + s.calls, 0) };
      }
      const ratiosWall = per.descent.map((s, r) => per['tfjs-wasm'][r].wall / s.wall);
      const ratiosCpu = per.descent.map((s, r) => per['tfjs-wasm'][r].cpu / s.cpu);
      const entry = {
        ...row, results, rounds: roundCount,
        ratio: { wall: median(ratiosWall), cpu: median(ratiosCpu), wallMin: Math.min(...ratiosWall), wallMax: Math.max(...ratiosWall) },
      };
      if (c.flops) entry.share = shares(c, subjects.descent, probe, threads);
      if (c.bytes) entry.gbPerSecond = c.bytes / results.descent.wall / 1e9;
      rows.push(entry);
      log(`  ${c.name}: descent ${formatTime(results.descent.wall)}, TF.js ${formatTime(results['tfjs-wasm'].wall)}, ` +
        `×${entry.ratio.wall.toFixed(2)} (rounds ${entry.ratio.wallMin.toFixed(2)}–${entry.ratio.wallMax.toFixed(2)}; CPU ×${entry.ratio.cpu.toFixed(2)})` +
        (entry.share ? `; ${(100 * entry.share.ofProbe).toFixed(0)}% of probe, ${(100 * entry.share.ofPeak).toFixed(0)}% of peak` : ''));
    } finally {
      for (const dispose of disposers) dispose();
      if (threads > 1) await d.setNumThreads(1);
    }
  }
  return { rows, tfjsInfo: info, threadsAvailable };
}

if (typeof globalThis.gc !== 'function') log('note: run with node --expose-gc (npm run bench does) so each slice starts from a collected heap');
const report = {
  machine: machine(),
  settings: { quick, rounds: roundCount, roundMs: ROUND_MS, clock: 'wall', timing: 'median of per-round ratios; descent and TF.js wasm take turns in ~1 ms blocks within each round, wall clock' },
};
log(`machine: ${renderMachine(report.machine)}; load average ${report.machine.loadAverageAtStart.toFixed(2)}`);
log('probe: SIMD ceiling, clock, stream bandwidth');
const { ceiling, clock, ...probeFigures } = await runProbe();
report.probe = probeFigures;
log(`  ${report.probe.gflops.toFixed(1)} GFLOP/s; clock ${report.probe.clockGHz.toFixed(2)} GHz (peak ${report.probe.peakGflops.toFixed(1)} GFLOP/s); ` +
  `copy ${report.probe.bandwidth.copy.toFixed(1)}, triad ${report.probe.bandwidth.triad.toFixed(1)}, read ${report.probe.bandwidth.read.toFixed(1)} GB/s`);

let cases = allCases().filter((c) => !only || only.has(c.group));
if (quick) cases = cases.filter((c) => c.group !== 'matmul' || [64, 512].includes(c.size));
log(`cases: ${cases.length}, ${roundCount} rounds each`);
const { rows, tfjsInfo, threadsAvailable } = await runCases(cases, { ceiling, clock });
report.tfjs = tfjsInfo;
report.threadsAvailable = threadsAvailable;
report.cases = rows;
if (!only || only.has('coldstart')) {
  log('cold start');
  report.coldStart = coldStart(quick ? 3 : 9);
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

mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
console.log(`descent vs TensorFlow.js ${tfjsInfo.version} wasm (SIMD ${tfjsInfo.wasmSimd}, threads ${tfjsInfo.wasmThreads}) on ${renderMachine(report.machine)}`);
console.log(`load average ${report.machine.loadAverageAtStart.toFixed(1)} at the start, ${report.machine.loadAverageAtEnd.toFixed(1)} at the end`);
console.log(`probe: SIMD ceiling ${report.probe.gflops.toFixed(1)} GFLOP/s, clock ${report.probe.clockGHz.toFixed(2)} GHz ` +
  `(theoretical peak ${report.probe.peakGflops.toFixed(1)} GFLOP/s); stream copy ${report.probe.bandwidth.copy.toFixed(1)}, ` +
  `triad ${report.probe.bandwidth.triad.toFixed(1)}, read ${report.probe.bandwidth.read.toFixed(1)} GB/s\n`);
console.log(renderTable(report));
console.log(`\n${renderGoals(report.goals)}`);
console.log(`\nwrote ${outFile}`);
