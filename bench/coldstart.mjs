// Cold start: fresh Node processes that import a library and compute a first result, run in
// rounds (descent, TF.js wasm, bare Node) and summarised by medians.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const child = fileURLToPath(new URL('./coldstart-child.mjs', import.meta.url));

function once(library) {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [child, library], { encoding: 'utf8' });
  const wall = performance.now() - t0;
  if (run.status !== 0) throw new Error(`cold start of ${library} failed:\n${run.stderr}`);
  const { ms, cpuMs, sinceProcessStart } = JSON.parse(run.stdout);
  return { ms, cpuMs, sinceProcessStart, wall };
}

function median(values) {
  const s = values.slice().sort((x, y) => x - y);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * `rounds` rounds, each a fresh process per library (descent, TF.js wasm, bare Node; the order
 * alternates between rounds). Per library, medians in ms of the import + first result on the
 * wall clock and in CPU time, of the time from process start to the result, and of the whole
 * process; and the medians of the per-round ratios TF.js ÷ descent on both clocks.
 */
export function coldStart(rounds = 9) {
  const libraries = ['descent', 'tfjs-wasm', 'node'];
  const runs = Object.fromEntries(libraries.map((l) => [l, []]));
  for (let r = 0; r < rounds; r++) {
    for (const l of r % 2 === 0 ? libraries : [...libraries].reverse()) runs[l].push(once(l));
  }
  const summary = {};
  for (const l of libraries) {
    summary[l] = {
      importAndFirstResultMs: median(runs[l].map((x) => x.ms)),
      importAndFirstResultCpuMs: median(runs[l].map((x) => x.cpuMs)),
      sinceProcessStartMs: median(runs[l].map((x) => x.sinceProcessStart)),
      processWallMs: median(runs[l].map((x) => x.wall)),
    };
  }
  summary.ratio = {
    wall: median(runs.descent.map((x, r) => runs['tfjs-wasm'][r].ms / x.ms)),
    cpu: median(runs.descent.map((x, r) => runs['tfjs-wasm'][r].cpuMs / x.cpuMs)),
    rounds,
  };
  return summary;
}
