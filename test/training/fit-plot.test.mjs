import { expect } from 'chai';
import '../../dist/index.js';
import { lineChart, niceTicks } from '../../dist/plot/index.js';

const paths = (svg) => [...svg.matchAll(/<path d="([^"]*)"/g)].map((m) => m[1]);
const points = (d) => [...d.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);

describe('descent-ml/plot (the report charts)', () => {
  it('niceTicks: steps of 1, 2 or 5 times a power of ten covering the range', () => {
    expect(niceTicks(0, 1)).to.deep.equal([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(3, 97, 5)).to.deep.equal([20, 40, 60, 80]);
    expect(niceTicks(-0.3, 0.3, 6)).to.deep.equal([-0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3]);
  });

  it('draws one path per series, a legend entry each, with escaped names', () => {
    const svg = lineChart({ series: [{ name: 'SGD <lr 0.1>', y: [3, 2, 1] }, { name: 'Adam & co', y: [2, 1, 0.5] }], title: 'loss' });
    expect(svg.startsWith('<svg')).to.equal(true);
    expect(paths(svg)).to.have.length(2);
    expect(svg).to.include('SGD &lt;lr 0.1&gt;').and.include('Adam &amp; co');
    expect(svg).to.not.include('<lr');
  });

  it('a log axis spaces 1, 10, 100, 1000 evenly; a linear axis does not', () => {
    const y = [1, 10, 100, 1000];
    const logPts = points(paths(lineChart({ series: [{ name: 'a', y }], logY: true }))[0]);
    const gaps = logPts.slice(1).map((p, i) => logPts[i][1] - p[1]);
    for (const g of gaps) expect(g).to.be.closeTo(gaps[0], 0.15);
    expect(gaps[0]).to.be.above(10);
    const linPts = points(paths(lineChart({ series: [{ name: 'a', y }] }))[0]);
    expect(linPts[1][1] - linPts[2][1]).to.be.below(linPts[2][1] - linPts[3][1]);
  });

  it('breaks the line at NaN and at non-positive values on a log axis', () => {
    const d = paths(lineChart({ series: [{ name: 'a', y: [1, 0.5, NaN, 0.2, 0, 0.1] }], logY: true }))[0];
    expect(d.match(/M/g)).to.have.length(3);
    expect(points(d)).to.have.length(4);
    expect(() => lineChart({ series: [] })).to.throw(TypeError, /series/);
  });
});
