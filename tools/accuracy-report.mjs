// Measures our transcendentals against float64 (the sweep of test/core/math-accuracy.test.mjs) and
// writes the table into docs/ACCURACY.md between the markers. Run: npm run accuracy (after a build).
import { readFileSync, writeFileSync } from 'node:fs';
import * as d from '../dist/index.js';
import { runSweeps, BOUNDS } from '../test/helpers/accuracy.mjs';

const file = new URL('../docs/ACCURACY.md', import.meta.url);
const rows = runSweeps(d);
const lines = [
  '| function | domain swept | points | max relative error | max error (ulp) | worst at | asserted bound |',
  '|---|---|---:|---:|---:|---|---|',
  ...rows.map((r) => {
    const at = Number.isNaN(r.worstY) ? `x = ${r.worstX.toPrecision(8)}` : `x = ${r.worstX.toPrecision(8)}, y = ${r.worstY.toPrecision(8)}`;
    const b = BOUNDS[r.fn];
    return `| ${r.fn} | ${r.domain} | ${r.counted} | ${r.maxRel.toExponential(2)} | ${r.maxUlp.toFixed(2)} | ${at} | ${b.rel.toExponential(1)}, ${b.ulp} ulp |`;
  }),
];
const text = readFileSync(file, 'utf8');
const start = '<!-- accuracy-table:start -->';
const end = '<!-- accuracy-table:end -->';
const i = text.indexOf(start);
const j = text.indexOf(end);
if (i < 0 || j < 0) throw new Error('docs/ACCURACY.md: table markers not found');
writeFileSync(file, `${text.slice(0, i + start.length)}\n${lines.join('\n')}\n${text.slice(j)}`);
console.log(lines.join('\n'));
