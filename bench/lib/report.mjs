// Turns measurements into the ratio table and the goal verdicts. Shared by bench/run.mjs (which
// measures) and bench/readme.mjs (which renders bench/results/latest.json into the README).
import { formatTime } from './measure.mjs';

const time = (r, key = 'seconds') => r?.[key] ?? null;

/** tfjs time / descent time (wall-clock medians, or CPU time with key 'cpuSeconds'): above 1, descent is faster. */
export function speedup(row, library, key = 'seconds') {
  const t = time(row.results[library], key);
  const own = time(row.results.descent, key);
  return t && own ? t / own : null;
}

/**
 * descent's rate and its share of the probe's ceiling (flops) or stream bandwidth (bytes), both
 * best-of: the fastest sample against the probe's best run (measured right after the case, for
 * flops, when there is one), since noise on a shared machine only ever slows a run down.
 */
export function ceilingShare(row, probe) {
  const own = time(row.results.descent, 'best') ?? time(row.results.descent);
  if (!own) return null;
  if (row.flops) {
    const gflops = row.flops / own / 1e9;
    const ceiling = row.results.descent.ceiling ?? probe.gflops;
    return { text: `${gflops.toFixed(1)} GFLOP/s`, percent: (100 * gflops) / ceiling, ceiling };
  }
  if (row.bytes) {
    const gbs = row.bytes / own / 1e9;
    return { text: `${gbs.toFixed(1)} GB/s`, percent: (100 * gbs) / probe.bandwidth[row.stream], of: row.stream };
  }
  return null;
}

const fmtRatio = (x) => (x === null ? '—' : `${x >= 10 ? x.toFixed(0) : x.toFixed(2)}×`);

/** The cross-check's key: the clock the main figures were not taken on. */
function otherClock(report) {
  return report.settings?.clock === 'wall' ? { key: 'cpuSeconds', name: 'CPU time' } : { key: 'wallSeconds', name: 'wall clock' };
}

/** Cold start figures on the report's clock: [descent ms, TF.js ms, the other clock's pair]. */
function coldStartMs(report) {
  const c = report.coldStart;
  const wall = [c.descent.importAndFirstResultMs, c['tfjs-wasm'].importAndFirstResultMs];
  const cpu = [c.descent.importAndFirstResultCpuMs, c['tfjs-wasm'].importAndFirstResultCpuMs];
  return report.settings?.clock === 'wall' ? [...wall, cpu] : [...cpu, wall];
}

/** The one table: every case, then cold start and bundle size, as Markdown. */
export function renderTable(report) {
  const other = otherClock(report);
  const lines = [
    `| case | descent | TF.js wasm | TF.js cpu | × vs wasm | × vs cpu | × vs wasm, ${other.name} | descent's best vs ceiling |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of report.cases) {
    const share = ceilingShare(row, report.probe);
    const shareText = share ? `${share.text} (${share.percent.toFixed(0)}%${share.of ? ` of ${share.of}` : ''})` : '';
    lines.push(`| ${row.name} | ${formatTime(time(row.results.descent))} | ${formatTime(time(row.results['tfjs-wasm']))} | ` +
      `${formatTime(time(row.results['tfjs-cpu']))} | ${fmtRatio(speedup(row, 'tfjs-wasm'))} | ${fmtRatio(speedup(row, 'tfjs-cpu'))} | ` +
      `${fmtRatio(speedup(row, 'tfjs-wasm', other.key))} | ${shareText} |`);
  }
  if (report.coldStart) {
    const [d, t, [od, ot]] = coldStartMs(report);
    lines.push(`| cold start: import + first result (fresh process) | ${d.toFixed(1)} ms | ${t.toFixed(1)} ms | | ${fmtRatio(t / d)} | | ` +
      `${fmtRatio(ot / od)} | Node's own boot: ${report.coldStart.node.sinceProcessStartMs.toFixed(0)} ms |`);
  }
  const size = report.bundle;
  if (size) {
    const kb = (b) => `${(b / 1000).toFixed(1)} kB`;
    lines.push(`| browser bundle, minified + gzip (JS + Wasm) | ${kb(size.descent.gzip)} | ${kb(size.tfjsWasm.gzip)} | | ${fmtRatio(size.tfjsWasm.gzip / size.descent.gzip)} smaller | | | |`);
  }
  return lines.join('\n');
}

function find(report, predicate) {
  return report.cases.filter(predicate);
}

/**
 * The issue's goals, each with what was measured and whether it is met. A ratio goal is judged
 * on the lower of the two clocks' ratios: CPU time bills a library for its background threads
 * (TF.js's garbage collection, for one), wall time for other people's load, and a goal should
 * hold on both.
 */
export function evaluateGoals(report) {
  const other = otherClock(report);
  const cross = (row) => `${other.name}: ${speedup(row, 'tfjs-wasm', other.key).toFixed(2)}×`;
  const judged = (row) => Math.min(speedup(row, 'tfjs-wasm'), speedup(row, 'tfjs-wasm', other.key) ?? Infinity);
  const goals = [];
  const add = (goal, target, measured, met, detail) => goals.push({ goal, target, measured, met, detail });
  const plain = (n) => find(report, (r) => r.group === 'matmul' && r.size === n && r.variant === 'AB')[0];

  const big = [256, 512, 1024].map(plain).filter(Boolean);
  if (big.length) {
    const ratios = big.map((r) => speedup(r, 'tfjs-wasm'));
    const worst = Math.min(...ratios);
    add('matmul n ≥ 256 vs TF.js wasm, same operands every call', '≥ 1.1×', `${worst.toFixed(2)}× (worst of ${big.map((r, i) => `${r.size}: ${ratios[i].toFixed(2)}×`).join(', ')}; ` +
      `${other.name}: ${Math.min(...big.map((r) => speedup(r, 'tfjs-wasm', other.key))).toFixed(2)}×)`, Math.min(...big.map(judged)) >= 1.1);
    const shares = big.map((r) => ceilingShare(r, report.probe).percent);
    const low = Math.min(...shares);
    add('matmul n ≥ 256 share of the SIMD ceiling', '≥ 85%', `${low.toFixed(0)}% (worst of ${big.map((r, i) => `${r.size}: ${shares[i].toFixed(0)}%`).join(', ')}; ` +
      `each against the ceiling measured next to it, ${big.map((r) => ceilingShare(r, report.probe).ceiling.toFixed(1)).join(', ')} GFLOP/s)`, low >= 85);
  }
  const fresh = (n) => find(report, (r) => r.group === 'matmul-fresh' && r.size === n)[0];
  const n64 = plain(64);
  if (n64) {
    const r = speedup(n64, 'tfjs-wasm');
    add('matmul n = 64 vs TF.js wasm, same operands every call', '≥ 2×', `${r.toFixed(2)}× (${cross(n64)})`, judged(n64) >= 2,
      'TF.js keeps its packed copy of B between calls here');
  }
  const f64 = fresh(64);
  if (f64) {
    const r = speedup(f64, 'tfjs-wasm');
    add('matmul n = 64 vs TF.js wasm, B made afresh each call', '≥ 2×', `${r.toFixed(2)}× (${cross(f64)})`, judged(f64) >= 2);
  }
  const freshBig = [256, 512].map(fresh).filter(Boolean);
  if (freshBig.length) {
    const ratios = freshBig.map((r) => speedup(r, 'tfjs-wasm'));
    const worst = Math.min(...ratios);
    add('matmul n ≥ 256 vs TF.js wasm, B made afresh each call', '≥ 1.1×',
      `${worst.toFixed(2)}× (worst of ${freshBig.map((r, i) => `${r.size}: ${ratios[i].toFixed(2)}×`).join(', ')}; ` +
      `${other.name}: ${Math.min(...freshBig.map((r) => speedup(r, 'tfjs-wasm', other.key))).toFixed(2)}×)`, Math.min(...freshBig.map(judged)) >= 1.1);
  }
  if (report.transposed?.length) {
    const slowdowns = report.transposed.flatMap((t) => ['ATB', 'ABT'].map((v) => ({ n: t.n, v, ratio: t[v] })));
    const worst = slowdowns.reduce((x, y) => (y.ratio > x.ratio ? y : x));
    add('transposed variants vs the plain one (interleaved rounds)', '≤ 1.10× its time', `${worst.ratio.toFixed(2)}× (worst: ${worst.v} at ${worst.n}²)`, worst.ratio <= 1.1,
      slowdowns.map((x) => `${x.v}@${x.n}: ${x.ratio.toFixed(2)}`).join(', '));
  }
  const step = find(report, (r) => r.group === 'training')[0];
  if (step) {
    const r = speedup(step, 'tfjs-wasm');
    add('MLP training step vs TF.js wasm', '≥ 6×', `${r.toFixed(2)}× (${cross(step)})`, judged(step) >= 6);
  }
  const tiny = find(report, (r) => r.group === 'dispatch')[0];
  if (tiny) {
    const r = speedup(tiny, 'tfjs-wasm');
    add('tiny-op cost vs TF.js wasm', '≥ 5× lower', `${r.toFixed(2)}× (${formatTime(time(tiny.results.descent))} vs ${formatTime(time(tiny.results['tfjs-wasm']))}; ${cross(tiny)})`, judged(tiny) >= 5);
  }
  if (report.coldStart) {
    const [d, t, [od, ot]] = coldStartMs(report);
    add('cold start vs TF.js wasm', '≥ 5× faster', `${(t / d).toFixed(2)}× (${d.toFixed(1)} ms vs ${t.toFixed(1)} ms; ${other.name}: ${(ot / od).toFixed(2)}×)`, Math.min(t / d, ot / od) >= 5);
  }
  if (report.bundle) {
    const g = report.bundle.descent.gzip;
    add('browser bundle, minified + gzip', '≤ 60 kB', `${(g / 1000).toFixed(1)} kB`, g <= 60000);
  }
  return goals;
}

export function renderGoals(goals) {
  const lines = ['| goal | target | measured | met |', '|---|---|---|---|'];
  for (const g of goals) lines.push(`| ${g.goal} | ${g.target} | ${g.measured} | ${g.met ? 'yes' : '**no**'} |`);
  return lines.join('\n');
}

export function renderMachine(m) {
  return `${m.cpu}, ${m.cores} cores (${m.hypervisor ?? 'bare metal'}); Node ${m.node} (V8 ${m.v8}); ${m.date.slice(0, 10)}`;
}
