// Property-based tests (fast-check): broadcasting against a float64-then-rounded reference,
// shape round trips, and gradients on random shapes.
import { expect } from 'chai';
import fc from 'fast-check';
import * as d from '../../dist/index.js';

const RUNS = 60;

/** Two broadcast-compatible shapes (each dim equal, or one of them 1, or missing on the left). */
const broadcastPair = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.constantFrom('same', 'a1', 'b1')), { minLength: 0, maxLength: 4 })
  .chain((dims) =>
    fc.tuple(fc.constant(dims), fc.integer({ min: 0, max: dims.length }), fc.integer({ min: 0, max: dims.length })),
  )
  .map(([dims, dropA, dropB]) => {
    const a = dims.map(([n, kind]) => (kind === 'a1' ? 1 : n));
    const b = dims.map(([n, kind]) => (kind === 'b1' ? 1 : n));
    return [a.slice(Math.min(dropA, a.length)), b.slice(Math.min(dropB, b.length))];
  });

function broadcastShape(a, b) {
  const n = Math.max(a.length, b.length);
  return Array.from({ length: n }, (_, i) => {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    return Math.max(x, y);
  });
}

/** The flat index into `shape` that a multi-index of `out` reads under broadcasting. */
function sourceIndex(outIndex, shape) {
  const offset = outIndex.length - shape.length;
  let flat = 0;
  for (let k = 0; k < shape.length; k++) flat = flat * shape[k] + (shape[k] === 1 ? 0 : outIndex[offset + k]);
  return flat;
}

function* multiIndices(shape) {
  const size = shape.reduce((p, q) => p * q, 1);
  for (let f = 0; f < size; f++) {
    const idx = new Array(shape.length);
    let rem = f;
    for (let k = shape.length - 1; k >= 0; k--) {
      idx[k] = rem % shape[k];
      rem = Math.floor(rem / shape[k]);
    }
    yield idx;
  }
}

function values(n, seed) {
  return Float32Array.from({ length: n }, (_, i) => Math.fround(((i * 7919 + seed * 104729) % 2001) / 250 - 4 + 0.125));
}

const OPS = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  maximum: (x, y) => Math.max(x, y),
  minimum: (x, y) => Math.min(x, y),
};

describe('properties (fast-check)', () => {
  it('binary ops broadcast exactly like a float64 reference rounded to float32', () => {
    fc.assert(
      fc.property(broadcastPair, fc.constantFrom(...Object.keys(OPS)), fc.integer({ min: 0, max: 1000 }), ([sa, sb], op, seed) => {
        const size = (s) => s.reduce((p, q) => p * q, 1);
        const av = values(size(sa), seed);
        const bv = values(size(sb), seed + 1);
        const out = d.tidy(() => d[op](d.tensor(av, { shape: sa }), d.tensor(bv, { shape: sb })).toFloat32Array());
        const shape = broadcastShape(sa, sb);
        const want = [];
        for (const idx of multiIndices(shape)) want.push(Math.fround(OPS[op](av[sourceIndex(idx, sa)], bv[sourceIndex(idx, sb)])));
        expect(Array.from(out)).to.deep.equal(want);
      }),
      { numRuns: RUNS },
    );
  });

  it('permute followed by the inverse permutation is the identity', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }).chain((shape) =>
          fc.tuple(fc.constant(shape), fc.shuffledSubarray(shape.map((_, i) => i), { minLength: shape.length, maxLength: shape.length })),
        ),
        ([shape, perm]) => {
          const n = shape.reduce((p, q) => p * q, 1);
          const data = values(n, 3);
          const inverse = [];
          perm.forEach((p, i) => (inverse[p] = i));
          const back = d.tidy(() => d.tensor(data, { shape }).permute(perm).permute(inverse));
          expect(back.shape).to.deep.equal(shape);
          expect(Array.from(back.toFloat32Array())).to.deep.equal(Array.from(data));
          back.dispose();
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('reshape to any factorisation and back keeps the data; transpose twice is the identity', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }), (factors) => {
        const n = factors.reduce((p, q) => p * q, 1);
        const data = values(n, 5);
        const out = d.tidy(() => {
          const x = d.tensor(data);
          const y = x.reshape(factors);
          const z = y.ndim >= 2 ? y.transpose().transpose() : y;
          return z.reshape([-1]).toFloat32Array();
        });
        expect(Array.from(out)).to.deep.equal(Array.from(data));
      }),
      { numRuns: RUNS },
    );
  });

  it('gradients of sum(a·b + a) under broadcasting reduce to each input shape', () => {
    fc.assert(
      fc.property(broadcastPair, ([sa, sb]) => {
        const size = (s) => s.reduce((p, q) => p * q, 1);
        const av = values(size(sa), 11);
        const bv = values(size(sb), 12);
        const a = d.tensor(av, { shape: sa, requiresGrad: true });
        const b = d.tensor(bv, { shape: sb, requiresGrad: true });
        d.tidy(() => a.mul(b).add(a).sum().backward());
        // Reference: dL/da[i] = Σ over broadcast positions of (b + 1); dL/db[j] = Σ of a.
        const shape = broadcastShape(sa, sb);
        const ga = new Float64Array(size(sa));
        const gb = new Float64Array(size(sb));
        for (const idx of multiIndices(shape)) {
          const i = sourceIndex(idx, sa);
          const j = sourceIndex(idx, sb);
          ga[i] += bv[j] + 1;
          gb[j] += av[i];
        }
        expect(a.grad.shape).to.deep.equal(sa);
        expect(b.grad.shape).to.deep.equal(sb);
        const close = (got, want) => got.every((g, k) => Math.abs(g - want[k]) <= 1e-4 * (1 + Math.abs(want[k])));
        expect(close(Array.from(a.grad.toFloat32Array()), ga), `grad a ${JSON.stringify(sa)}`).to.equal(true);
        expect(close(Array.from(b.grad.toFloat32Array()), gb), `grad b ${JSON.stringify(sb)}`).to.equal(true);
        a.dispose();
        b.dispose();
      }),
      { numRuns: RUNS },
    );
  });
});
