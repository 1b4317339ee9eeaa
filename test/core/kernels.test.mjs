// Known-answer tests for the core kernels against naive float64 references written here, at
// the sizes where SIMD main loops and scalar tails meet (0, 1, 3, 4, 5, 16, 17, 33, 100).
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import { expectClose, testValues } from '../helpers/assert.mjs';

const SIZES = [0, 1, 3, 4, 5, 16, 17, 33, 100];
const f32 = Math.fround;

// ---- float64 reference helpers ---------------------------------------------------------------
const sizeOf = (shape) => shape.reduce((a, b) => a * b, 1);
const stridesOf = (shape) => {
  const s = new Array(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
  return s;
};
/** Calls fn(outIndex[], flat) for every index of shape, row-major. */
function forEachIndex(shape, fn) {
  const n = sizeOf(shape);
  const idx = new Array(shape.length).fill(0);
  for (let flat = 0; flat < n; flat++) {
    fn(idx, flat);
    for (let k = shape.length - 1; k >= 0; k--) {
      if (++idx[k] < shape[k]) break;
      idx[k] = 0;
    }
  }
}
function broadcastShape(...shapes) {
  const n = Math.max(...shapes.map((s) => s.length));
  return Array.from({ length: n }, (_, i) => {
    const dims = shapes.map((s) => s[s.length - n + i] ?? 1).filter((v) => v !== 1);
    return dims.length > 0 ? dims[0] : 1; // 0 beats 1, as in NumPy
  });
}
/** The flat offset in a tensor of `shape` read at broadcast output index `idx`. */
function readAt(shape, idx) {
  const st = stridesOf(shape);
  const off = idx.length - shape.length;
  let o = 0;
  for (let k = 0; k < shape.length; k++) o += (shape[k] === 1 ? 0 : idx[k + off]) * st[k];
  return o;
}
function refBroadcast(fn, ...operands) {
  const shapes = operands.map((o) => (typeof o === 'number' ? [] : o.shape));
  const shape = broadcastShape(...shapes);
  const out = new Float64Array(sizeOf(shape));
  forEachIndex(shape, (idx, flat) => {
    out[flat] = fn(...operands.map((o) => (typeof o === 'number' ? f32(o) : o.data[readAt(o.shape, idx)])));
  });
  return { shape, data: out };
}
const values = (shape, seed, transform = (x) => x) => ({ shape, data: testValues(sizeOf(shape), seed).map(transform) });
const toTensor = (v) => (typeof v === 'number' ? v : d.tensor(v.data, { shape: v.shape }));

/** Exact comparison of float32 results with a float64 reference rounded once to float32. */
function expectExact(actual, expected, what) {
  const a = Array.from(actual);
  expect(a.length, `${what}: length`).to.equal(expected.length);
  for (let i = 0; i < a.length; i++) {
    const e = f32(expected[i]);
    if (!(Object.is(a[i], e) || (a[i] === e) || (Number.isNaN(a[i]) && Number.isNaN(e)))) {
      throw new Error(`${what}[${i}]: got ${a[i]}, expected ${e}`);
    }
  }
}

// ---- binary ops ------------------------------------------------------------------------------
const BINARY = {
  add: { ref: (a, b) => a + b, exact: true },
  sub: { ref: (a, b) => a - b, exact: true },
  mul: { ref: (a, b) => a * b, exact: true },
  div: { ref: (a, b) => a / b, exact: true },
  maximum: { ref: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b)), exact: true },
  minimum: { ref: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b)), exact: true },
  gt: { ref: (a, b) => +(a > b), exact: true },
  ge: { ref: (a, b) => +(a >= b), exact: true },
  lt: { ref: (a, b) => +(a < b), exact: true },
  le: { ref: (a, b) => +(a <= b), exact: true },
  eq: { ref: (a, b) => +(a === b), exact: true },
  // pow is a transcendental (its own kernel's accuracy is tested with the unary ops): positive
  // bases here, compared to a few ulps
  pow: { ref: (a, b) => a ** b, base: (x) => f32(Math.abs(x) * 2 + 0.25), exact: false },
};

function layouts(n) {
  // [a shape, b shape] pairs for one size: same-shape, row, column and general broadcasts
  return [
    ['same-shape', [n], [n]],
    ['same-shape 2-D', [3, n], [3, n]],
    ['scalar tensor right', [n], []],
    ['scalar tensor left', [1], [2, n]],
    ['row', [3, n], [n]],
    ['row left', [n], [2, n]],
    ['column', [3, n], [3, 1]],
    ['column left', [n, 1], [n, 5]],
    ['general', [2, 1, n], [3, 1]],
    ['general both ways', [n, 1, 2], [1, 3, 1]],
    ['general 4-D', [2, 1, 3, n], [1, 2, 1, 1]],
  ];
}

function checkBinary(name, spec, got, ref, what) {
  if (spec.exact) expectExact(got, ref, what);
  else expectClose(got, Array.from(ref).map(f32), { rtol: 2e-6, atol: 0, what });
}

describe('kernels: binary elementwise ops against float64', () => {
  for (const [name, spec] of Object.entries(BINARY)) {
    it(`${name}: same-shape, scalar, row, column and general broadcasts at every size`, () => {
      d.tidy(() => {
        for (const n of SIZES) {
          layouts(n).forEach(([layout, sa, sb], k) => {
            const a = values(sa, 11 + k + n, spec.base);
            const b = values(sb, 101 + k + n, name === 'pow' ? (x) => f32(x * 3) : undefined);
            if (name === 'eq') b.data = b.data.map((x, i) => (i % 3 === 0 ? a.data[i % a.data.length] ?? x : x));
            const ref = refBroadcast(spec.ref, a, b);
            const out = d[name](toTensor(a), toTensor(b));
            expect(out.shape, `${name} ${layout} n=${n} shape`).to.deep.equal(ref.shape);
            checkBinary(name, spec, out.toFloat32Array(), ref.data, `${name} ${layout} n=${n}`);
            // the method form is the same op
            checkBinary(name, spec, toTensor(a)[name](toTensor(b)).toFloat32Array(), ref.data, `${name} method`);
          });
        }
      });
    });

    it(`${name}: a number on either side, at every size`, () => {
      d.tidy(() => {
        for (const n of SIZES) {
          const a = values([n], 7 + n, spec.base);
          const s = name === 'pow' ? 1.7 : -0.3;
          checkBinary(name, spec, d[name](toTensor(a), s).toFloat32Array(), refBroadcast(spec.ref, a, s).data, `${name} x op s n=${n}`);
          const left = name === 'pow' ? 1.3 : 0.6;
          const b = values([2, n], 5 + n, name === 'pow' ? undefined : spec.base);
          const out = d[name](left, toTensor(b));
          expect(out.shape).to.deep.equal([2, n]);
          checkBinary(name, spec, out.toFloat32Array(), refBroadcast(spec.ref, left, b).data, `${name} s op x n=${n}`);
        }
        // two numbers make a scalar tensor
        const both = d[name](2, 3);
        expect(both.shape).to.deep.equal([]);
        checkBinary(name, spec, both.toFloat32Array(), [spec.ref(2, 3)], `${name}(2, 3)`);
      });
    });
  }

  it('maximum and minimum propagate NaN in every lane and the tail (as torch)', () => {
    d.tidy(() => {
      for (const n of [1, 4, 5, 17]) {
        const a = Float32Array.from({ length: n }, (_, i) => (i % 2 ? NaN : i));
        const b = Float32Array.from({ length: n }, (_, i) => (i % 3 ? 1 : NaN));
        for (const op of ['maximum', 'minimum']) {
          const out = d[op](d.tensor(a), d.tensor(b)).toFloat32Array();
          out.forEach((v, i) => {
            const expected = Number.isNaN(a[i]) || Number.isNaN(b[i]) ? NaN : op === 'maximum' ? Math.max(a[i], b[i]) : Math.min(a[i], b[i]);
            expect(Number.isNaN(v) ? 'NaN' : v, `${op} n=${n} [${i}]`).to.equal(Number.isNaN(expected) ? 'NaN' : expected);
          });
        }
      }
    });
  });

  it('division by zero and overflow follow IEEE float32', () => {
    d.tidy(() => {
      const out = d.tensor([1, -1, 0, 3e38, 1e-30]).div(d.tensor([0, 0, 0, 0.1, 1e30])).toArray();
      expect(out.slice(0, 2)).to.deep.equal([Infinity, -Infinity]);
      expect(Number.isNaN(out[2])).to.equal(true);
      expect(out[3]).to.equal(Infinity);
      expect(out[4]).to.equal(0);
    });
  });
});

describe('kernels: where against float64', () => {
  it('picks a or b by the condition, all broadcasting together, numbers allowed', () => {
    d.tidy(() => {
      for (const n of SIZES) {
        const cases = [
          [[n], [n], [n]],
          [[n], [3, n], []],
          [[3, 1], [n], [3, n]],
          [[2, 1, n], [1, 3, 1], [n]],
        ];
        cases.forEach(([sc, sa, sb], k) => {
          const c = values(sc, 3 + k + n, (x) => (x > 0.2 ? x : 0));
          const a = values(sa, 30 + k + n);
          const b = sb.length === 0 ? 0.25 : values(sb, 60 + k + n);
          const ref = refBroadcast((cv, av, bv) => (cv !== 0 ? av : bv), c, a, b);
          const out = d.where(toTensor(c), toTensor(a), toTensor(b));
          expect(out.shape).to.deep.equal(ref.shape);
          expectExact(out.toFloat32Array(), ref.data, `where n=${n} case ${k}`);
        });
        // the condition may be a number too, and NaN counts as true (non-zero)
        const a = values([n], 9);
        expectExact(d.where(1, toTensor(a), 5).toFloat32Array(), a.data, 'where(1, a, 5)');
        expectExact(d.where(d.full([n], NaN), toTensor(a), 5).toFloat32Array(), a.data, 'where(NaN, a, 5)');
      }
    });
  });
});

// ---- reductions ------------------------------------------------------------------------------
function refReduce(x, axes, keepDim, init, step, finish = (acc) => acc) {
  const outShapeKeep = x.shape.map((s, i) => (axes.includes(i) ? 1 : s));
  const acc = new Float64Array(sizeOf(outShapeKeep)).fill(init);
  const abs = new Float64Array(acc.length);
  const count = new Float64Array(acc.length);
  forEachIndex(x.shape, (idx, flat) => {
    const o = readAt(outShapeKeep, idx);
    acc[o] = step(acc[o], x.data[flat]);
    abs[o] += Math.abs(x.data[flat]);
    count[o]++;
  });
  const shape = keepDim ? outShapeKeep : x.shape.filter((_, i) => !axes.includes(i));
  return { shape, data: Array.from(acc, (v, i) => finish(v, count[i])), abs: Array.from(abs) };
}

const REDUCE_SHAPES = (n) => [[n], [3, n], [n, 4], [2, n, 3], [n, 1, 2]];
function axisChoices(ndim) {
  const out = [[undefined, Array.from({ length: ndim }, (_, i) => i)]];
  for (let a = 0; a < ndim; a++) {
    out.push([a, [a]]);
    out.push([a - ndim, [a]]); // negative axis
  }
  if (ndim >= 2) out.push([[0, ndim - 1], [0, ndim - 1]]);
  if (ndim === 3) out.push([[2, 1], [1, 2]]);
  return out;
}

describe('kernels: reductions against float64', () => {
  it('sum and mean over each axis, several axes and all, with and without keepDim', () => {
    d.tidy(() => {
      for (const n of SIZES) {
        for (const shape of REDUCE_SHAPES(n)) {
          const x = values(shape, n + shape.length, (v) => v * 10);
          const t = toTensor(x);
          for (const [axis, axes] of axisChoices(shape.length)) {
            for (const keepDim of [false, true]) {
              const s = refReduce(x, axes, keepDim, 0, (a, v) => a + v);
              const got = t.sum(axis, keepDim);
              expect(got.shape, `sum ${JSON.stringify(axis)} of ${shape}`).to.deep.equal(s.shape);
              // float64 accumulation rounded once per run of adjacent axes (size-1 axes between
              // do not separate them): half an ulp of the result, plus half an ulp of each
              // partial sum when the axes are reduced in separate runs
              const kept = shape.map((dim, i) => (axes.includes(i) || dim !== 1 ? i : -1)).filter((i) => i >= 0);
              const pos = axes.map((a) => kept.indexOf(a));
              const runs = pos.filter((p, i) => i === 0 || pos[i - 1] !== p - 1).length;
              got.toFloat32Array().forEach((v, i) => {
                const tol = 6e-8 * Math.abs(s.data[i]) + (runs - 1) * 6e-8 * s.abs[i] + 1e-9 * s.abs[i];
                if (!(Math.abs(v - s.data[i]) <= tol)) throw new Error(`sum ${JSON.stringify(axis)} of [${shape}] [${i}]: ${v} vs ${s.data[i]}`);
              });
              const m = refReduce(x, axes, keepDim, 0, (a, v) => a + v, (a, c) => a / c);
              const gotMean = t.mean(axis, keepDim);
              expect(gotMean.shape).to.deep.equal(m.shape);
              const count = axes.reduce((c, a) => c * shape[a], 1);
              gotMean.toFloat32Array().forEach((v, i) => {
                // the sum's error over count, plus the roundings of 1/count and of the product
                const tol = (6e-8 * Math.abs(s.data[i]) + (runs - 1) * 6e-8 * s.abs[i] + 1e-9 * s.abs[i]) / count + 1.2e-7 * Math.abs(m.data[i]);
                if (Number.isNaN(m.data[i]) ? !Number.isNaN(v) : !(Math.abs(v - m.data[i]) <= tol)) throw new Error(`mean ${JSON.stringify(axis)} of [${shape}] [${i}]: ${v} vs ${m.data[i]}`);
              });
            }
          }
        }
      }
    });
  });

  it('sum stays accurate over long axes (float64 accumulation): 1e5 × 0.1 along either layout', () => {
    d.tidy(() => {
      const tenth = f32(0.1);
      const expected = f32(1e5 * tenth);
      expect(d.full([100000, 2], 0.1).sum(0).toArray()).to.deep.equal([expected, expected]);
      expect(d.full([2, 100000], 0.1).sum(1).toArray()).to.deep.equal([expected, expected]);
      expect(d.full([3, 100000, 5], 0.1).sum(1).toFloat32Array().every((v) => v === expected)).to.equal(true);
      expect(d.full([1000000], 0.1).sum().item()).to.equal(f32(1e6 * tenth));
      expect(d.full([1000, 1000], 0.1).mean().item()).to.equal(tenth);
    });
  });

  it('max and min over each axis, several axes and all, with and without keepDim', () => {
    d.tidy(() => {
      for (const n of SIZES.filter((s) => s > 0)) {
        for (const shape of REDUCE_SHAPES(n)) {
          const x = values(shape, 3 * n + shape.length);
          const t = toTensor(x);
          for (const [axis, axes] of axisChoices(shape.length)) {
            for (const keepDim of [false, true]) {
              for (const [op, init, step] of [['max', -Infinity, Math.max], ['min', Infinity, Math.min]]) {
                const r = refReduce(x, axes, keepDim, init, step);
                const got = t[op](axis, keepDim);
                expect(got.shape).to.deep.equal(r.shape);
                expectExact(got.toFloat32Array(), r.data, `${op} ${JSON.stringify(axis)} of [${shape}]`);
              }
            }
          }
        }
      }
    });
  });

  it('max/min propagate NaN; empty reductions: sum 0, mean NaN, max refused', () => {
    d.tidy(() => {
      for (const n of [1, 4, 5, 17]) {
        const v = Array.from({ length: n }, (_, i) => i);
        v[n - 1] = NaN;
        expect(Number.isNaN(d.tensor(v).max().item())).to.equal(true);
        expect(Number.isNaN(d.tensor([v, v]).min(0).toArray()[n - 1])).to.equal(true);
        expect(Number.isNaN(d.tensor([v, v]).max(1).toArray()[0])).to.equal(true);
      }
      expect(d.zeros([0]).sum().item()).to.equal(0);
      expect(d.zeros([2, 0]).sum(1).toArray()).to.deep.equal([0, 0]);
      expect(d.zeros([0, 3]).sum(0).toArray()).to.deep.equal([0, 0, 0]);
      expect(Number.isNaN(d.zeros([0]).mean().item())).to.equal(true);
      expect(() => d.zeros([0, 3]).max(0)).to.throw(RangeError, /max: .*empty/);
      expect(() => d.zeros([0]).argmax()).to.throw(RangeError, /argmax: .*empty/);
      // a 0-d tensor reduces to itself
      expect(d.tensor(3).sum().item()).to.equal(3);
      expect(d.tensor(3).max(0).item()).to.equal(3);
    });
  });

  it('argmax over each axis and all: the first index of the largest value', () => {
    d.tidy(() => {
      for (const n of SIZES.filter((s) => s > 0)) {
        for (const shape of REDUCE_SHAPES(n)) {
          // few distinct values, so ties are common
          const x = values(shape, 5 * n + 1, (v) => Math.round(v * 2));
          const t = toTensor(x);
          for (let a = -1; a < shape.length; a++) {
            const axes = a < 0 ? shape.map((_, i) => i) : [a];
            for (const keepDim of a < 0 ? [false] : [false, true]) {
              const r = refReduce({ shape, data: x.data.map((_, i) => i) }, axes, keepDim, -1, (best, flat) => {
                if (best < 0) return flat;
                return x.data[flat] > x.data[best] ? flat : best;
              });
              // convert the flat index of the best element into its index along the axis
              const st = stridesOf(shape);
              const expected = r.data.map((flat) => (a < 0 ? flat : Math.floor(flat / st[a]) % shape[a]));
              const got = a < 0 ? t.argmax() : t.argmax(a, keepDim);
              expect(got.shape).to.deep.equal(a < 0 ? [] : r.shape);
              expect(Array.from(got.toFloat32Array()), `argmax ${a} of [${shape}]`).to.deep.equal(expected);
            }
          }
        }
      }
    });
  });
});

// ---- softmax family --------------------------------------------------------------------------
function refSoftmaxFamily(x, axis) {
  const shape = x.shape;
  const st = stridesOf(shape);
  const len = shape[axis];
  const soft = new Float64Array(x.data.length);
  const logSoft = new Float64Array(x.data.length);
  const lseShape = shape.filter((_, i) => i !== axis);
  const lse = new Float64Array(sizeOf(lseShape));
  let k = 0;
  forEachIndex(lseShape, (idx) => {
    const full = [...idx.slice(0, axis), 0, ...idx.slice(axis)];
    let base = 0;
    full.forEach((v, i) => (base += v * st[i]));
    let m = -Infinity;
    for (let l = 0; l < len; l++) m = Math.max(m, x.data[base + l * st[axis]]);
    let s = 0;
    for (let l = 0; l < len; l++) s += Math.exp(x.data[base + l * st[axis]] - m);
    for (let l = 0; l < len; l++) {
      const o = base + l * st[axis];
      soft[o] = Math.exp(x.data[o] - m) / s;
      logSoft[o] = x.data[o] - m - Math.log(s);
    }
    lse[k++] = len === 0 ? -Infinity : m + Math.log(s);
  });
  return { soft, logSoft, lse, lseShape };
}

describe('kernels: softmax, logSoftmax, logSumExp against float64', () => {
  const scales = [1, 30];
  it('along every axis (inner > 1 included), at every size, with moderate and large logits', () => {
    d.tidy(() => {
      for (const n of SIZES.filter((s) => s > 0)) {
        for (const shape of [[n], [3, n], [n, 4], [2, n, 3]]) {
          for (const scale of scales) {
            const x = values(shape, n * 7 + shape.length + scale, (v) => f32(v * scale));
            const t = toTensor(x);
            for (let axis = 0; axis < shape.length; axis++) {
              const r = refSoftmaxFamily(x, axis);
              const what = `axis ${axis} of [${shape}] ×${scale}`;
              expectClose(t.softmax(axis).toFloat32Array(), r.soft, { rtol: 2e-6, atol: 1e-9, what: `softmax ${what}` });
              expectClose(t.logSoftmax(axis).toFloat32Array(), r.logSoft, { rtol: 2e-6, atol: 1e-6, what: `logSoftmax ${what}` });
              const l = t.logSumExp(axis);
              expect(l.shape).to.deep.equal(r.lseShape);
              expectClose(l.toFloat32Array(), r.lse, { rtol: 1e-6, atol: 1e-6, what: `logSumExp ${what}` });
              expect(t.logSumExp(axis - shape.length, true).shape).to.deep.equal(shape.map((s, i) => (i === axis ? 1 : s)));
            }
          }
        }
      }
    });
  });

  it('is stable at ±1e4 (no overflow, no loss of the small differences)', () => {
    d.tidy(() => {
      const rows = [
        [1e4, 1e4 + 1, 1e4 + 2, 1e4 - 1, 1e4 + 0.5],
        [-1e4, -1e4 + 1, -1e4 + 2, -1e4 - 1, -1e4 + 0.5],
        [1e4, -1e4, 0, 1, -1],
        [88, 89, 90, 100, 104],
        [5, 5, 5, 5, 5],
      ];
      for (const row of rows) {
        for (const len of [1, 3, 4, 5]) {
          const v = row.slice(0, len).map(f32);
          const x = { shape: [len], data: v };
          const r = refSoftmaxFamily(x, 0);
          const t = d.tensor(v);
          expectClose(t.softmax(0).toFloat32Array(), r.soft, { rtol: 2e-6, atol: 1e-9, what: `softmax ${v}` });
          // logSoftmax's absolute error stays near float32 rounding of the result itself
          expectClose(t.logSoftmax(0).toFloat32Array(), r.logSoft, { rtol: 2e-6, atol: 1e-6, what: `logSoftmax ${v}` });
          expectClose([t.logSumExp(0).item()], r.lse, { rtol: 1e-7, atol: 0, what: `logSumExp ${v}` });
          // the same values down a column (the strided path)
          const col = t.reshape([len, 1]).expand([len, 3]);
          expectClose(col.logSoftmax(0).toFloat32Array(), Array.from(r.logSoft).flatMap((q) => [q, q, q]), { rtol: 2e-6, atol: 1e-6, what: `column ${v}` });
        }
      }
      // infinities: +inf logits give NaN (as torch); an all -inf row gives NaN softmax, -inf logSumExp
      expect(d.tensor([-Infinity, -Infinity]).logSumExp(0).item()).to.equal(-Infinity);
      expect(d.tensor([-Infinity, 0]).softmax(0).toArray()).to.deep.equal([0, 1]);
      expect(d.tensor([1, Infinity]).logSumExp(0).item()).to.equal(Infinity);
    });
  });

  it('over an empty axis: logSumExp is -inf, softmax is empty', () => {
    d.tidy(() => {
      const l = d.zeros([3, 0]).logSumExp(1);
      expect(l.toArray()).to.deep.equal([-Infinity, -Infinity, -Infinity]);
      expect(d.zeros([3, 0]).softmax(1).shape).to.deep.equal([3, 0]);
      expect(d.zeros([0, 3]).logSoftmax(1).shape).to.deep.equal([0, 3]);
    });
  });
});

// ---- cross-entropy ---------------------------------------------------------------------------
function refCrossEntropy(logits, rows, classes, targets) {
  let loss = 0;
  const grad = new Float64Array(rows * classes);
  for (let r = 0; r < rows; r++) {
    const row = logits.slice(r * classes, (r + 1) * classes);
    const m = Math.max(...row);
    const s = row.reduce((a, v) => a + Math.exp(v - m), 0);
    loss += m + Math.log(s) - row[targets[r]];
    for (let c = 0; c < classes; c++) grad[r * classes + c] = (Math.exp(row[c] - m) / s - (c === targets[r] ? 1 : 0)) / rows;
  }
  return { loss: loss / rows, grad };
}

describe('kernels: crossEntropy forward and backward against float64', () => {
  it('at every batch and class count, with moderate and extreme logits', () => {
    for (const rows of [1, 3, 5, 17]) {
      for (const classes of [1, 3, 4, 5, 17, 33]) {
        for (const scale of [1, 50, 1e4]) {
          d.tidy(() => {
            const data = testValues(rows * classes, rows * 100 + classes).map((v) => f32(v * scale));
            const targets = Array.from({ length: rows }, (_, r) => (r * 7 + classes) % classes);
            const ref = refCrossEntropy(Array.from(data), rows, classes, targets);
            const x = d.tensor(data, { shape: [rows, classes], requiresGrad: true });
            const loss = d.nn.functional.crossEntropy(x, targets);
            expect(loss.shape).to.deep.equal([]);
            const what = `rows ${rows} classes ${classes} ×${scale}`;
            // the loss is a difference of logits of size `scale`: its rounding is relative to that
            expectClose([loss.item()], [ref.loss], { rtol: 2e-6, atol: 2e-7 * scale, what: `loss ${what}` });
            loss.backward();
            // float32 x - max is rounded to ~|x - max|·2^-24 before exp: a relative error in each
            // probability of up to ~1.2e-7 per unit of logit spread (torch's float32 does the same)
            expectClose(x.grad.toFloat32Array(), ref.grad, { rtol: 2e-6 + 2.4e-7 * scale, atol: 1e-8, what: `grad ${what}` });
          });
        }
      }
    }
  });

  it('takes targets as number[], Int32Array or a Tensor, and scales by the upstream gradient', () => {
    d.tidy(() => {
      const data = testValues(12, 3);
      const ref = refCrossEntropy(Array.from(data), 3, 4, [3, 0, 2]);
      // (negative targets no longer wrap around: torch refuses them, see test/fixtures/losses.mjs)
      for (const targets of [[3, 0, 2], new Int32Array([3, 0, 2]), d.tensor([3, 0, 2])]) {
        const x = d.tensor(data, { shape: [3, 4], requiresGrad: true });
        const loss = d.nn.functional.crossEntropy(x, targets);
        expectClose([loss.item()], [ref.loss], { rtol: 2e-6 });
        loss.mul(3).backward();
        expectClose(x.grad.toFloat32Array(), ref.grad.map((g) => 3 * g), { rtol: 2e-6, atol: 1e-8 });
      }
    });
  });
});

// ---- strided copies: transpose, permute, expand, slice -----------------------------------------
function refPermute(x, dims) {
  const shape = dims.map((k) => x.shape[k]);
  const st = stridesOf(x.shape);
  const out = [];
  forEachIndex(shape, (idx) => {
    let o = 0;
    idx.forEach((v, i) => (o += v * st[dims[i]]));
    out.push(x.data[o]);
  });
  return { shape, data: out };
}

describe('kernels: strided copies (transpose, permute, expand, slice)', () => {
  it('transpose of matrices at every size pair, and of batches', () => {
    d.tidy(() => {
      for (const n of SIZES) {
        for (const m of [1, 3, 4, 17]) {
          const x = values([n, m], n + m);
          const r = refPermute(x, [1, 0]);
          const got = toTensor(x).transpose();
          expect(got.shape).to.deep.equal(r.shape);
          expectExact(got.toFloat32Array(), r.data, `transpose [${n},${m}]`);
          const b = values([2, n, m], n * m + 1);
          expectExact(toTensor(b).transpose(1, 2).toFloat32Array(), refPermute(b, [0, 2, 1]).data, `batch transpose [2,${n},${m}]`);
          expectExact(toTensor(b).transpose(0, -1).toFloat32Array(), refPermute(b, [2, 1, 0]).data, `transpose(0,-1) [2,${n},${m}]`);
        }
      }
    });
  });

  it('every permutation of 3-D and some of 4-D tensors', () => {
    const perms3 = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
    d.tidy(() => {
      for (const n of [1, 3, 5, 17]) {
        const x = values([2, n, 3], n);
        for (const p of perms3) expectExact(toTensor(x).permute(p).toFloat32Array(), refPermute(x, p).data, `permute ${p} n=${n}`);
        const y = values([2, 3, n, 4], n + 1);
        for (const p of [[3, 2, 1, 0], [0, 2, 3, 1], [1, 3, 0, 2]]) {
          const got = toTensor(y).permute(p);
          const r = refPermute(y, p);
          expect(got.shape).to.deep.equal(r.shape);
          expectExact(got.toFloat32Array(), r.data, `permute ${p} [2,3,${n},4]`);
        }
      }
    });
  });

  it('expand broadcasts size-1 and missing dimensions', () => {
    d.tidy(() => {
      for (const n of SIZES) {
        for (const [from, to] of [[[1], [n]], [[n], [3, n]], [[n, 1], [n, 4]], [[1, n, 1], [2, n, 3]], [[], [2, n]], [[n], [n]]]) {
          const x = values(from, n + from.length);
          const r = refBroadcast((v) => v, x);
          const want = refBroadcast((v) => v, x, { shape: to, data: new Float64Array(sizeOf(to)) });
          const got = toTensor(x).expand(to);
          expect(got.shape).to.deep.equal(to);
          expectExact(got.toFloat32Array(), want.data.length === r.data.length ? r.data : refBroadcast((v, _z) => v, x, { shape: to, data: new Float64Array(sizeOf(to)) }).data, `expand [${from}] to [${to}]`);
        }
      }
    });
  });

  it('expand keeps a dimension given as -1 (as torch), only for existing dimensions', () => {
    d.tidy(() => {
      const t = d.tensor([[1], [2]]);
      expect(t.expand([2, -1, 3]).toArray()).to.deep.equal([[[1, 1, 1], [2, 2, 2]], [[1, 1, 1], [2, 2, 2]]]);
      expect(t.expand([-1, 2]).toArray()).to.deep.equal([[1, 1], [2, 2]]);
      expect(() => t.expand([-1, 2, 2])).to.throw(RangeError, /-1/);
    });
  });

  it('slice with ranges, negative indices, steps, numbers and null, and tf-style begin/size', () => {
    d.tidy(() => {
      for (const n of SIZES.filter((s) => s > 0)) {
        const x = values([3, n, 4], n);
        const t = toTensor(x);
        const specs = [
          [[[1, 3], [0, n], [1, 3]], [[1, 3, 1], [0, n, 1], [1, 3, 1]]],
          [[null, [-Math.min(n, 2), n], 2], [[0, 3, 1], [n - Math.min(n, 2), n, 1], [2, 3, 1]]],
          [[[0, 3, 2], [0, n, 3], [3, 4]], [[0, 3, 2], [0, n, 3], [3, 4, 1]]],
          [[[1, 1]], [[1, 1, 1], [0, n, 1], [0, 4, 1]]],
        ];
        for (const [spec, ranges] of specs) {
          const shape = ranges.map(([a, b, s]) => Math.max(0, Math.ceil((b - a) / s)));
          const st = stridesOf(x.shape);
          const expected = [];
          forEachIndex(shape, (idx) => {
            let o = 0;
            idx.forEach((v, i) => (o += (ranges[i][0] + v * ranges[i][2]) * st[i]));
            expected.push(x.data[o]);
          });
          const got = t.slice(spec);
          expect(got.shape, JSON.stringify(spec)).to.deep.equal(shape);
          expectExact(got.toFloat32Array(), expected, `slice ${JSON.stringify(spec)} n=${n}`);
        }
        // tf.slice form: begin and size (-1 = to the end)
        const got = t.slice([1, 0, 1], [2, -1, 2]);
        expect(got.shape).to.deep.equal([2, n, 2]);
        expectExact(got.toFloat32Array(), refPermute(x, [0, 1, 2]).data.filter((_, i) => {
          const a = Math.floor(i / (n * 4));
          const c = i % 4;
          return a >= 1 && c >= 1 && c < 3;
        }), `tf slice n=${n}`);
      }
      expect(() => d.arange(5).slice([[0, 5, 0]])).to.throw(RangeError, /step/);
      expect(() => d.arange(5).slice([[0, 5, -1]])).to.throw(RangeError, /step/);
    });
  });
});

// ---- joins and indexing ----------------------------------------------------------------------
describe('kernels: concat, stack, gather, indexSelect', () => {
  it('concat along every axis, with empty pieces', () => {
    d.tidy(() => {
      for (const n of SIZES) {
        for (let axis = 0; axis < 3; axis++) {
          const shapes = [[2, n, 3], [2, n, 3], [2, n, 3]].map((s, k) => s.map((v, i) => (i === axis ? [1, 0, 3][k] + (i === 1 ? n : 0) : v)));
          const parts = shapes.map((s, k) => values(s, 10 * k + n + axis));
          const out = d.concat(parts.map(toTensor), axis);
          const shape = shapes[0].slice();
          shape[axis] = shapes.reduce((s, p) => s + p[axis], 0);
          expect(out.shape).to.deep.equal(shape);
          const expected = [];
          forEachIndex(shape, (idx) => {
            let k = 0;
            let at = idx[axis];
            while (at >= shapes[k][axis]) at -= shapes[k++][axis];
            const local = idx.slice();
            local[axis] = at;
            expected.push(parts[k].data[readAt(shapes[k], local)]);
          });
          expectExact(out.toFloat32Array(), expected, `concat axis ${axis} n=${n}`);
        }
      }
    });
  });

  it('stack along every axis (negative too)', () => {
    d.tidy(() => {
      for (const n of SIZES) {
        const parts = [0, 1, 2].map((k) => values([n, 2], k * 5 + n));
        for (let axis = -3; axis < 3; axis++) {
          const a = axis < 0 ? axis + 3 : axis;
          const out = d.stack(parts.map(toTensor), axis);
          const shape = [n, 2];
          shape.splice(a, 0, 3);
          expect(out.shape).to.deep.equal(shape);
          const expected = [];
          forEachIndex(shape, (idx) => {
            const local = idx.slice();
            const [k] = local.splice(a, 1);
            expected.push(parts[k].data[readAt([n, 2], local)]);
          });
          expectExact(out.toFloat32Array(), expected, `stack axis ${axis} n=${n}`);
        }
      }
    });
  });

  it('indexSelect along every axis with repeats and negative indices', () => {
    d.tidy(() => {
      for (const n of SIZES.filter((s) => s > 0)) {
        const x = values([3, n, 4], n + 2);
        for (let axis = 0; axis < 3; axis++) {
          const len = x.shape[axis];
          const idx = [len - 1, 0, len - 1, Math.floor(len / 2), -1];
          const got = toTensor(x).indexSelect(axis, idx);
          const shape = x.shape.slice();
          shape[axis] = idx.length;
          expect(got.shape).to.deep.equal(shape);
          const expected = [];
          forEachIndex(shape, (i) => {
            const local = i.slice();
            local[axis] = (idx[i[axis]] + len) % len;
            expected.push(x.data[readAt(x.shape, local)]);
          });
          expectExact(got.toFloat32Array(), expected, `indexSelect axis ${axis} n=${n}`);
          expect(toTensor(x).indexSelect(axis, []).shape[axis]).to.equal(0);
        }
      }
    });
  });

  it('gather along every axis (index smaller than the input in other dimensions)', () => {
    d.tidy(() => {
      for (const n of SIZES.filter((s) => s > 0)) {
        const x = values([3, n, 4], n + 3);
        for (let axis = 0; axis < 3; axis++) {
          const idxShape = [2, Math.max(1, n - 1), 3];
          idxShape[axis] = 5;
          const len = x.shape[axis];
          const index = Array.from({ length: sizeOf(idxShape) }, (_, i) => (i * 7 + 3) % len);
          const got = toTensor(x).gather(axis, d.tensor(index, { shape: idxShape }));
          expect(got.shape).to.deep.equal(idxShape);
          const expected = [];
          forEachIndex(idxShape, (i, flat) => {
            const local = i.slice();
            local[axis] = index[flat];
            expected.push(x.data[readAt(x.shape, local)]);
          });
          expectExact(got.toFloat32Array(), expected, `gather axis ${axis} n=${n}`);
        }
      }
      // nested arrays as the index, and a ragged one refused
      const t = d.tensor([[1, 2], [3, 4]]);
      expect(t.gather(1, [[1, 1], [0, 1]]).toArray()).to.deep.equal([[2, 2], [3, 4]]);
      expect(() => t.gather(1, [[1, 1], [0]])).to.throw(RangeError, /ragged/);
      expect(() => d.tensor(3).gather(0, [0])).to.throw(RangeError, /at least one dimension/);
      expect(() => d.tensor(3).indexSelect(0, [0])).to.throw(RangeError, /at least one dimension/);
    });
  });
});

// ---- creation --------------------------------------------------------------------------------
describe('kernels: creation (fill, arange, linspace, eye)', () => {
  it('full/zeros/ones at every size, arange, linspace and eye as torch', () => {
    d.tidy(() => {
      for (const n of SIZES) {
        expectExact(d.full([n], -2.5).toFloat32Array(), new Array(n).fill(-2.5), `full ${n}`);
        expectExact(d.zeros([2, n]).toFloat32Array(), new Array(2 * n).fill(0), `zeros ${n}`);
        expectExact(d.ones([n, 1]).toFloat32Array(), new Array(n).fill(1), `ones ${n}`);
        expectExact(d.arange(n).toFloat32Array(), Array.from({ length: n }, (_, i) => i), `arange ${n}`);
        expectExact(d.eye(n).toFloat32Array(), Array.from({ length: n * n }, (_, i) => +(i % (n + 1) === 0)), `eye ${n}`);
      }
      expect(d.arange(1, 2, 0.25).toArray()).to.deep.equal([1, 1.25, 1.5, 1.75]);
      expect(d.arange(5, 0, -2).toArray()).to.deep.equal([5, 3, 1]);
      // torch.linspace(-1, 1, 5) and (0, 1, 1); torch.linspace(0, 1, 7) in float32
      expect(d.linspace(-1, 1, 5).toArray()).to.deep.equal([-1, -0.5, 0, 0.5, 1]);
      expect(d.linspace(0, 1, 1).toArray()).to.deep.equal([0]);
      expect(d.linspace(0, 1, 0).shape).to.deep.equal([0]);
      expectClose(d.linspace(0, 1, 7).toFloat32Array(), [0, 1 / 6, 2 / 6, 3 / 6, 4 / 6, 5 / 6, 1], { rtol: 1e-7 });
    });
  });

  it('tensor() from nested arrays, typed arrays and numbers, with an optional shape', () => {
    d.tidy(() => {
      // any depth (the walk is iterative), and large arrays
      let deep = [7];
      for (let i = 0; i < 300; i++) deep = [deep];
      const t300 = d.tensor(deep);
      expect(t300.ndim).to.equal(301);
      expect(t300.item()).to.equal(7);
      const rows = Array.from({ length: 300 }, (_, i) => Array.from({ length: 400 }, (_, j) => i - j));
      const big = d.tensor(rows);
      expect(big.shape).to.deep.equal([300, 400]);
      expect(big.sum().item()).to.equal(rows.flat().reduce((a, b) => a + b, 0));
      expect(d.tensor([[[1, 2]], [[3, 4]]]).toArray()).to.deep.equal([[[1, 2]], [[3, 4]]]);
      expect(d.tensor(2.5).shape).to.deep.equal([]);
      expect(d.tensor([[1, 2, 3], [4, 5, 6]]).shape).to.deep.equal([2, 3]);
      expect(d.tensor([]).shape).to.deep.equal([0]);
      expect(d.tensor([[], []]).shape).to.deep.equal([2, 0]);
      expect(d.tensor(new Float32Array([1, 2, 3, 4]), { shape: [2, 2] }).toArray()).to.deep.equal([[1, 2], [3, 4]]);
      expect(d.tensor(new Float64Array([0.1])).item()).to.equal(f32(0.1));
      expect(d.tensor([1, 2, 3, 4], { shape: [2, 2], requiresGrad: true }).requiresGrad).to.equal(true);
      const src = new Float32Array([1, 2]);
      const t = d.tensor(src);
      src[0] = 9; // a copy
      expect(t.toArray()).to.deep.equal([1, 2]);
      const copy = t.toFloat32Array();
      copy[1] = 7;
      expect(t.toArray()).to.deep.equal([1, 2]);
    });
  });
});
