// Turns a run into the ratio table and the issue's goal verdicts. Shared by bench/run.mjs (which
// measures) and bench/readme.mjs (which renders bench/results/latest.json into the README and
// docs/BENCHMARKS.md). A ratio is TF.js time ÷ descent time (above 1: descent is faster), the
// median of the per-round ratios on the wall clock; CPU time is shown beside it as a cross-check.
import { formatTime } from './measure.mjs';

const fmtRatio = (x) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${x >= 10 ? x.toFixed(1) : x.toFixed(2)}×`);
const pct = (x) => `${(100 * x).toFixed(0)}%`;

function shareText(row) {
  if (row.share) {
    return `${row.share.gflops.toFixed(1)} GFLOP/s: ${pct(row.share.ofProbe)} of the probe, ${pct(row.share.ofPeak)} of peak`;
  }
  if (row.gbPerSecond) return `${row.gbPerSecond.toFixed(1)} GB/s`;
  return '';
}

/** The one table: every case, then cold start and bundle size, as Markdown. */
export function renderTable(report) {
  const lines = [
    '| case | descent | TF.js wasm | × (wall clock) | rounds\' range | × (CPU time) | descent\'s rate |',
    '|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const row of report.cases) {
    if (row.skipped) {
      lines.push(`| ${row.name} | — | — | — | | | not measured: ${row.skipped} |`);
      continue;
    }
    const threaded = (row.threads ?? 1) > 1;
    lines.push(`| ${row.name} | ${formatTime(row.results.descent.wall)} | ${formatTime(row.results['tfjs-wasm'].wall)} | ` +
      `${fmtRatio(row.ratio.wall)} | ${fmtRatio(row.ratio.wallMin)}–${fmtRatio(row.ratio.wallMax)} | ` +
      `${threaded ? 'n/a (2 threads)' : fmtRatio(row.ratio.cpu)} | ${shareText(row)} |`);
  }
  const c = report.coldStart;
  if (c) {
    lines.push(`| cold start: import + first result (fresh process) | ${c.descent.importAndFirstResultMs.toFixed(1)} ms | ` +
      `${c['tfjs-wasm'].importAndFirstResultMs.toFixed(1)} ms | ${fmtRatio(c.ratio.wall)} | | ${fmtRatio(c.ratio.cpu)} | ` +
      `Node's own boot: ${c.node.sinceProcessStartMs.toFixed(0)} ms${loadOnlyText(c)} |`);
  }
  const size = report.bundle;
  if (size) {
    const kb = (b) => `${(b / 1000).toFixed(1)} kB`;
    lines.push(`| browser bundle, minified + gzip (JS + Wasm) | ${kb(size.descent.gzip)} | ${kb(size.tfjsWasm.gzip)} | ` +
      `${fmtRatio(size.tfjsWasm.gzip / size.descent.gzip)} smaller | | | |`);
  }
  return lines.join('\n');
}

/** "; loading descent's file without running it: x ms", when the run measured it. */
function loadOnlyText(c) {
  const ms = c['descent-load-only']?.importAndFirstResultMs;
  return ms === undefined ? '' : `; loading descent's file without running any of it: ${ms.toFixed(1)} ms`;
}

/** The issue's goal table: [key, case description, target ratio]. */
const GOALS = [
  ['matmul512', 'matmul 512², 1 thread', 1.25],
  ['matmul512x2', 'matmul 512², 2 threads', 2.2],
  ['matmul64', 'matmul 64², same operands', 1.6],
  ['mlp784', 'MLP 784-256-10 step, batch 128, Adam, 1 thread', 10],
  ['mlp784x2', 'MLP 784-256-10 step, batch 128, Adam, 2 threads', 15],
  ['mlp64', 'MLP 64-64-10 step, batch 64 (digits)', 15],
  ['addmul', 'add / mul at 64K and 1M', 1.1],
  ['tiny', 'tiny op (16-float add, then dispose)', 12],
  ['adam', 'Adam step, 1M parameters', 7],
  ['coldstart', 'cold start (import + first result)', 7],
];

/**
 * Every goal of the issue, each with what this run measured and whether it is met (on the
 * wall-clock median ratio; the CPU-time ratio is shown beside it). A goal whose case was not
 * run (--only) or could not run (no threads) is listed as not measured, never dropped.
 */
export function evaluateGoals(report) {
  const goals = [];
  for (const [key, goal, target] of GOALS) {
    const rows = (report.cases ?? []).filter((r) => r.goal === key);
    const entry = { goal, target: `≥ ${target}×`, measured: 'not measured in this run', met: false };
    if (key === 'coldstart' && report.coldStart) {
      const c = report.coldStart;
      entry.measured = `${fmtRatio(c.ratio.wall)} (${c.descent.importAndFirstResultMs.toFixed(1)} ms vs ` +
        `${c['tfjs-wasm'].importAndFirstResultMs.toFixed(1)} ms; CPU time ${fmtRatio(c.ratio.cpu)}${loadOnlyText(c)})`;
      entry.met = c.ratio.wall >= target;
    } else if (rows.length && rows.every((r) => r.skipped)) {
      entry.measured = `not measured: ${rows[0].skipped}`;
    } else if (rows.length) {
      const measuredRows = rows.filter((r) => !r.skipped);
      const worst = measuredRows.reduce((x, y) => (y.ratio.wall < x.ratio.wall ? y : x));
      const cpu = measuredRows.some((r) => (r.threads ?? 1) > 1) ? '' : `; CPU time ${fmtRatio(Math.min(...measuredRows.map((r) => r.ratio.cpu)))}`;
      entry.measured = measuredRows.length > 1
        ? `${fmtRatio(worst.ratio.wall)} (worst of ${measuredRows.map((r) => `${r.name}: ${fmtRatio(r.ratio.wall)}`).join(', ')}${cpu})`
        : `${fmtRatio(worst.ratio.wall)} (rounds ${fmtRatio(worst.ratio.wallMin)}–${fmtRatio(worst.ratio.wallMax)}${cpu})`;
      entry.met = measuredRows.length === rows.length && worst.ratio.wall >= target;
    }
    goals.push(entry);
  }
  return goals;
}

export function renderGoals(goals) {
  const lines = ['| goal (TF.js time ÷ descent time) | target | measured (median of rounds, wall clock) | met |', '|---|---|---|---|'];
  for (const g of goals) lines.push(`| ${g.goal} | ${g.target} | ${g.measured} | ${g.met ? 'yes' : '**no**'} |`);
  return lines.join('\n');
}

export function renderMachine(m) {
  return `${m.cpu}, ${m.cores} cores (${m.hypervisor ?? 'bare metal'}); Node ${m.node} (V8 ${m.v8}); ${m.date.slice(0, 10)}${m.commit ? `; descent at commit ${m.commit}` : ''}`;
}
