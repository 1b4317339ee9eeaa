// d.setNumThreads / d.numThreads in Node (worker_threads over one shared WebAssembly.Memory):
// results are bit-for-bit the same at every thread count (test/runtimes/thread-identity.mjs,
// which the other runtimes run too: test/node/threads-runtimes.test.mjs), tensors made before
// the pool started keep their values when the heap moves to shared memory, and bad counts are
// refused.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import { threadIdentity } from '../runtimes/thread-identity.mjs';
import { poolActivity } from '../../dist/backend/threads.js';

describe('threads (Node)', function () {
  this.timeout(120000);

  it('runs on one thread until asked', () => {
    expect(d.numThreads()).to.equal(1);
  });

  it('refuses a thread count that is not an integer from 1 to 256, naming the call', async () => {
    for (const bad of [0, -1, 1.5, NaN, '2', 257, undefined]) {
      let error = null;
      try {
        await d.setNumThreads(bad);
      } catch (e) {
        error = e;
      }
      expect(error, String(bad)).to.be.instanceOf(RangeError);
      expect(error.message).to.match(/^setNumThreads: n must be an integer from 1 to 256/);
    }
    expect(d.numThreads()).to.equal(1);
  });

  it('keeps every tensor made before the pool started, and d.memory() unchanged, when the heap becomes shared', async () => {
    const values = Float32Array.from({ length: 1000 }, (_, i) => Math.fround(Math.sin(i) * 3));
    const t = d.tensor(values, { shape: [10, 100] });
    // A product big enough for the pool, on the default (unshared) kernels first.
    const a = d.randn([64, 200], { seed: 1 });
    const b = d.randn([200, 120], { seed: 2 });
    const product = d.matmul(a, b);
    const unshared = product.toFloat32Array();
    product.dispose();
    const before = d.memory();
    try {
      expect(await d.setNumThreads(2)).to.equal(2);
      expect(d.numThreads()).to.equal(2);
      expect(t.toFloat32Array()).to.deep.equal(values);
      expect(d.memory().tensors).to.equal(before.tensors);
      expect(d.memory().bytes).to.equal(before.bytes);
      const doubled = t.mul(2);
      expect(doubled.toFloat32Array()).to.deep.equal(values.map((v) => Math.fround(v * 2)));
      doubled.dispose();
      const pooled = d.matmul(a, b);
      expect(pooled.toFloat32Array()).to.deep.equal(unshared);
      pooled.dispose();
    } finally {
      for (const x of [t, a, b]) x.dispose();
      expect(await d.setNumThreads(1)).to.equal(1);
    }
    expect(d.numThreads()).to.equal(1);
  });

  it('gives the same bits at 1, 2 and 3 threads: matmul (all variants, batched), elementwise and backward, an MLP step with Adam, an LSTM backward, a large Adam update, a transformer layer step, a whole fit', async () => {
    let activity = null;
    const { threads, hashes } = await threadIdentity(d, [1, 2, 3, 1], () => { activity = poolActivity(); });
    expect(threads).to.deep.equal([1, 2, 3, 1]);
    for (const [name, row] of Object.entries(hashes)) expect(new Set(row).size, `${name}: ${row.join(' ')}`).to.equal(1);
    expect(d.numThreads()).to.equal(1);
    // The pool did split these cases, and the workers took bands (not only the caller).
    expect(activity.jobs).to.be.greaterThan(20);
    expect(activity.workerBands).to.be.greaterThan(0);
  });
});
