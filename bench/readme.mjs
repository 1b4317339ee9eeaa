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
  `Measured by \`npm run bench\` on ${renderMachine(m)}, against TF.js ${report.tfjs.version}`,
  `(wasm backend: SIMD ${report.tfjs.wasmSimd ? 'on' : 'off'}, threads ${report.tfjs.wasmThreads ? 'on' : 'off'}); load average`,
  `${m.loadAverageAtStart.toFixed(1)} at the start and ${m.loadAverageAtEnd.toFixed(1)} at the end (two cores shared with other people's work).`,
  `Probe (bench/probe): Wasm SIMD ceiling ${p.gflops.toFixed(1)} GFLOP/s, core clock ${p.clockGHz.toFixed(2)} GHz, so a theoretical`,
  `peak of ${p.peakGflops.toFixed(1)} GFLOP/s (16 flop/cycle); stream bandwidth copy ${p.bandwidth.copy.toFixed(1)},`,
  `triad ${p.bandwidth.triad.toFixed(1)}, read ${p.bandwidth.read.toFixed(1)} GB/s.`,
  `Each case ran ${report.settings.rounds} interleaved rounds; times are the medians of the rounds' wall-clock times per call`,
  '(the result allocated and freed each time); "×" is TF.js time ÷ descent time, the median of the per-round ratios.',
].join('\n');
replaceBetweenMarkers('README.md', `${header}\n\n${renderTable(report)}\n\n${renderGoals(report.goals)}`);
replaceBetweenMarkers('docs/BENCHMARKS.md', `${header}\n\n${renderTable(report)}\n\n${renderGoals(report.goals)}`);
