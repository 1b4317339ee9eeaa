// Timing primitives. The main clock is the wall clock: the contestants run in interleaved
// rounds, taking turns in blocks of about a millisecond within each round, each round gives one
// ratio, and a case's figure is the median of its per-round ratios; so load from other
// processes on this shared machine lands on both sides of a ratio. Every block also records this
// process's CPU time (user + system, all threads) as a cross-check.

/** Runs fn for about `ms` of wall time (at least `minCalls` calls): seconds per call on both clocks. */
export function slice(fn, ms, minCalls = 1) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let calls = 0;
  let t = t0;
  while (calls < minCalls || t - t0 < ms) {
    fn();
    calls++;
    t = performance.now();
  }
  const cpu = process.cpuUsage(cpu0);
  return { wall: (t - t0) / 1e3 / calls, cpu: (cpu.user + cpu.system) / 1e6 / calls, calls };
}

/**
 * The fastest of `samples` short bursts (each about `ms`, at least one call): seconds per call
 * on the wall clock and, separately, in CPU time. On a loaded machine a burst the scheduler
 * left alone shows what the code can do; a call longer than the scheduler's time slice is
 * never left alone, and its CPU time (which does not count the time others ran) is the
 * figure to use. Only for shares of the probe's ceiling, never for ratios.
 */
export function fastest(fn, samples, ms = 2) {
  let wall = Infinity;
  let cpu = Infinity;
  for (let s = 0; s < samples; s++) {
    const r = slice(fn, ms);
    wall = Math.min(wall, r.wall);
    cpu = Math.min(cpu, r.cpu);
  }
  return { wall, cpu };
}

/** Calls fn until `ms` have passed (at least twice), so Wasm has tiered up and JITs have settled. */
export function warmUp(fn, ms) {
  const t0 = performance.now();
  let calls = 0;
  while (calls < 2 || (performance.now() - t0 < ms && calls < 5000)) {
    fn();
    calls++;
  }
}

export function median(values) {
  const s = values.filter((v) => Number.isFinite(v)).sort((x, y) => x - y);
  if (s.length === 0) return null;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Interleaved rounds over named subjects ({ name: fn }). Within a round the subjects take turns
 * in blocks of about `blockMs` (at least one call), the order of each turn alternating, until the
 * round has lasted `roundMs`; so the scheduler's interruptions, which on a loaded machine come
 * every few milliseconds, fall on every subject alike. Returns per subject the per-round
 * { wall, cpu, calls } (seconds per call on each clock).
 */
export async function rounds(subjects, { count, roundMs, blockMs = 1 }) {
  const names = Object.keys(subjects);
  const perCall = Object.fromEntries(names.map((n) => [n, slice(subjects[n], 5).wall]));
  const block = Object.fromEntries(names.map((n) => [n, Math.max(1, Math.round((blockMs / 1e3) / perCall[n]))]));
  const out = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < count; r++) {
    globalThis.gc?.(); // nobody pays for the previous round's garbage
    const acc = Object.fromEntries(names.map((n) => [n, { wall: 0, cpu: 0, calls: 0 }]));
    const start = performance.now();
    for (let turn = 0; turn < 2 || performance.now() - start < roundMs; turn++) {
      for (const name of turn % 2 === 0 ? names : [...names].reverse()) {
        const fn = subjects[name];
        const k = block[name];
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        for (let i = 0; i < k; i++) fn();
        const t1 = performance.now();
        const cpu = process.cpuUsage(cpu0);
        const a = acc[name];
        a.wall += (t1 - t0) / 1e3;
        a.cpu += (cpu.user + cpu.system) / 1e6;
        a.calls += k;
      }
    }
    for (const name of names) {
      const a = acc[name];
      out[name].push({ wall: a.wall / a.calls, cpu: a.cpu / a.calls, calls: a.calls });
    }
  }
  return out;
}

/** Formats seconds with a unit that keeps three significant figures. */
export function formatTime(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 1e-6) return `${(seconds * 1e9).toPrecision(3)} ns`;
  if (seconds < 1e-3) return `${(seconds * 1e6).toPrecision(3)} µs`;
  if (seconds < 1) return `${(seconds * 1e3).toPrecision(3)} ms`;
  return `${seconds.toPrecision(3)} s`;
}
