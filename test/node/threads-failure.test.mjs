// A kernel that traps inside a pooled job must reach the caller as an error naming the kernel
// (it used to end the worker's loop and leave the caller waiting for its band forever: a hang,
// which here is a mocha timeout), and the pool must stay usable afterwards: same bits as one
// thread, workers still taking bands.
//
// The trap comes through the backend's internal seam (a Block is anything with ptr and size):
// a 512×512 product whose A starts so close to the end of the memory that the first row band
// is in bounds and the other three run off the end, so a worker, which takes bands while the
// caller computes the first, is the one to trap most of the time.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import { matmul } from '../../dist/backend/linalg.js';
import { alloc, free, kernelMemory, viewF32 } from '../../dist/backend/memory.js';
import { MATMUL_AB } from '../../dist/generated/opcodes.js';
import { poolActivity } from '../../dist/backend/threads.js';

const N = 512;
const DIMS = { m: N, k: N, n: N, batch: 1, aStride: 0, bStride: 0 };

/** A product of two fixed seeded matrices through the same seam, at the current thread count. */
function product(a, b, out) {
  matmul(MATMUL_AB, a, b, out, DIMS, false);
  return Float32Array.from(viewF32(out.ptr, N * N));
}

describe('threads: a kernel that traps in a pooled job', function () {
  this.timeout(60000);

  it('throws an error naming the kernel, at 2 and 3 threads, and the pool keeps working with the same bits', async () => {
    const bytes = 4 * N * N;
    const a = { ptr: alloc(bytes), size: N * N };
    const b = { ptr: alloc(bytes), size: N * N };
    const out = { ptr: alloc(bytes), size: N * N };
    const sa = d.randn([N, N], { seed: 1 });
    const sb = d.randn([N, N], { seed: 2 });
    viewF32(a.ptr, N * N).set(sa.toFloat32Array());
    viewF32(b.ptr, N * N).set(sb.toFloat32Array());
    sa.dispose();
    sb.dispose();
    const one = product(a, b, out);
    const places = [];
    try {
      for (const threads of [2, 3]) {
        expect(await d.setNumThreads(threads)).to.equal(threads);
        // A good job first (the pool's per-thread scratch may grow the memory), then A's first
        // band (rows 0–129) ends exactly at the end of the memory.
        expect(product(a, b, out)).to.deep.equal(one);
        const end = kernelMemory().buffer.byteLength;
        const bad = { ptr: end - 130 * N * 4, size: N * N };
        for (let round = 0; round < 20; round++) {
          let error = null;
          try {
            matmul(MATMUL_AB, bad, b, out, DIMS, false);
          } catch (e) {
            error = e;
          }
          expect(error, `round ${round} at ${threads} threads`).to.be.instanceOf(WebAssembly.RuntimeError);
          expect(error.message).to.match(/^descent: kernel matmulRows(AB|PackedB) failed in band \d+ of \d+ \(on (the caller's thread|worker thread [12])\): memory access out of bounds/);
          places.push(/worker/.test(error.message) ? 'worker' : 'caller');
          // The pool still runs whole jobs, the workers still take bands, and the bits are one thread's.
          const before = poolActivity();
          expect(product(a, b, out)).to.deep.equal(one);
          const after = poolActivity();
          expect(after.jobs).to.be.greaterThan(before.jobs);
        }
        const start = poolActivity().workerBands;
        for (let i = 0; i < 20 && poolActivity().workerBands === start; i++) expect(product(a, b, out)).to.deep.equal(one);
        expect(poolActivity().workerBands, 'the workers take bands after the failures').to.be.greaterThan(start);
      }
    } finally {
      expect(await d.setNumThreads(1)).to.equal(1);
      for (const x of [a, b, out]) free(x.ptr);
    }
    // Which thread hit the trap depends on timing; a worker did in at least one of 40 rounds.
    expect(places, places.join(' ')).to.include('worker');
  });
});
