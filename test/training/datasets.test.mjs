import { expect } from 'chai';
import * as d from '../../dist/index.js';
import * as datasets from '../../dist/datasets/index.js';
import reference from '../fixtures/datasets.mjs';
import { expectClose } from '../helpers/assert.mjs';

// The embedded data against facts scikit-learn computed from its own copies.
describe('descent-ml/datasets', () => {
  for (const name of ['digits', 'breastCancer', 'iris', 'wine', 'diabetes']) {
    it(`${name}() matches scikit-learn's data`, () => {
      const ref = reference[name];
      const { x, y, featureNames, targetNames } = datasets[name]();
      expect(x.shape).to.deep.equal(ref.shape);
      const [rows, cols] = ref.shape;
      const flat = x.toFloat32Array();
      const sums = new Float64Array(cols);
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) sums[j] += flat[i * cols + j];
      expectClose(sums, ref.columnSums, { rtol: 1e-6, what: `${name} column sums` });
      expectClose(flat.subarray(0, cols), ref.firstRow, { rtol: 1e-7, what: `${name} first row` });
      expectClose(flat.subarray((rows - 1) * cols), ref.lastRow, { rtol: 1e-7, what: `${name} last row` });
      expect(featureNames).to.deep.equal(ref.featureNames);
      if (ref.classCounts) {
        expect(y).to.be.instanceOf(Int32Array);
        const counts = new Array(ref.classCounts.length).fill(0);
        for (const c of y) counts[c]++;
        expect(counts).to.deep.equal(ref.classCounts);
        expect(Array.from(y.subarray(0, 10))).to.deep.equal(ref.firstTargets);
        expect(targetNames).to.deep.equal(ref.targetNames);
      } else {
        expect(y).to.be.instanceOf(d.Tensor);
        expect(y.shape).to.deep.equal([rows]);
        const t = y.toFloat32Array();
        expectClose([t.reduce((a, b) => a + b, 0)], [ref.targetSum], { rtol: 1e-7 });
        expectClose(t.subarray(0, 10), ref.firstTargets);
        y.dispose();
      }
      x.dispose();
    });
  }

  it('returns fresh tensors on every call', () => {
    const a = datasets.iris();
    const b = datasets.iris();
    expect(a.x).to.not.equal(b.x);
    a.x.dispose();
    expect(b.x.toFloat32Array()[0]).to.be.closeTo(5.1, 1e-6);
    b.x.dispose();
  });
});
