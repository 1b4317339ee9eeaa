// Timing through benchmark.js: repeated cycles until the sample is statistically settled (or
// maxTime runs out), reporting the median cycle time, which shrugs off the spikes a shared
// machine adds, alongside benchmark.js's mean and relative margin of error.
import Benchmark from 'benchmark';

/** Seconds per call of fn: { seconds (median), mean, rme (%), samples }. */
export function measure(fn, { maxTime = 0.4, minSamples = 5 } = {}) {
  const bench = new Benchmark({ fn, maxTime, minSamples, initCount: 1, async: false, defer: false });
  bench.run();
  if (bench.error) throw bench.error;
  const sample = bench.stats.sample.slice().sort((x, y) => x - y);
  return {
    seconds: sample[sample.length >> 1],
    mean: bench.stats.mean,
    rme: bench.stats.rme,
    samples: sample.length,
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
