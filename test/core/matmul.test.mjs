// Matrix products: every variant (A·B, Aᵀ·B, A·Bᵀ, batched) against a naive float64 reference
// over shapes that cross the kernels' tile (5×8) and block (KC = 256, MC = 120, NC = 1024)
// boundaries; the documented summation order; finite-difference gradients.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import { expectClose, testValues, numericGradient } from '../helpers/assert.mjs';

/** float64 reference of op(A)·op(B) for row-major flat arrays; ta/tb: A stored [k,m], B stored [n,k]. */
function reference(a, b, m, k, n, ta = false, tb = false) {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
      out[i * n + j] = s;
    }
  }
  return out;
}

/** The documented float32 order: acc = +0, then acc = fl(acc + fl(a_p·b_p)) for p = 0…k-1. */
function sequentialFloat32(a, b, m, k, n) {
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s = Math.fround(s + Math.fround(a[i * k + p] * b[p * n + j]));
      out[i * n + j] = s;
    }
  }
  return out;
}

/** Tolerance for a length-k float32 dot product of values in [-1, 1]. */
function tolerance(k) {
  return { rtol: 1e-5, atol: 2e-7 * Math.max(k, 1) };
}

function transposeFlat(x, rows, cols) {
  const t = new Float32Array(x.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = x[i * cols + j];
  return t;
}

function withTensors(fn) {
  const before = d.memory().tensors;
  d.tidy(fn);
  expect(d.memory().tensors, 'tensors left after tidy').to.equal(before);
}

const SHAPES = [
  [1, 1, 1], [1, 3, 1], [3, 5, 17], [5, 8, 8], [5, 1, 8], [4, 7, 9], [6, 4, 7], [17, 17, 17],
  [10, 16, 16], [11, 3, 15], [1, 64, 33], [33, 64, 1], [64, 64, 64], [13, 31, 29],
  // K blocks (KC = 256): the second block accumulates onto the first.
  [7, 256, 9], [7, 257, 9], [6, 600, 10],
  // M blocks (MC = 120) and N blocks (NC = 1024).
  [121, 9, 11], [245, 5, 3], [3, 5, 1030], [2, 260, 1025],
];

describe('matmul kernels', () => {
  for (const [m, k, n] of SHAPES) {
    it(`[${m},${k}]·[${k},${n}]: all three variants match float64`, () => withTensors(() => {
      const a = testValues(m * k, m * 1000 + k);
      const b = testValues(k * n, n * 1000 + k + 7);
      const expected = reference(a, b, m, k, n);
      const at = transposeFlat(a, m, k); // stored [k,m]
      const bt = transposeFlat(b, k, n); // stored [n,k]
      const A = d.tensor(a, { shape: [m, k] });
      const B = d.tensor(b, { shape: [k, n] });
      const AT = d.tensor(at, { shape: [k, m] });
      const BT = d.tensor(bt, { shape: [n, k] });
      const plain = d.matmul(A, B);
      const ta = d.matmulTransposedA(AT, B);
      const tb = d.matmulTransposedB(A, BT);
      for (const [name, c] of [['A·B', plain], ['Aᵀ·B', ta], ['A·Bᵀ', tb]]) {
        expect(c.shape, name).to.deep.equal([m, n]);
        expectClose(c.toFloat32Array(), expected, { ...tolerance(k), what: name });
      }
      expect(reference(at, b, m, k, n, true)).to.deep.equal(expected); // the reference agrees with itself
      expect(reference(a, bt, m, k, n, false, true)).to.deep.equal(expected);
    }));
  }

  it('sums in the documented order, so the three variants agree bit for bit', () => withTensors(() => {
    // The last three read a small row-major B in place (n a multiple of 8, assembly/matmul.ts),
    // [13,600,8] over three depth blocks; A·Bᵀ packs it: all must give the same bits.
    for (const [m, k, n] of [[3, 5, 17], [17, 300, 13], [6, 513, 9], [64, 64, 64], [13, 600, 8], [7, 33, 32]]) {
      const a = testValues(m * k, 3);
      const b = testValues(k * n, 4);
      const exact = sequentialFloat32(a, b, m, k, n);
      const A = d.tensor(a, { shape: [m, k] });
      const B = d.tensor(b, { shape: [k, n] });
      const outputs = [
        d.matmul(A, B),
        d.matmulTransposedA(d.tensor(transposeFlat(a, m, k), { shape: [k, m] }), B),
        d.matmulTransposedB(A, d.tensor(transposeFlat(b, k, n), { shape: [n, k] })),
      ];
      for (const c of outputs) expect(Array.from(c.toFloat32Array())).to.deep.equal(Array.from(exact));
    }
  }));

  it('k = 0 gives zeros; empty outputs have the right shapes', () => withTensors(() => {
    const z = d.matmul(d.zeros([3, 0]), d.zeros([0, 4]));
    expect(z.shape).to.deep.equal([3, 4]);
    expect(Array.from(z.toFloat32Array())).to.deep.equal(new Array(12).fill(0));
    const zt = d.matmulTransposedA(d.zeros([0, 5]), d.zeros([0, 2]));
    expect(zt.shape).to.deep.equal([5, 2]);
    expect(Array.from(zt.toFloat32Array())).to.deep.equal(new Array(10).fill(0));
    expect(d.matmul(d.ones([0, 3]), d.ones([3, 4])).shape).to.deep.equal([0, 4]);
    expect(d.matmul(d.ones([3, 4]), d.ones([4, 0])).shape).to.deep.equal([3, 0]);
    expect(d.matmulTransposedB(d.ones([2, 3]), d.ones([0, 3])).shape).to.deep.equal([2, 0]);
    expect(d.matmul(d.ones([2, 0, 3]), d.ones([3, 4])).shape).to.deep.equal([2, 0, 4]);
  }));

  it('zero padding of edge tiles never leaks into real outputs (Inf and NaN stay in their row/column)', () => withTensors(() => {
    const m = 7, k = 6, n = 11; // edge row panel (7 = 5 + 2) and edge column panel (11 = 8 + 3)
    const a = testValues(m * k, 5);
    const b = testValues(k * n, 6);
    a[(m - 1) * k + 2] = Infinity;
    b[3 * n + (n - 1)] = NaN;
    const c = d.matmul(d.tensor(a, { shape: [m, k] }), d.tensor(b, { shape: [k, n] })).toFloat32Array();
    const expected = reference(a, b, m, k, n);
    expectClose(c, expected, tolerance(k));
    for (let i = 0; i < m - 1; i++) for (let j = 0; j < n - 1; j++) expect(Number.isFinite(c[i * n + j])).to.equal(true);
  }));

  it('rejects mismatched inner dimensions naming both shapes', () => {
    const a = d.ones([2, 3]);
    const b = d.ones([4, 5]);
    expect(() => d.matmul(a, b)).to.throw('matmul: [2,3] x [4,5]: inner dimensions 3 and 4 differ');
    expect(() => d.matmulTransposedB(a, b)).to.throw('inner dimensions 3 and 5 differ');
    a.dispose();
    b.dispose();
  });
});

describe('batched matmul', () => {
  // [aBatch, bBatch]: 0 means a 2-D operand (broadcast), 1 a batch of one (broadcast).
  const CASES = [[3, 3], [3, 0], [0, 4], [1, 3], [3, 1], [2, 2]];
  const DIMS = [[5, 7, 9], [1, 3, 2], [6, 17, 10]];
  for (const [ab, bb] of CASES) {
    for (const [m, k, n] of DIMS) {
      it(`A batch ${ab || '2-D'} × B batch ${bb || '2-D'}, [${m},${k}]·[${k},${n}], all variants`, () => withTensors(() => {
        const batch = Math.max(ab, bb, 1);
        const aCount = Math.max(ab, 1);
        const bCount = Math.max(bb, 1);
        const a = testValues(aCount * m * k, 11 + m);
        const b = testValues(bCount * k * n, 13 + n);
        const shapeA = (rows, cols) => (ab ? [ab, rows, cols] : [rows, cols]);
        const shapeB = (rows, cols) => (bb ? [bb, rows, cols] : [rows, cols]);
        const at = new Float32Array(a.length);
        const bt = new Float32Array(b.length);
        for (let t = 0; t < aCount; t++) at.set(transposeFlat(a.subarray(t * m * k, (t + 1) * m * k), m, k), t * m * k);
        for (let t = 0; t < bCount; t++) bt.set(transposeFlat(b.subarray(t * k * n, (t + 1) * k * n), k, n), t * k * n);
        const expected = new Float64Array(batch * m * n);
        for (let t = 0; t < batch; t++) {
          const ai = aCount === 1 ? 0 : t;
          const bi = bCount === 1 ? 0 : t;
          expected.set(reference(a.subarray(ai * m * k), b.subarray(bi * k * n), m, k, n), t * m * n);
        }
        const A = d.tensor(a, { shape: shapeA(m, k) });
        const B = d.tensor(b, { shape: shapeB(k, n) });
        const results = {
          'A·B': d.matmul(A, B),
          'Aᵀ·B': d.matmulTransposedA(d.tensor(at, { shape: shapeA(k, m) }), B),
          'A·Bᵀ': d.matmulTransposedB(A, d.tensor(bt, { shape: shapeB(n, k) })),
        };
        const outShape = ab || bb ? [batch, m, n] : [m, n];
        for (const [name, c] of Object.entries(results)) {
          expect(c.shape, name).to.deep.equal(outShape);
          expectClose(c.toFloat32Array(), expected, { ...tolerance(k), what: name });
        }
      }));
    }
  }

  it('rejects batch sizes that cannot broadcast', () => {
    const a = d.ones([2, 3, 4]);
    const b = d.ones([3, 4, 5]);
    expect(() => d.matmul(a, b)).to.throw('batch sizes 2 and 3 differ');
    a.dispose();
    b.dispose();
  });
});

describe('matmul gradients (finite differences)', () => {
  /** Checks d/dA and d/dB of sum(op(A)·op(B) ⊙ W) against central differences in float64. */
  function check(op, shapeA, shapeB, product) {
    withTensors(() => {
      const sizeA = shapeA.reduce((x, y) => x * y, 1);
      const sizeB = shapeB.reduce((x, y) => x * y, 1);
      const a = testValues(sizeA, 21);
      const b = testValues(sizeB, 22);
      const A = d.tensor(a, { shape: shapeA, requiresGrad: true });
      const B = d.tensor(b, { shape: shapeB, requiresGrad: true });
      const C = op(A, B);
      const w = testValues(C.size, 23);
      const W = d.tensor(w, { shape: C.shape });
      C.mul(W).sum().backward();
      const loss = (av, bv) => {
        const c = product(av, bv);
        let s = 0;
        for (let i = 0; i < c.length; i++) s += c[i] * w[i];
        return s;
      };
      const ga = numericGradient((x) => loss(x, b), a);
      const gb = numericGradient((x) => loss(a, x), b);
      expectClose(A.grad.toFloat32Array(), ga, { rtol: 1e-4, atol: 1e-4, what: 'dA' });
      expectClose(B.grad.toFloat32Array(), gb, { rtol: 1e-4, atol: 1e-4, what: 'dB' });
      A.grad.dispose();
      B.grad.dispose();
    });
  }

  /** float64 product of batched (or 2-D, broadcast) operands; ta/tb as in reference(). */
  function batchedProduct(shapeA, shapeB, ta, tb) {
    const [m, k] = ta ? shapeA.slice(-2).reverse() : shapeA.slice(-2);
    const n = tb ? shapeB[shapeB.length - 2] : shapeB[shapeB.length - 1];
    const ab = shapeA.length === 3 ? shapeA[0] : 1;
    const bb = shapeB.length === 3 ? shapeB[0] : 1;
    const batch = Math.max(ab, bb);
    return (av, bv) => {
      const out = new Float64Array(batch * m * n);
      for (let t = 0; t < batch; t++) {
        const as = av.subarray((ab === 1 ? 0 : t) * m * k);
        const bs = bv.subarray((bb === 1 ? 0 : t) * k * n);
        out.set(reference(as, bs, m, k, n, ta, tb), t * m * n);
      }
      return out;
    };
  }

  const CASES = [
    ['matmul', d.matmul, [3, 5], [5, 7], false, false],
    ['matmulTransposedA', d.matmulTransposedA, [5, 3], [5, 7], true, false],
    ['matmulTransposedB', d.matmulTransposedB, [3, 5], [7, 5], false, true],
    ['matmul, batched', d.matmul, [2, 3, 4], [2, 4, 6], false, false],
    ['matmul, 3-D × 2-D', d.matmul, [3, 2, 4], [4, 5], false, false],
    ['matmul, 2-D × 3-D', d.matmul, [2, 4], [3, 4, 5], false, false],
    ['matmulTransposedA, batch 1 × batch 2', d.matmulTransposedA, [1, 4, 3], [2, 4, 5], true, false],
    ['matmulTransposedB, batched', d.matmulTransposedB, [2, 6, 3], [2, 9, 3], false, true],
  ];
  for (const [name, op, shapeA, shapeB, ta, tb] of CASES) {
    it(`${name}: ${JSON.stringify(shapeA)} × ${JSON.stringify(shapeB)}`, () => {
      check(op, shapeA, shapeB, batchedProduct(shapeA, shapeB, ta, tb));
    });
  }
});
