// Timing through benchmark.js: repeated cycles until the sample is statistically settled (or
// maxTime runs out), reporting the median cycle time, which shrugs off spikes.
//
// Two clocks. 'wall' is benchmark.js's usual high-resolution timer. 'cpu' is this process's CPU
// time (user + system, all its threads), fed to benchmark.js as its hrtime: on a machine
// shared with other busy processes, wall time counts the time slices they take, CPU time
// mostly does not, so 'cpu' is the default. Each measurement also times ~0.1 s of calls on
// both clocks as a cross-check.
import Benchmark from 'benchmark';

/** process.hrtime's contract ([seconds, nanoseconds], or the difference from `previous`) on CPU time. */
function cpuHrtime(previous) {
  const usage = process.cpuUsage();
  const micros = usage.user + usage.system;
  const seconds = Math.floor(micros / 1e6);
  const nanos = (micros - seconds * 1e6) * 1e3;
  if (!previous) return [seconds, nanos];
  let ds = seconds - previous[0];
  let dn = nanos - previous[1];
  if (dn < 0) {
    ds -= 1;
    dn += 1e9;
  }
  return [ds, dn];
}

const BENCHMARKS = {
  wall: Benchmark,
  cpu: Benchmark.runInContext({ process: { hrtime: cpuHrtime } }),
};

/**
 * Seconds per call of fn on `clock`: { seconds (median sample), best (fastest sample), clock,
 * mean, rme (%), samples, wallSeconds, cpuSeconds } — the last two from the cross-check.
 */
export function measure(fn, { clock = 'cpu', maxTime = 0.4, minSamples = 5, crossCheck = 0.15 } = {}) {
  const bench = new BENCHMARKS[clock]({ fn, maxTime, minSamples, initCount: 1, async: false, defer: false });
  bench.run();
  if (bench.error) throw bench.error;
  const sample = bench.stats.sample.slice().sort((x, y) => x - y);
  const seconds = sample[sample.length >> 1];
  // The cross-check: five chunks of about crossCheck / 5 seconds, the median chunk on each clock.
  const calls = crossCheck > 0 ? Math.max(1, Math.round(crossCheck / 5 / seconds)) : 0;
  const walls = [];
  const cpus = [];
  for (let chunk = 0; calls > 0 && chunk < 5; chunk++) {
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    for (let i = 0; i < calls; i++) fn();
    walls.push((performance.now() - wall0) / 1e3 / calls);
    const cpu = process.cpuUsage(cpu0);
    cpus.push((cpu.user + cpu.system) / 1e6 / calls);
  }
  const median = (xs) => xs.sort((x, y) => x - y)[xs.length >> 1];
  return {
    seconds,
    best: sample[0],
    clock,
    mean: bench.stats.mean,
    rme: bench.stats.rme,
    samples: sample.length,
    wallSeconds: calls ? median(walls) : null,
    cpuSeconds: calls ? median(cpus) : null,
  };
}

/** Formats seconds with a unit that keeps three significant figures. */
export function formatTime(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 1e-6) return `${(seconds * 1e9).toPrecision(3)} ns`;
  if (seconds < 1e-3) return `${(seconds * 1e6).toPrecision(3)} µs`;
  if (seconds < 1) return `${(seconds * 1e3).toPrecision(3)} ms`;
  return `${seconds.toPrecision(3)} s`;
}
