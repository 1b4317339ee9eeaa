// Cold start: fresh Node processes that import a library and compute a first result, run in
// rounds (descent, TF.js wasm, bare Node) and summarised by medians.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const child = fileURLToPath(new URL('./coldstart-child.mjs', import.meta.url));
const loadOnlyFile = fileURLToPath(new URL('../build/coldstart-load-only.mjs', import.meta.url));

/**
 * Writes the package's engine file with its code wrapped in a function that is never called
 * (its export clause dropped): importing it reads, parses and links as much code as the real
 * import does, and runs none of it. Its time is the part of the cold start that depends only on
 * the file's size.
 */
function writeLoadOnlyFile() {
  const source = readFileSync(fileURLToPath(import.meta.resolve('descent-ml')), 'utf8');
  const exportClause = /export\s*\{[^}]*\};?\s*$/;
  if (!exportClause.test(source)) throw new Error('cold start: the engine file does not end with one export clause');
  mkdirSync(fileURLToPath(new URL('../build/', import.meta.url)), { recursive: true });
  writeFileSync(loadOnlyFile, `async function neverRun() {\n${source.replace(exportClause, '')}\n}\nexport {};\n`);
}

function once(library) {
  const t0 = performance.now();
  const args = library === 'descent-load-only' ? [child, library, pathToFileURL(loadOnlyFile).href] : [child, library];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
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
 * `rounds` rounds, each a fresh process per library (descent, TF.js wasm, bare Node, and
 * descent's file loaded without running it; the order alternates between rounds). Per library,
 * medians in ms of the import + first result on the wall clock and in CPU time, of the time
 * from process start to the result, and of the whole process; and the medians of the per-round
 * ratios TF.js ÷ descent on both clocks.
 */
export function coldStart(rounds = 9) {
  writeLoadOnlyFile();
  const libraries = ['descent', 'tfjs-wasm', 'node', 'descent-load-only'];
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
