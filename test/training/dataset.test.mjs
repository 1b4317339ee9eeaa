// The Dataset protocol (length + getItem), DataLoader's collation (torch's default_collate),
// Subset and randomSplit, against torch 1.13 (tools/reference/data.py) where torch decides.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import fixture from '../fixtures/data.mjs';
import { expectClose } from '../helpers/assert.mjs';

const made = [];
afterEach(() => made.splice(0).forEach((t) => t.dispose()));
const track = (t) => (made.push(t), t);

/** A data set of squares: item i is { x: [i, i²] as a tensor made on demand, y: i % 3 }. */
class Squares extends d.data.Dataset {
  constructor(n) {
    super();
    this.n = n;
  }

  get length() {
    return this.n;
  }

  getItem(i) {
    return { x: d.tensor([i, i * i]), y: i % 3 };
  }
}

function rebuild(value) {
  if (value && Array.isArray(value.shape)) return d.tensor(value.values, { shape: value.shape });
  if (Array.isArray(value)) return value.map(rebuild);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rebuild(v)]));
  return value;
}

function compare(got, want, path) {
  if (want && Array.isArray(want.shape)) {
    expect(got, path).to.be.instanceOf(d.Tensor);
    expect(got.shape, `${path} shape`).to.deep.equal(want.shape);
    expectClose(got.toFloat32Array(), want.values, { rtol: 1e-7, atol: 0, what: path });
    made.push(got);
  } else if (want && Array.isArray(want.strings)) {
    expect(got, path).to.deep.equal(want.strings);
  } else if (Array.isArray(want)) {
    expect(got.length, `${path} length`).to.equal(want.length);
    want.forEach((w, i) => compare(got[i], w, `${path}[${i}]`));
  } else {
    expect(Object.keys(got).filter((k) => k !== 'indices'), `${path} keys`).to.deep.equal(Object.keys(want));
    for (const [k, w] of Object.entries(want)) compare(got[k], w, `${path}.${k}`);
  }
}

describe('DataLoader collates items of a Dataset as torch 1.13\'s default_collate', () => {
  it('stacks tensors, turns numbers into tensors, recurses into objects and arrays, keeps strings', () => {
    const items = fixture.collate.items.map(rebuild);
    items.forEach((it) => made.push(it.x, it.pair[0]));
    const data = { length: items.length, getItem: (i) => items[i] };
    const batches = [...new d.data.DataLoader(data, { batchSize: 4 })];
    expect(batches.length).to.equal(1);
    compare(batches[0], fixture.collate.batch, 'batch');
    expect(Array.from(batches[0].indices)).to.deep.equal([0, 1, 2, 3]);
    // The items' own tensors (kept by the data set) are left alive.
    expect(items.every((it) => !it.x.disposed)).to.equal(true);
  });

  it('[x, y] items give a batch that destructures as [x, y] and has .x and .y', () => {
    const data = { length: 5, getItem: (i) => [d.tensor([i, -i]), i] };
    const batches = [...new d.data.DataLoader(data, { batchSize: 2 })];
    expect(batches.map((b) => b.x.shape)).to.deep.equal([[2, 2], [2, 2], [1, 2]]);
    const [x, y] = batches[1];
    expect(x).to.equal(batches[1].x);
    expect(x.toArray()).to.deep.equal([[2, -2], [3, -3]]);
    expect(y.toArray()).to.deep.equal([2, 3]);
    batches.forEach((b) => made.push(b.x, b.y));
  });

  it('frees the tensors getItem makes once they are stacked (no leak per batch)', () => {
    const loader = new d.data.DataLoader(new Squares(10), { batchSize: 4, shuffle: true, seed: 3 });
    made.push(loader);
    const before = d.memory().tensors;
    for (const batch of loader) {
      batch.x.dispose();
      batch.y.dispose();
    }
    expect(d.memory().tensors).to.equal(before);
  });

  it('refuses items it cannot stack, naming the item and shapes', () => {
    const ragged = { length: 2, getItem: (i) => ({ x: d.zeros([i + 1]), y: 0 }) };
    expect(() => [...new d.data.DataLoader(ragged, { batchSize: 2 })]).to.throw(RangeError, 'cannot stack item.x: item 1 has shape [2], item 0 [1]');
    const mixed = { length: 2, getItem: (i) => [i === 0 ? 1 : 'a'] };
    expect(() => [...new d.data.DataLoader(mixed, { batchSize: 2 })]).to.throw(TypeError, 'item[0] of item 1 is');
    const uneven = { length: 2, getItem: (i) => (i === 0 ? [1, 2] : [1]) };
    expect(() => [...new d.data.DataLoader(uneven, { batchSize: 2 })]).to.throw(RangeError, 'each element in list of batch should be of equal size');
    const weird = { length: 1, getItem: () => ({ x: new Map() }) };
    expect(() => [...new d.data.DataLoader(weird)]).to.throw(TypeError, 'cannot collate item.x');
  });

  it('d.fit trains on a Dataset subclass as on the same tensors', () => {
    // y = 2·a − b over 12 rows; the same data as a TensorDataset gives the same bits.
    const rows = Array.from({ length: 12 }, (_, i) => [i / 12, (i * 7) % 5 / 5]);
    const target = rows.map(([a, b]) => 2 * a - b);
    const items = { length: 12, getItem: (i) => ({ x: d.tensor(rows[i]), y: d.tensor([target[i]]) }) };
    const run = (data) => {
      const model = new d.nn.Linear(2, 1, { seed: 4 });
      const opt = new d.optim.SGD(model.parameters(), { lr: 0.1 });
      const history = d.fit(model, opt, { data: new d.data.DataLoader(data, { batchSize: 5, shuffle: true, seed: 1 }), loss: 'mse', epochs: 4, progress: false });
      const weights = model.parameters().map((p) => p.toArray());
      model.parameters().forEach((p) => p.dispose());
      return { loss: history.loss, weights };
    };
    const x = track(d.tensor(rows));
    const y = track(d.tensor(target.map((v) => [v])));
    expect(run(items)).to.deep.equal(run({ x, y }));
  });
});

describe('Subset and randomSplit', () => {
  it('split lengths are torch 1.13\'s for counts and fractions', () => {
    for (const c of fixture.split) {
      const data = { length: c.n, getItem: (i) => i };
      const parts = d.data.randomSplit(data, c.lengths, { seed: 0 });
      expect(parts.map((p) => p.length), `${c.n} by ${c.lengths}`).to.deep.equal(c.sizes);
      const all = parts.flatMap((p) => Array.from({ length: p.length }, (_, k) => p.getItem(k))).sort((a, b) => a - b);
      expect(all).to.deep.equal(Array.from({ length: c.n }, (_, i) => i));
    }
  });

  it('is seeded: the same seed (or a generator seeded alike) gives the same subsets, drawn from d.Generator', () => {
    const data = { length: 20, getItem: (i) => i };
    const items = (parts) => parts.map((p) => Array.from({ length: p.length }, (_, k) => p.getItem(k)));
    const a = items(d.data.randomSplit(data, [0.5, 0.3, 0.2], { seed: 42 }));
    expect(items(d.data.randomSplit(data, [10, 6, 4], { seed: 42 }))).to.deep.equal(a);
    const g = new d.Generator(42);
    expect(items(d.data.randomSplit(data, [10, 6, 4], { generator: g }))).to.deep.equal(a);
    g.seed(42);
    const perm = Array.from(g.permutation(20));
    expect(a.flat()).to.deep.equal(perm);
    g.dispose();
    expect(items(d.data.randomSplit(data, [10, 10], { seed: 43 }))).not.to.deep.equal(items(d.data.randomSplit(data, [10, 10], { seed: 42 })));
    d.manualSeed(5);
    const first = items(d.data.randomSplit(data, [10, 10]));
    d.manualSeed(5);
    expect(items(d.data.randomSplit(data, [10, 10]))).to.deep.equal(first);
  });

  it('refuses lengths that do not add up, bad fractions and options (torch\'s messages)', () => {
    const data = { length: 10, getItem: (i) => i };
    expect(() => d.data.randomSplit(data, [5, 4], { seed: 0 })).to.throw(RangeError, 'Sum of input lengths does not equal the length of the input dataset!');
    expect(() => d.data.randomSplit(data, [1.2, -0.2], { seed: 0 })).to.throw(RangeError, 'Fraction at index 0 is not between 0 and 1');
    expect(() => d.data.randomSplit(data, [0.5, 0.3], { seed: 0 })).to.throw(RangeError, 'neither a count nor a fraction');
    expect(() => d.data.randomSplit(data, [5, 5], { seed: 0, generator: new d.Generator(0) })).to.throw(TypeError, 'not both');
    expect(() => d.data.randomSplit(data, [5, 5], { sed: 0 })).to.throw(TypeError, "unknown option 'sed'");
    expect(() => d.data.randomSplit([1, 2], [1, 1])).to.throw(TypeError, 'dataset must have');
  });

  it('a Subset indexes its data set; a Subset of a TensorDataset batches by one gather', () => {
    const x = track(d.tensor([[0, 0], [1, 10], [2, 20], [3, 30]]));
    const y = track(d.tensor([0, 1, 2, 3]));
    const tds = new d.data.TensorDataset(x, y);
    const [xi, yi] = tds.getItem(2);
    made.push(xi, yi);
    expect([xi.toArray(), yi.toArray()]).to.deep.equal([[2, 20], 2]);
    const sub = new d.data.Subset(tds, [3, 1]);
    expect(sub.length).to.equal(2);
    const [batch] = [...new d.data.DataLoader(sub, { batchSize: 2 })];
    made.push(batch.x, batch.y);
    expect(batch.x.toArray()).to.deep.equal([[3, 30], [1, 10]]);
    expect(batch.y.toArray()).to.deep.equal([3, 1]);
    const labels = new d.data.TensorDataset(x, [5, 6, 7, 8]);
    const [, label] = labels.getItem(1);
    expect(label).to.equal(6);
    labels.getItem(1)[0].dispose();
    const nested = new d.data.Subset(new d.data.Subset({ length: 5, getItem: (i) => i * 10 }, [4, 2, 0]), [2, 0]);
    expect([nested.getItem(0), nested.getItem(1)]).to.deep.equal([0, 40]);
    expect(() => nested.getItem(2)).to.throw(RangeError, 'Subset.getItem: index 2 is out of range for length 2');
    expect(() => new d.data.Subset(tds, [4])).to.throw(RangeError, 'indices[0] = 4 is not an index of a data set of length 4');
  });
});
