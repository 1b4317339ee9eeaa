// A pooled product packs B once and its row bands share that packing (src/backend/linalg.ts:
// a matmulPackB job by bands of columns, then the row bands over it) when the packed B takes
// 64 KB to 8 MB; below or above, each band packs its own as one thread does. Either way every
// element is the same sum in the same order, so the bits must equal one thread's: checked here
// on the shapes where the shared packing has edges (a partial last panel, several depth blocks,
// more columns than one packed block of NC = 1024, every variant, the fused linear layer with
// and without bias and ReLU) and on the fallbacks, with the job count telling which path ran.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import { poolActivity } from '../../dist/backend/threads.js';

const t = (shape, seed) => d.randn(shape, { seed });

// [name, jobs at 2 threads (2: pack + row bands, 1: each band packs), () => result tensor]
const CASES = [
  ['A·B, 203 columns (a partial panel), depth 300 (two blocks)', 2, () => d.matmul(t([70, 300], 1), t([300, 203], 2))],
  ['Aᵀ·B, 1100 columns (two packed blocks of 1024)', 2, () => d.matmulTransposedA(t([40, 100], 3), t([40, 1100], 4))],
  ['A·Bᵀ, 129 columns, depth 517', 2, () => d.matmulTransposedB(t([61, 517], 5), t([129, 517], 6))],
  ['A·B, 600 rows (8 row bands)', 2, () => d.matmul(t([600, 100], 16), t([100, 203], 17))],
  ['A·Bᵀ, 1100 rows (16 row bands)', 2, () => d.matmulTransposedB(t([1100, 40], 18), t([512, 40], 19))],
  ['linear + bias + ReLU, 784 → 256 on 128 rows (the MLP layer)', 2, () => d.nn.functional.linearRelu(t([128, 784], 7), t([256, 784], 8), d.randn([256], { seed: 9 }))],
  ['linear without bias, 300 → 77', 2, () => d.nn.functional.linear(t([100, 300], 10), t([77, 300], 11))],
  ['fallback: B of 48 KB (each band packs or reads it in place)', 1, () => d.matmul(t([400, 96], 12), t([96, 128], 13))],
  ['fallback: B of 9 MB (each band packs its blocks)', 1, () => d.matmul(t([10, 1500], 14), t([1500, 1500], 15))],
];

function runAll() {
  return CASES.map(([, , make]) => {
    const before = poolActivity().jobs;
    const out = d.tidy(() => make().toFloat32Array());
    return { out, jobs: poolActivity().jobs - before };
  });
}

describe('threads: row bands over one shared packing of B', function () {
  this.timeout(60000);

  it('give the bits of one thread on every variant, edge and fallback, at 2 and 3 threads', async () => {
    const one = runAll();
    try {
      for (const threads of [2, 3]) {
        expect(await d.setNumThreads(threads)).to.equal(threads);
        const pooled = runAll();
        CASES.forEach(([name, jobs], i) => {
          expect(pooled[i].jobs, `${name}: jobs at ${threads} threads`).to.equal(jobs);
          expect(pooled[i].out, `${name} at ${threads} threads`).to.deep.equal(one[i].out);
        });
      }
    } finally {
      expect(await d.setNumThreads(1)).to.equal(1);
    }
  });
});
