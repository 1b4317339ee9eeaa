// `npm run bench:readme`: renders bench/results/latest.json into the README's Performance
// section and the goal table of docs/BENCHMARKS.md, between their bench:begin/end markers.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderGoals, renderMachine, renderTable } from './lib/report.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const report = JSON.parse(readFileSync(join(root, 'bench/results/latest.json'), 'utf8'));
const BEGIN = '<!-- bench:begin -->';
const END = '<!-- bench:end -->';

function replaceBetweenMarkers(file, body) {
  const path = join(root, file);
  const text = readFileSync(path, 'utf8');
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${file}: no ${BEGIN} … ${END} block`);
  writeFileSync(path, `${text.slice(0, start + BEGIN.length)}\n${body}\n${text.slice(end)}`);
  console.log(`updated ${file}`);
}

const m = report.machine;
const p = report.probe;
const header = [
  `Measured on ${renderMachine(m)}, TF.js ${report.tfjs.version}`,
  `(wasm backend: SIMD ${report.tfjs.wasmSimd ? 'on' : 'off'}, threads ${report.tfjs.wasmThreads ? 'on' : 'off'}),`,
  `load average ${m.loadAverageAtStart.toFixed(1)} at the start (a shared machine).`,
  `This machine's Wasm SIMD ceiling (bench/probe): ${p.gflops.toFixed(1)} GFLOP/s;`,
  `stream bandwidth: copy ${p.bandwidth.copy.toFixed(1)}, triad ${p.bandwidth.triad.toFixed(1)}, read ${p.bandwidth.read.toFixed(1)} GB/s.`,
  `Times are median ${report.settings.clock === 'wall' ? 'wall-clock' : 'CPU'} times per call (the result allocated and freed each time);`,
  '"× vs" is TF.js time ÷ descent time; the last column sets descent\'s fastest sample against the ceiling measured next to it.',
].join('\n');
replaceBetweenMarkers('README.md', `${header}\n\n${renderTable(report)}\n\n${renderGoals(report.goals)}`);
replaceBetweenMarkers('docs/BENCHMARKS.md', `${header}\n\n${renderGoals(report.goals)}`);
