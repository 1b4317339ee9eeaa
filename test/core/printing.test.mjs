// Tensors print as torch 1.13 prints them (test/fixtures/printing.mjs, written by
// tools/reference/printing.py): String(t), t.toString() and Node's inspect.
import { expect } from 'chai';
import * as d from '../../dist/index.js';
import torch from '../fixtures/printing.mjs';

describe('printing tensors as torch', () => {
  torch.cases.forEach((c, i) => {
    it(`case ${i}: shape [${c.shape}]`, () => {
      const t = d.tensor(c.values.length === 0 ? new Float32Array(0) : c.values, { shape: c.shape });
      expect(String(t)).to.equal(c.repr);
      expect(t.toString()).to.equal(c.repr);
    });
  });

  it('requiresGrad=true on a leaf, gradFn on a computed tensor; a disposed tensor says so', () => {
    const w = d.tensor([1, 2], { requiresGrad: true });
    expect(String(w)).to.equal('tensor([1., 2.], requiresGrad=true)');
    expect(String(w.mul(2))).to.equal('tensor([2., 4.], gradFn=<mul>)');
    const t = d.ones([2]);
    t.dispose();
    expect(String(t)).to.equal('tensor(<disposed>, shape=[2])');
  });

  it("Node's util.inspect (console.log) prints the values", async () => {
    if (typeof process === 'undefined' || !process.versions?.node) return;
    const { inspect } = await import('node:util');
    expect(inspect(d.tensor([0.5]))).to.equal('tensor([0.5000])');
  });
});
