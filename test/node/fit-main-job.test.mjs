// Node-only: runs the main job (`npm start`) for a few epochs and checks its table and report.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const NAMES = ['SGD', 'SGD + momentum', 'Nesterov', 'AdaGrad', 'RMSProp', 'AdaDelta', 'Adam', 'AdamW'];

describe('the main job (examples/compare-optimizers.mjs)', function () {
  this.timeout(120000);

  it('races the eight optimizers, prints the table and writes a self-contained report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'descent-report-'));
    const file = join(dir, 'optimizers.html');
    const run = spawnSync(process.execPath, [join(root, 'examples', 'compare-optimizers.mjs'), '3', file], { encoding: 'utf8' });
    expect(run.status, run.stderr).to.equal(0);
    const table = run.stdout.slice(run.stdout.indexOf('optimizer '));
    for (const name of NAMES) expect(table).to.match(new RegExp(`\\n${name.replace('+', '\\+')} +[\\d.e-]+ +[\\d.e-]+ +[\\d.]+% +[\\d.]+% +3 `));
    expect(run.stdout).to.match(/winner: (SGD|SGD \+ momentum|Nesterov|AdaGrad|RMSProp|AdaDelta|Adam|AdamW) \(lowest training loss/);
    const html = readFileSync(file, 'utf8');
    expect(html).to.not.match(/<script|<link|src="http/); // nothing loaded from elsewhere
    const charts = html.match(/<svg[\s\S]*?<\/svg>/g);
    expect(charts.length).to.be.at.least(1);
    const lossChart = charts[0];
    expect(lossChart).to.include('Training loss');
    expect(lossChart.match(/<path d="M/g)).to.have.length(8); // all eight loss curves on one chart
    for (const name of NAMES) expect(lossChart).to.include(`>${name.replace('+', '+')}</text>`);
    expect(html).to.include('won</strong>').and.include('<h3>Why</h3>');
    // Hover values without a script: one hover column per epoch on every chart, naming every optimizer's value.
    for (const chart of charts) {
      const columns = chart.match(/<g class="hov"><title>epoch \d+: [^<]*<\/title>/g);
      expect(columns).to.have.length(3);
      for (const name of NAMES) expect(columns[2]).to.include(`${name} `);
    }
    expect(html).to.include('.chart .hov:hover .tip');
    // A phone: the table scrolls inside its own box, the charts shrink to the screen.
    expect(html).to.include('<meta name="viewport"').and.match(/<div class="table-wrap">\s*<table>/);
    expect(html).to.include('svg.chart { max-width: 100%; height: auto; }');
    rmSync(dir, { recursive: true, force: true });
  });
});
