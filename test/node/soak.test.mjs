// A long run: 20,000 training steps must keep memory flat after warm-up.
import { expect } from 'chai';
import * as d from '../../dist/index.js';

describe('soak: 20,000 training steps', () => {
  it('keeps d.memory() flat after warm-up (tensors, bytes and Wasm memory)', () => {
    const model = new d.nn.Sequential(new d.nn.Linear(8, 16, { seed: 1 }), new d.nn.Tanh(), new d.nn.Linear(16, 4, { seed: 2 }));
    const optimizer = new d.optim.Adam(model.parameters(), { lr: 1e-3 });
    const x = d.randn([32, 8], { seed: 3 });
    const y = Array.from({ length: 32 }, (_, i) => i % 4);
    const samples = [];
    for (let step = 1; step <= 20000; step++) {
      d.tidy(() => {
        optimizer.zeroGrad();
        const loss = d.nn.functional.crossEntropy(model.forward(x), y);
        loss.backward();
        d.nn.utils?.clipGradNorm?.(model.parameters(), 1.0);
        optimizer.step();
      });
      if (step % 1000 === 0) samples.push(d.memory());
    }
    const warm = samples[0];
    for (const [i, m] of samples.entries()) {
      expect(m.tensors, `live tensors at step ${(i + 1) * 1000}`).to.equal(warm.tensors);
      expect(m.bytes, `bytes at step ${(i + 1) * 1000}`).to.equal(warm.bytes);
      expect(m.wasmBytes, `Wasm memory at step ${(i + 1) * 1000}`).to.equal(warm.wasmBytes);
    }
    for (const p of model.parameters()) p.dispose();
    optimizer.dispose?.();
    x.dispose();
  });
});
