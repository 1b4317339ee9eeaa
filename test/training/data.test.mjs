import { expect } from 'chai';
import * as d from '../../dist/index.js';
import { digits } from '../../dist/datasets/index.js';
import { expectClose } from '../helpers/assert.mjs';

const rowsOf = (t) => t.toArray().map((r) => r[0]);

describe('data.DataLoader', () => {
  const n = 10;
  const x = d.tensor(Array.from({ length: n }, (_, i) => [i, 10 * i]));
  const labels = Int32Array.from({ length: n }, (_, i) => i % 3);

  const pass = (loader) => {
    const out = [];
    for (const b of loader) {
      out.push({ rows: rowsOf(b.x), y: Array.from(b.y ?? []), indices: Array.from(b.indices) });
      b.x.dispose();
      if (b.y instanceof d.Tensor) b.y.dispose();
    }
    return out;
  };

  it('batchSize decides batch, stochastic and mini-batch passes', () => {
    expect(pass(new d.data.DataLoader({ x }, { batchSize: n })).map((b) => b.rows)).to.deep.equal([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]);
    const sgd = new d.data.DataLoader({ x }, { batchSize: 1 });
    expect(sgd.length).to.equal(10);
    expect(pass(sgd).map((b) => b.rows)).to.deep.equal([[0], [1], [2], [3], [4], [5], [6], [7], [8], [9]]);
    const mini = new d.data.DataLoader({ x, y: labels }, { batchSize: 4 });
    expect(mini.length).to.equal(3);
    const batches = pass(mini);
    expect(batches.map((b) => b.rows)).to.deep.equal([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    expect(batches.map((b) => b.y)).to.deep.equal([[0, 1, 2, 0], [1, 2, 0, 1], [2, 0]]);
    const dropped = new d.data.DataLoader({ x }, { batchSize: 4, dropLast: true });
    expect(dropped.length).to.equal(2);
    expect(pass(dropped).map((b) => b.rows.length)).to.deep.equal([4, 4]);
  });

  it('shuffles with a seed: reproducible, different each pass, every row once', () => {
    const a = new d.data.DataLoader({ x, y: labels }, { batchSize: 3, shuffle: true, seed: 42 });
    const b = new d.data.DataLoader({ x, y: labels }, { batchSize: 3, shuffle: true, seed: 42 });
    const a1 = pass(a);
    const a2 = pass(a);
    expect(pass(b)).to.deep.equal(a1);
    expect(a2.map((p) => p.rows)).to.not.deep.equal(a1.map((p) => p.rows));
    for (const epoch of [a1, a2]) {
      const rows = epoch.flatMap((p) => p.rows);
      expect(rows.slice().sort((p, q) => p - q)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(rows).to.not.deep.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      for (const p of epoch) expect(p.y).to.deep.equal(p.rows.map((r) => r % 3)); // y follows x
    }
  });

  it('batches tensor targets row by row', () => {
    const y = d.tensor(Array.from({ length: n }, (_, i) => i * 0.5));
    const [first] = new d.data.DataLoader({ x, y }, { batchSize: 4, shuffle: true, seed: 1 });
    expectClose(first.y.toFloat32Array(), rowsOf(first.x).map((r) => r * 0.5));
    y.dispose();
  });

  it('refuses bad options and mismatched data', () => {
    expect(() => new d.data.DataLoader({ x }, { batchSize: 0 })).to.throw(RangeError, /batchSize must be a positive integer, got number 0/);
    expect(() => new d.data.DataLoader({ x, y: [1, 2] }, { batchSize: 2 })).to.throw(RangeError, /y has 2 entries, x has 10 samples/);
    expect(() => new d.data.DataLoader({ x }, { batchSize: 2, shuffle: 'yes' })).to.throw(TypeError, /shuffle/);
  });
});

describe('data.trainTestSplit', () => {
  it('splits digits 75/25, stratified: scikit-learn sizes and per-class shares', () => {
    const { x, y } = digits();
    const s = d.data.trainTestSplit(x, y, { testSize: 0.25, seed: 0, stratify: true });
    expect(s.xTest.shape).to.deep.equal([450, 64]); // ceil(0.25 · 1797), as scikit-learn
    expect(s.xTrain.shape).to.deep.equal([1347, 64]);
    const all = [...s.trainIndices, ...s.testIndices].sort((a, b) => a - b);
    expect(all).to.deep.equal(Array.from({ length: 1797 }, (_, i) => i));
    const classCount = (labels, c) => labels.filter((v) => v === c).length;
    for (let c = 0; c < 10; c++) {
      const share = (classCount(y, c) * 450) / 1797;
      const got = classCount(s.yTest, c);
      expect(got, `class ${c}`).to.be.within(Math.floor(share), Math.ceil(share));
    }
    // rows travel with their labels
    const xv = x.toFloat32Array();
    const tv = s.xTest.toFloat32Array();
    s.testIndices.forEach((row, i) => {
      expect(s.yTest[i]).to.equal(y[row]);
      expect(tv[i * 64 + 30]).to.equal(xv[row * 64 + 30]);
    });
    const again = d.data.trainTestSplit(x, y, { seed: 0, stratify: true });
    expect(Array.from(again.testIndices)).to.deep.equal(Array.from(s.testIndices));
    const other = d.data.trainTestSplit(x, y, { seed: 1, stratify: true });
    expect(Array.from(other.testIndices)).to.not.deep.equal(Array.from(s.testIndices));
    for (const t of [x, s.xTrain, s.xTest, again.xTrain, again.xTest, other.xTrain, other.xTest]) t.dispose();
  });

  it('splits without stratification and with tensor targets', () => {
    const x = d.arange(20).reshape([10, 2]);
    const y = d.arange(10);
    const s = d.data.trainTestSplit(x, y, { testSize: 3, seed: 5 });
    expect(s.xTest.shape).to.deep.equal([3, 2]);
    expect(rowsOf(s.xTest).map((v) => v / 2)).to.deep.equal(Array.from(s.yTest.toFloat32Array()));
    expect(() => d.data.trainTestSplit(x, y, { testSize: 1.5 })).to.throw(RangeError, /testSize/);
    expect(() => d.data.trainTestSplit(x, y, { stratify: true })).to.throw(TypeError, /integer class labels/);
  });
});

describe('data.StandardScaler', () => {
  it('centres and scales with the population standard deviation; constant columns keep scale 1', () => {
    const x = d.tensor([[1, 5, 2], [3, 5, 4], [5, 5, 9]]);
    const scaler = new d.data.StandardScaler().fit(x);
    const sd = Math.sqrt(8 / 3);
    expectClose(scaler.mean.toFloat32Array(), [3, 5, 5]);
    expectClose(scaler.scale.toFloat32Array(), [sd, 1, Math.sqrt(26 / 3)]);
    const z = scaler.transform(x);
    expectClose(z.toArray().map((r) => r[0]), [-2 / sd, 0, 2 / sd]);
    expectClose(z.toArray().map((r) => r[1]), [0, 0, 0]);
    const back = scaler.inverseTransform(z);
    expectClose(back.toFloat32Array(), x.toFloat32Array(), { rtol: 1e-6, atol: 1e-6 });
    expect(() => scaler.transform(d.zeros([2, 2]))).to.throw(RangeError, /must be \[samples, 3\]/);
    expect(() => new d.data.StandardScaler().transform(x)).to.throw(/call fit\(x\) first/);
  });
});
